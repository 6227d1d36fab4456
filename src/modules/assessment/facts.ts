// Assessment facts 考核事实: one row per order and main-unit stint, kept by an effects hook in the
// transaction of every order change (so rankings never scan the event log) and rebuilt from the event
// log by `minhu assessment rebuild`. Both paths run the same `applyEvent`, event by event.
import type { Queryable } from '../../db';
import type { EffectHook } from '../orders/effects';
import { applyCountDeltas } from './counts';
import { monthOf } from './month';

export interface Fact {
  orderId: number;
  stint: number;
  unitId: number;
  startedAt: Date;
  contactDueAt: Date | null;
  firstContactAt: Date | null;
  ended: 'handled' | 'returned' | 'invalid' | 'merged' | null;
  endedAt: Date | null;
  month: string | null;
  evaluation: 'evaluated' | 'unreachable' | 'refused' | 'none' | null;
  resolution: string | null;
  satisfaction: string | null;
  exemption: 'pending' | 'approved' | 'rejected' | null;
  exemptionReason: string | null;
  /** 态度: the requester's rating of the staff's attitude at the callback (not part of the composite) */
  attitude: 'satisfied' | 'basically' | 'unsatisfied' | null;
  /** the category the stint was dispatched with (关键小事 rankings) */
  categoryId: number | null;
  /** a property company's stint 双考: the main-unit stint of the same dispatch it shares (null for a main unit) */
  ofStint: number | null;
}

export interface FactEvent {
  type: string;
  at: Date;
  payload: Record<string, any>;
}

/** Event types that change facts; any other event is skipped without a query. */
export const FACT_EVENTS = new Set([
  'dispatched', 'contacted', 'return_approved', 'callback_recorded', 'reopened', 'closed', 'merged', 'invalidated',
  'exemption_requested', 'exemption_approved', 'exemption_rejected', 'deadlines_recomputed',
]);

function end(f: Fact, at: Date, tz: string) {
  f.ended = 'handled';
  f.endedAt = at;
  f.month = monthOf(at, tz);
}

/**
 * Applies one event of an order to its facts (mutating `facts`). `contactDueAt` is the first-contact
 * deadline of a clock started by this event (a dispatch), null otherwise.
 */
export function applyEvent(facts: Fact[], orderId: number, ev: FactEvent, tz: string, contactDueAt: Date | null): void {
  // The current main-unit stint and, with it, the property company's stint of the same dispatch (双派 → 双考):
  // everything after the dispatch happens to both, so they are assessed on the same handling.
  const cur = facts.findLast((f) => f.ofStint === null);
  const group = cur ? facts.filter((f) => f === cur || f.ofStint === cur.stint) : [];
  const all = (patch: Partial<Fact>) => group.forEach((f) => Object.assign(f, patch));
  const p = ev.payload;
  switch (ev.type) {
    case 'dispatched': {
      for (const f of group) if (f.ended === null) f.ended = 'returned';
      const stint = (n: number, unitId: number, ofStint: number | null): Fact => ({
        orderId, stint: n, unitId, startedAt: ev.at, contactDueAt, firstContactAt: null, ended: null, endedAt: null, month: null,
        evaluation: null, resolution: null, satisfaction: null, exemption: null, exemptionReason: null, attitude: null, categoryId: p.categoryId ?? null, ofStint,
      });
      const main = facts.length + 1;
      facts.push(stint(main, p.mainUnitId, null));
      if (p.propertyUnitId) facts.push(stint(main + 1, p.propertyUnitId, main));
      return;
    }
    case 'merged':
      // Merged children are not assessed (the parent is); a child may carry stints from before a return.
      for (const f of facts) if (f.ended !== 'returned') Object.assign(f, { ended: 'merged', month: null });
      return;
  }
  if (!cur || cur.ended === 'returned' || cur.ended === 'merged' || cur.ended === 'invalid') return;
  switch (ev.type) {
    case 'contacted':
      for (const f of group) f.firstContactAt ??= ev.at;
      return;
    case 'deadlines_recomputed': {
      // A provisional first-contact deadline made official (the year's holidays were entered). Only the deadline
      // this stint holds moves; a rebuild that already counted it on the official calendar keeps its own.
      const c = (p.changes as { deadline: string; from: string; to: string }[]).find((x) => x.deadline === 'contact');
      for (const f of group) if (c && f.contactDueAt && f.contactDueAt.getTime() === new Date(c.from).getTime()) f.contactDueAt = new Date(c.to);
      return;
    }
    case 'return_approved':
      all({ ended: 'returned', endedAt: ev.at, month: null });
      return;
    case 'invalidated':
      all({ ended: 'invalid', endedAt: ev.at, month: null });
      return;
    case 'callback_recorded':
      if (p.outcome !== 'done') return; // unreachable/refused end with the `closed` event that follows
      all({ evaluation: 'evaluated', resolution: p.resolution, satisfaction: p.satisfaction, attitude: p.attitude ?? null });
      for (const f of group) end(f, ev.at, tz);
      return;
    case 'reopened':
      // Handling starts again with the same unit: the order is assessed when it ends again.
      all({ ended: null, endedAt: null, month: null });
      return;
    case 'closed':
      if (p.reason === 'unreachable' || p.reason === 'refused') {
        all({ evaluation: p.reason, resolution: null, satisfaction: null, attitude: null });
        for (const f of group) end(f, ev.at, tz);
      } else if (cur.ended === null) {
        // Closed without a callback since the last reply (or after a reopen): no evaluation.
        for (const f of group) {
          if (f.evaluation === null) f.evaluation = 'none';
          end(f, ev.at, tz);
        }
      }
      return;
    // 免考核 is decided on the order: an exempted order is exempt for the property company of the same dispatch too.
    case 'exemption_requested':
      all({ exemption: 'pending', exemptionReason: p.reason });
      return;
    case 'exemption_approved':
      all({ exemption: 'approved' });
      return;
    case 'exemption_rejected':
      all({ exemption: 'rejected' });
      return;
  }
}

