// The typed event union of the order history. Every change appends one of these in the same
// transaction; `newEvent` fills in actor, unit and time so no call site forgets them.
import type { Queryable } from '../db';

export interface EventPayloads {
  registered: { channel: string; type: string };
  answered: { answer: string; kbArticleId: number | null };
  dispatched: { mainUnitId: number; coUnitIds: number[]; copyUnitIds: number[]; categoryId: number | null; tier: number; note: string | null; auto: boolean; confidence?: number; /** 双派: the property company dispatched with the main unit */ propertyUnitId?: number };
  signed: Record<string, never>;
  contacted: { note: string };
  subdispatched: { unitId: number; note: string | null };
  replied: { result: string; replyToRequester: string };
  return_requested: { reason: string; requestId: number };
  return_approved: { note: string | null; fromUnitId: number | null; /** the new owner (首办负责制: set in the same step) */ toUnitId?: number; /** true when the district's fallback unit 兜底单位 was chosen */ fallback?: boolean };
  return_rejected: { note: string };
  extension_requested: { reason: string; extra: { amount: number; unit: string }; requestId: number };
  extension_approved: { note: string | null; oldDueAt: string; newDueAt: string };
  extension_rejected: { note: string };
  callback_recorded: { outcome: string; contacted: boolean | null; resolution: string | null; satisfaction: string | null; attitude?: string | null; note: string; attempt: number };
  reopened: { reason: string; reopenCount: number };
  closed: { note: string | null; reason: 'evaluated' | 'refused' | 'unreachable' | 'manual' };
  merged: { parentId: number; parentNumber: string };
  child_merged: { childId: number; childNumber: string };
  invalidated: { reason: string };
  listed: { reason: string; until: string };
  supervised: { note: string; auto: boolean };
  warned: { deadline: 'sign' | 'contact' | 'resolve'; dueAt: string };
  overdue: { deadline: 'sign' | 'contact' | 'resolve'; dueAt: string };
  phone_revealed: Record<string, never>;
  attachment_added: { attachmentId: string; filename: string; mime: string; size: number };
  category_changed: { from: number | null; to: number | null };
  deadlines_recomputed: { coveredUpTo: number; changes: { deadline: 'sign' | 'contact' | 'resolve'; from: string; to: string; provisional: boolean }[] };
  exemption_requested: { reason: string; note: string; requestId: number; unitId: number };
  exemption_approved: { requestId: number; unitId: number; note: string | null };
  exemption_rejected: { requestId: number; unitId: number; note: string };
  whistle_blown: { whistleId: number; whistlerUnitId: number; unitIds: number[]; reason: string; reportBy: string };
  whistle_reported: { whistleId: number; unitId: number; action: string; onSiteAt: string | null; note: string | null; late: boolean };
  whistle_late: { whistleId: number; unitId: number; reportBy: string };
  whistle_missing: { whistleId: number; unitId: number; reportBy: string };
  whistle_rated: { whistleId: number; ratings: { unitId: number; score: 'satisfied' | 'basically' | 'unsatisfied'; note: string | null }[] };
  whistle_cancelled: { whistleId: number; reason: string };
  petition_linked: { caseNo: string; note: string | null; supervised: boolean };
  mediation_referred: { requestId: number; body: string; reason: string };
  mediation_concluded: { requestId: number; body: string; outcome: 'settled' | 'failed' | 'withdrawn'; note: string };
  external_update: { source: 'city_management'; externalNo: string; kind: 'info' | 'cancelled' | 'closed'; note: string };
  escalation_requested: { escalationId: number; level: 'district' | 'city' | 'regulator'; fromUnitId: number; toUnitId: number; reason: string; answerBy: string };
  escalation_answered: { escalationId: number; decision: 'coordinated' | 'refused'; note: string; unitIds: number[]; late: boolean };
  escalation_overdue: { escalationId: number; toUnitId: number; answerBy: string };
  escalation_cancelled: { escalationId: number; reason: string };
  duty_alerted: { stage: 'duty' | 'leader' | 'centre'; unitId: number; recipients: string[] };
  instruction_given: { instructionId: number; text: string };
  instruction_answered: { instructionId: number; answer: string };
}
export type EventType = keyof EventPayloads;

export interface Actor {
  userId: number | null;
  unitId: number | null;
}
export const SYSTEM_ACTOR: Actor = { userId: null, unitId: null };

export async function appendEvent<T extends EventType>(q: Queryable, orderId: number, type: T, actor: Actor, at: Date, payload: EventPayloads[T]): Promise<void> {
  await q.query('insert into order_events (order_id, type, actor_id, actor_unit_id, at, payload) values ($1, $2, $3, $4, $5, $6)', [
    orderId,
    type,
    actor.userId,
    actor.unitId,
    at,
    JSON.stringify(payload),
  ]);
}
