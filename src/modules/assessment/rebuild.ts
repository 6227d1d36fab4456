// Rebuilds assessment facts from the event log: the read model can always be thrown away and recomputed.
import type { Db } from '../../db';
import { computeDeadlines, type TierPolicy, type WorkCalendar } from '../sla';
import type { PoliciesRepo } from '../sla/policies.repo';
import { refreshCounts } from './counts';
import { applyEvent, FACT_EVENTS, replaceFacts, type Fact } from './facts';
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
    let from = 0;
    const nextIds = async (): Promise<number[]> => {
      const ids = monthIds
        ? monthIds.slice(from, (from += CHUNK))
        : (await q.query<{ id: number }>('select id from orders where id > $1 order by id limit $2', [after, CHUNK])).rows.map((r) => r.id);
      if (ids.length) after = ids[ids.length - 1];
      return ids;
    };
    type Ev = { orderId: number; type: string; ms: number; at: Date; payload: Record<string, any> };
    // `at` as epoch milliseconds: parsing timestamptz text into Dates was a large part of this process's time
    const eventsOf = (ids: number[]) => {
      const p = q.query<Ev>(
        'select order_id as "orderId", type, (extract(epoch from at) * 1000)::float8 as ms, payload from order_events where type = any($1::text[]) and order_id = any($2::int[]) order by order_id, id',
        [types, ids],
      );
      // a prefetch still running when the rebuild fails is not awaited: its failure is the same one
      p.catch(() => undefined);
      return p;
    };
    // On server PostgreSQL the database works while this process does: the next chunk's events are asked for,
    // and this chunk's facts written, without waiting, while the process applies the events (the connection
    // runs its queries in the order they were sent, so every write follows the reads before it).
    // PGlite runs in this thread: there is nothing to overlap, and its transaction takes one query at a time.
    const overlap = d.db.kind === 'postgres';
    let ids = await nextIds();
    let pending = ids.length && overlap ? eventsOf(ids) : null;
    let writing: Promise<void> | null = null;
    while (ids.length) {
      const { rows: events } = await (pending ?? eventsOf(ids));
      const following = await nextIds();
      pending = following.length && overlap ? eventsOf(following) : null;
      // `facts` holds the current order's facts (applyEvent works on one order); `batch` collects whole orders.
      const batch: Fact[] = [];
      let facts: Fact[] = [];
      let order = -1;
      for (const ev of events) {
        ev.at = new Date(Math.floor(ev.ms));
        if (ev.orderId !== order) {
          batch.push(...facts);
          facts = [];
          order = ev.orderId;
        }
        applyEvent(facts, ev.orderId, ev, d.tz, dueOf(ev));
      }
      batch.push(...facts);
      await writing;
      // The months whose counts change: those the orders' facts were in, and those they are in after.
      const chunk = ids;
      writing = replaceFacts(q, chunk, batch).then((was) => {
        for (const m of was) touched.add(m);
      });
      writing.catch(() => undefined); // awaited below; a failure fails the rebuild there
      if (!overlap) await writing;
      for (const f of batch) if (f.month) touched.add(f.month);
      orders += month ? chunk.length : new Set(events.map((e) => e.orderId)).size;
      count += batch.length;
      ids = following;
    }
    await writing;
    await refreshCounts(q, month ? [...touched] : null);
    return { orders, facts: count };
  });
}
