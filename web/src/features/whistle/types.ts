// Shapes of the whistle API (src/modules/whistle/whistle.routes.ts).
export type WhistleScore = 'satisfied' | 'basically' | 'unsatisfied';

export interface WhistleUnit {
  unitId: number;
  unitName: string;
  unitType: string;
  action: string | null;
  note: string | null;
  onSiteAt: string | null;
  reportedAt: string | null;
  reportedByName: string | null;
  late: boolean;
  missing: boolean;
  rating: WhistleScore | null;
  ratingNote: string | null;
  ratedAt: string | null;
}

export interface Whistle {
  id: number;
  status: 'open' | 'closed' | 'cancelled';
  unitId: number;
  unitName: string;
  reason: string;
  reportBy: string;
  missingAt: string;
  createdAt: string;
  closedAt: string | null;
  units: WhistleUnit[];
}

export interface WhistleTask {
  whistleId: number;
  orderId: number;
  number: string;
  title: string;
  orderStatus: string;
  version: number;
  unitId: number;
  unitName: string;
  whistlerName: string;
  reason: string;
  reportBy: string;
  status: string;
  createdAt: string;
  reportedAt: string | null;
  rating: WhistleScore | null;
  late: boolean;
  missing: boolean;
}
