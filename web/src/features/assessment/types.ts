// Shapes of the assessment API (see docs/API.md § Assessment).
export type UnitTypeA = 'street' | 'town' | 'department' | 'company' | 'property';
export const UNIT_TYPES: UnitTypeA[] = ['street', 'town', 'department', 'company', 'property'];
export interface Weights { a: number; b: number; c: number; wp: number; wb: number; /** weight of the whistle score (departments, companies); absent = 0 */ ww?: number }
export interface RankingItem {
  unitId: number; unitName: string; rank: number | null; assessed: number; exempted: number; evaluated: number;
  responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; composite: number | null;
  /** departments and companies: the whistle 吹哨报到 score 0–1 */
  whistleScore?: number | null;
  change: number | null; category: 'advanced' | 'improved' | 'rectify' | 'governance' | null;
  /** 态度, beside satisfaction (absent from months published before it was recorded) */
  attitudeRate?: number | null;
}
export interface Ranking { month: string; unitType: string; published: boolean; version: number | null; weights: Weights; items: RankingItem[] }
export interface LostOrder { orderId: number; number: string; title: string; endedAt: string | null; resolution: string | null; satisfaction: string | null; exemptionReason: string | null }
export interface Scorecard {
  month: string; published: boolean; version: number | null; weights: Weights;
  unit: { id: number; name: string; type: string; population: number | null; populationIsDemo: boolean };
  current: RankingItem | null;
  trend: { month: string; composite: number | null; assessed: number }[];
  /** the first 50 of each kind, in registration order; the rest page by page (LostPage) */
  lost: Record<LostKind, LostOrder[]>;
  lostTotals: Record<LostKind, number>;
}
export type LostKind = 'lateContact' | 'unresolved' | 'unsatisfied' | 'exempted';
export interface LostPage { month: string; kind: string; total: number; items: LostOrder[]; nextAfter: number | null }
export interface Exemption { requestId: number; orderId: number; number: string; title: string; version: number; unitName: string; reason: string; note: string | null; requestedAt: string }
export interface Interview {
  id: number; month: string; unitId: number; unitName: string; unitType: string; reason: string; heldOn: string; interviewer: string; attendees: string;
  commitments: string; followUpDue: string | null; status: 'open' | 'done'; followUps: { at: string; by: string; note: string; done: boolean }[]; recordedBy: string | null;
}
export interface InterviewCandidate { unitId: number; unitName: string; unitType: string; reasons: ('last_ranked' | 'governance')[]; rank: number | null; composite: number | null; responseRate: number | null }
export interface KeyMatter { id: number; name: string; categoryIds: number[]; active: boolean }
export interface JointItem extends RankingItem {
  own: RankingItem; industry: RankingItem; companies: (RankingItem & { regulatorIsDemo: boolean })[];
}
export const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
export const CATEGORY_COLOR: Record<string, string> = { advanced: 'green', improved: 'blue', rectify: 'red', governance: 'orange' };