const COLS = `order_id as "orderId", stint, unit_id as "unitId", started_at as "startedAt", contact_due_at as "contactDueAt",
  first_contact_at as "firstContactAt", ended, ended_at as "endedAt", month, evaluation, resolution, satisfaction, exemption,
  exemption_reason as "exemptionReason", attitude, category_id as "categoryId", of_stint as "ofStint"`;

export async function loadFacts(q: Queryable, orderId: number): Promise<Fact[]> {
  return (await q.query<Fact>(`select ${COLS} from assessment_facts where order_id = $1 order by stint`, [orderId])).rows;
}

const FACT_COLUMNS = ['order_id', 'stint', 'unit_id', 'started_at', 'contact_due_at', 'first_contact_at', 'ended', 'ended_at', 'month', 'evaluation', 'resolution', 'satisfaction', 'exemption', 'exemption_reason', 'attitude', 'category_id', 'of_stint'];
const VALUE_COLUMNS = FACT_COLUMNS.slice(2);

const FIELDS: (keyof Fact)[] = ['unitId', 'startedAt', 'contactDueAt', 'firstContactAt', 'ended', 'endedAt', 'month', 'evaluation', 'resolution', 'satisfaction', 'exemption', 'exemptionReason', 'attitude', 'categoryId', 'ofStint'];
const sameValue = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
const sameFact = (a: Fact, b: Fact) => FIELDS.every((k) => sameValue(a[k], b[k]));

/**
 * Makes the facts of `orderIds` exactly `facts` (a rebuild): the orders' facts are read and compared, and only
 * what differs is written — a wrong fact updated, a missing one inserted, one the event log no longer gives
 * deleted. A rebuild usually checks more than it repairs, and writing 5,000 unchanged facts cost ~130 ms a chunk.
 * Returns the months the orders' facts were in before (their counts change too).
 */
