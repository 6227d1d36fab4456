// Shapes of the 分级协调 API (src/modules/escalation/escalation.routes.ts).
export type EscalationLevel = 'district' | 'city' | 'regulator';
export type EscalationStatus = 'open' | 'coordinated' | 'refused' | 'cancelled';

export interface Escalation {
  id: number;
  orderId: number;
  level: EscalationLevel;
  status: EscalationStatus;
  fromUnitId: number;
  fromUnitName: string;
  toUnitId: number;
  toUnitName: string;
  reason: string;
  answerBy: string;
  requestedAt: string;
  requestedByName: string | null;
  answeredAt: string | null;
  answeredByName: string | null;
  decisionNote: string | null;
  assignedUnitIds: number[];
  overdue: boolean;
}

export interface EscalationTask extends Escalation {
  number: string;
  title: string;
  orderStatus: string;
  version: number;
  tier: number;
}

export interface EscalationStatRow {
  unitId: number;
  unitName: string;
  level: EscalationLevel;
  requested: number;
  open: number;
  coordinated: number;
  refused: number;
  cancelled: number;
  overdue: number;
}
