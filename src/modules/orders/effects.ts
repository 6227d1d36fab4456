// Work that must commit together with an order change: read models kept beside the write model
// (assessment facts, dashboard rollups) and side effects written to the outbox (SMS, unit alerts).
// Every place that changes an order — registration, a lifecycle action, the deadline sweep, a calendar
// recompute — runs the registered hooks inside its own transaction, after the order row is written,
// so a rolled-back change leaves no fact and no message behind.
import type { Queryable } from '../../db';
import type { Actor, EventPayloads, EventType } from '../../shared/events';
import type { Action } from './lifecycle';
import type { OrderRow } from './orders.repo';

export type EffectCause = Action | 'register' | 'sweep' | 'recompute';

export interface RecordedEvent<T extends EventType = EventType> {
  orderId: number;
  type: T;
  payload: EventPayloads[T];
}

export interface OrderEffect {
  cause: EffectCause;
  /** The order as it was before the change (null at registration). */
  before: OrderRow | null;
  /** The order as written by the change, read inside the same transaction. */
  order: OrderRow;
  /** Every event the change appended, in order (some may belong to another order, e.g. a merge's parent). */
  events: RecordedEvent[];
  actor: Actor;
  at: Date;
}

/** Runs inside the change's transaction; throwing rolls the whole change back. */
export type EffectHook = (q: Queryable, e: OrderEffect) => Promise<void>;

export async function runEffects(hooks: readonly EffectHook[], q: Queryable, e: OrderEffect): Promise<void> {
  for (const h of hooks) await h(q, e);
}