export async function replaceFacts(q: Queryable, orderIds: number[], facts: Fact[]): Promise<string[]> {
  // instants as epoch milliseconds, compared as numbers (parsing them into Dates cost more than the query)
  const { rows } = await q.query<Fact & { s: number | null; d: number | null; c: number | null; e: number | null }>(
    `select order_id as "orderId", stint, unit_id as "unitId", ended, month, evaluation, resolution, satisfaction, exemption,
       exemption_reason as "exemptionReason", attitude, category_id as "categoryId", of_stint as "ofStint",
       (extract(epoch from started_at) * 1000)::float8 as s, (extract(epoch from contact_due_at) * 1000)::float8 as d,
       (extract(epoch from first_contact_at) * 1000)::float8 as c, (extract(epoch from ended_at) * 1000)::float8 as e
     from assessment_facts where order_id = any($1::int[])`,
    [orderIds],
  );
  const at = (ms: number | null) => (ms === null ? null : new Date(Math.floor(ms)));
  const old: Fact[] = rows.map(({ s, d, c, e, ...f }) => ({ ...f, startedAt: at(s)!, contactDueAt: at(d), firstContactAt: at(c), endedAt: at(e) }));
  const key = (f: Fact) => `${f.orderId}:${f.stint}`;
  const before = new Map(old.map((f) => [key(f), f]));
  const changed = facts.filter((f) => {
    const o = before.get(key(f));
    return !o || !sameFact(o, f);
  });
  const wanted = new Set(facts.map(key));
  const stale = old.filter((f) => !wanted.has(key(f)));
  if (changed.length) {
    const cols: unknown[][] = Array.from({ length: 17 }, () => []);
    // instants as ISO text: node-postgres formats Date elements one by one in local time, slowly
    const iso = (d: Date | null) => (d === null ? null : d.toISOString());
    for (const f of changed) {
      [f.orderId, f.stint, f.unitId, iso(f.startedAt), iso(f.contactDueAt), iso(f.firstContactAt), f.ended, iso(f.endedAt), f.month, f.evaluation, f.resolution, f.satisfaction, f.exemption, f.exemptionReason, f.attitude, f.categoryId, f.ofStint]
        .forEach((v, i) => cols[i].push(v));
    }
    await q.query(
      `insert into assessment_facts (${FACT_COLUMNS.join(', ')})
       select * from unnest($1::int[], $2::int[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::timestamptz[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::int[], $17::int[])
       on conflict (order_id, stint) do update set ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
      cols,
    );
  }
  if (stale.length) {
    await q.query('delete from assessment_facts f using unnest($1::int[], $2::int[]) as k(o, s) where f.order_id = k.o and f.stint = k.s', [stale.map((f) => f.orderId), stale.map((f) => f.stint)]);
  }
  return [...new Set(old.map((f) => f.month).filter((m): m is string => m !== null))];
}

export async function saveFacts(q: Queryable, facts: Fact[]): Promise<void> {
  for (const f of facts) {
    await q.query(
      `insert into assessment_facts (order_id, stint, unit_id, started_at, contact_due_at, first_contact_at, ended, ended_at, month, evaluation, resolution, satisfaction, exemption, exemption_reason, attitude, category_id, of_stint)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       on conflict (order_id, stint) do update set unit_id = $3, started_at = $4, contact_due_at = $5, first_contact_at = $6, ended = $7, ended_at = $8,
         month = $9, evaluation = $10, resolution = $11, satisfaction = $12, exemption = $13, exemption_reason = $14, attitude = $15, category_id = $16, of_stint = $17`,
      [f.orderId, f.stint, f.unitId, f.startedAt, f.contactDueAt, f.firstContactAt, f.ended, f.endedAt, f.month, f.evaluation, f.resolution, f.satisfaction, f.exemption, f.exemptionReason, f.attitude, f.categoryId, f.ofStint],
    );
  }
}

/** The effects hook: applies the change's events of this order to its facts, in the change's transaction. */
export function factsHook(tz: string): EffectHook {
  return async (q, e) => {
    const evs = e.events.filter((x) => x.orderId === e.order.id && FACT_EVENTS.has(x.type));
    if (!evs.length) return;
    const facts = await loadFacts(q, e.order.id);
    const prev = facts.map((f) => ({ ...f }));
    const before = facts.map((f) => JSON.stringify(f));
    for (const ev of evs) applyEvent(facts, e.order.id, { type: ev.type, at: e.at, payload: ev.payload as Record<string, any> }, tz, ev.type === 'dispatched' ? e.order.contactDueAt : null);
    await saveFacts(q, facts.filter((f, i) => JSON.stringify(f) !== before[i]));
    await applyCountDeltas(q, prev, facts);
  };
}
