// The typed event union of the order history. Every change appends one of these in the same
// transaction; `newEvent` fills in actor, unit and time so no call site forgets them.
import type { Queryable } from '../db';

export interface EventPayloads {
  registered: { channel: string; type: string };
  answered: { answer: string; kbArticleId: number | null };
  dispatched: { mainUnitId: number; coUnitIds: number[]; copyUnitIds: number[]; categoryId: number | null; tier: number; note: string | null; auto: boolean; confidence?: number };
  signed: Record<string, never>;
  contacted: { note: string };
  subdispatched: { unitId: number; note: string | null };
  replied: { result: string; replyToRequester: string };
  return_requested: { reason: string; requestId: number };
  return_approved: { note: string | null; fromUnitId: number | null };
  return_rejected: { note: string };
  extension_requested: { reason: string; extra: { amount: number; unit: string }; requestId: number };
  extension_approved: { note: string | null; oldDueAt: string; newDueAt: string };
  extension_rejected: { note: string };
  callback_recorded: { outcome: string; contacted: boolean | null; resolution: string | null; satisfaction: string | null; note: string; attempt: number };
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
