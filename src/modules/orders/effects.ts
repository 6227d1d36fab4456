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

/** A write a hook needs no answer from (no RETURNING): a row for a read model, a queue or the outbox. */
export interface EffectWrite {
  sql: string;
  params: unknown[];
}

/** What a hook is given: the change, and `write` to add a write to the change's one batched statement. */
export interface EffectContext extends OrderEffect {
  /**
   * Queues a write; after every hook has run, all of the change's writes go to the database as one statement (each a
   * data-modifying CTE), in the same transaction — one round trip for all of them. The writes do not see each other
   * (one snapshot), so no two may touch the same row; a hook that must read what it wrote uses `q` instead.
   */
  write(w: EffectWrite): void;
}

/** Runs inside the change's transaction; throwing rolls the whole change back. */
export type EffectHook = (q: Queryable, e: EffectContext) => Promise<void>;

export async function runEffects(hooks: readonly EffectHook[], q: Queryable, e: OrderEffect): Promise<void> {
  const writes: EffectWrite[] = [];
  const ctx: EffectContext = { ...e, write: (w) => void writes.push(w) };
  for (const h of hooks) await h(q, ctx);
  await flushWrites(q, writes);
}

/** The writes as one statement: each its own CTE, its parameters renumbered after the ones before it. */
export async function flushWrites(q: Queryable, writes: readonly EffectWrite[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await q.query(writes[0].sql, writes[0].params);
    return;
  }
  const params: unknown[] = [];
  const ctes = writes.map((w, i) => {
    const offset = params.length;
    params.push(...w.params);
    return `w${i} as (${w.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + offset}`)})`;
  });
  await q.query(`with ${ctes.join(',\n')} select 1`, params);
}
