// The escalation answer-by check, a job of the one runner (jobs/runner.ts): a request still open past its
// answer-by time is recorded `escalation_overdue` exactly once, safe with several instances — the claim is a
// conditional update of escalations.overdue_at in the transaction of the event, under the order's row lock;
// an answer committed first wins (the update finds the request no longer open).
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent, SYSTEM_ACTOR } from '../../shared/events';
import { runJobOnce, type Job, type JobEntry } from '../../jobs/runner';
import { runEffects, type EffectHook, type RecordedEvent } from '../orders/effects';
import { ORDER_COLS, type OrderRow } from '../orders/orders.repo';
import { claimOverdue } from './escalation.repo';

const BATCH = 200;

interface Due {
  id: number;
  orderId: number;
}

async function recordOne(q: Queryable, d: Due, now: Date, effects: readonly EffectHook[]): Promise<number> {
  await q.query('select 1 from orders where id = $1 for update', [d.orderId]);
  const claimed = await claimOverdue(q, d.id, now);
  if (!claimed) return 0;
  const payload = { escalationId: d.id, toUnitId: claimed.toUnitId, answerBy: claimed.answerBy.toISOString() };
  await appendEvent(q, d.orderId, 'escalation_overdue', SYSTEM_ACTOR, now, payload);
  if (effects.length) {
    const order = (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.id = $1`, [d.orderId])).rows[0];
    const events: RecordedEvent[] = [{ orderId: d.orderId, type: 'escalation_overdue', payload }];
    await runEffects(effects, q, { cause: 'sweep', before: null, order, events, actor: SYSTEM_ACTOR, at: now });
  }
  return 1;
}

/** The job: claims open requests past their answer-by time that are not yet recorded overdue. */
export function escalationJob(db: Db, effects: readonly EffectHook[], counter?: { recorded: number }): Job<Due> {
  return {
    name: 'escalation-overdue',
    async claim(now, limit) {
      const { rows } = await db.query<Due>(
        `select id, order_id as "orderId" from escalations where status = 'open' and overdue_at is null and answer_by < $1 order by answer_by, id limit $2`,
        [now, limit],
      );
      return rows;
    },
    async act(item, now) {
      const n = await db.tx((q) => recordOne(q, item, now, effects));
      if (counter) counter.recorded += n;
    },
  };
}

export function escalationJobEntry(db: Db, effects: readonly EffectHook[], intervalMs: number): JobEntry {
  return { job: escalationJob(db, effects) as Job<unknown>, intervalMs, batch: BATCH };
}

/** One pass until nothing is due (tests, CLI): how many overdue records this caller made. */
export async function runEscalationSweep(db: Db, clock: Clock, effects: readonly EffectHook[] = []): Promise<{ recorded: number }> {
  const counter = { recorded: 0 };
  const job = escalationJob(db, effects, counter);
  for (let i = 0; i < 100; i++) {
    const before = counter.recorded;
    const claimed = await runJobOnce(job, clock, BATCH);
    // A batch of items other callers recorded first would be claimed again: stop when nothing new was recorded.
    if (claimed < BATCH || counter.recorded === before) break;
  }
  return counter;
}
