// Rebuilds assessment facts from the event log: the read model can always be thrown away and recomputed.
import type { Db } from '../../db';
import { computeDeadlines, type TierPolicy, type WorkCalendar } from '../sla';
import type { PoliciesRepo } from '../sla/policies.repo';
import { refreshCounts } from './counts';
import { applyEvent, FACT_EVENTS, insertFacts, type Fact } from './facts';
import { monthBounds } from './month';

export interface RebuildDeps {
  db: Db;
  tz: string;
  policies: PoliciesRepo;
  calendar: () => Promise<WorkCalendar>;
}

/**
 * Recomputes the facts of the orders that could belong to `month` (those assessed there now, and those whose
 * handling ended there by the event log), or of every order when `month` is null. Returns the orders rebuilt.
 */
/** Orders rebuilt per step: bounds the events held in memory (a month of a megacity is ~1,000,000 orders). */
const CHUNK = 5000;

export async function rebuildFacts(d: RebuildDeps, month: string | null): Promise<{ orders: number; facts: number }> {
  const calendar = await d.calendar();
  const policies = new Map<number, TierPolicy>((await d.policies.all()).map((p) => [p.tier, p]));
  const types = [...FACT_EVENTS];
  const dues = new Map<string, Date>();
  /** First-contact deadline of a dispatch: deadline arithmetic is the slow part; many dispatches share instant and tier. */
  const dueOf = (ev: { type: string; at: Date; payload: Record<string, any> }) => {
    const policy = ev.type === 'dispatched' ? policies.get(Number(ev.payload.tier)) : undefined;
    if (!policy) return null;
    const k = `${policy.tier}@${ev.at.getTime()}`;
    let due = dues.get(k);
    if (!due) dues.set(k, (due = computeDeadlines(ev.at, policy, d.tz, calendar).contactDueAt));
    return due;
  };
  return d.db.tx(async (q) => {
    // The orders to rebuild, ascending: those that could belong to the month, or every order.
    let monthIds: number[] | null = null;
    if (month) {
      const { start, end } = monthBounds(month, d.tz);
      const { rows } = await q.query<{ id: number }>(
        `select order_id as id from assessment_facts where month = $1
         union select order_id from order_events where type in ('callback_recorded', 'closed') and at >= $2 and at < $3 order by 1`,
        [month, start, end],
      );
      monthIds = rows.map((r) => r.id);
      if (!monthIds.length) return { orders: 0, facts: 0 };
    }
    const touched = new Set<string>();
    let orders = 0;
    let count = 0;
    let after = 0;
    for (let from = 0; ; from += CHUNK) {
      let ids: number[];
      if (monthIds) ids = monthIds.slice(from, from + CHUNK);
      else ids = (await q.query<{ id: number }>('select id from orders where id > $1 order by id limit $2', [after, CHUNK])).rows.map((r) => r.id);
      if (!ids.length) break;
      after = ids[ids.length - 1];
      // The months whose counts change: those the orders' facts were in, and those they are in after.
      const { rows: was } = await q.query<{ month: string }>('select distinct month from assessment_facts where month is not null and order_id = any($1::int[])', [ids]);
      for (const r of was) touched.add(r.month);
      await q.query('delete from assessment_facts where order_id = any($1::int[])', [ids]);
      const { rows: events } = await q.query<{ orderId: number; type: string; at: Date; payload: Record<string, any> }>(
        'select order_id as "orderId", type, at, payload from order_events where type = any($1::text[]) and order_id = any($2::int[]) order by order_id, id',
        [types, ids],
      );
      // `facts` holds the current order's facts (applyEvent works on one order); `batch` collects whole orders.
      const batch: Fact[] = [];
      let facts: Fact[] = [];
      let order = -1;
      for (const ev of events) {
        if (ev.orderId !== order) {
          batch.push(...facts);
          facts = [];
          order = ev.orderId;
        }
        applyEvent(facts, ev.orderId, ev, d.tz, dueOf(ev));
      }
      batch.push(...facts);
      if (batch.length) await insertFacts(q, batch);
      for (const f of batch) if (f.month) touched.add(f.month);
      orders += month ? ids.length : new Set(events.map((e) => e.orderId)).size;
      count += batch.length;
    }
    await refreshCounts(q, month ? [...touched] : null);
    return { orders, facts: count };
  });
}
