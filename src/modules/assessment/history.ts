// Generated assessment history, written straight into SQL (orders, events, assignments, facts) in batches:
// months of closed orders so that rankings mean something on a demo's first start, and the bench's data.
// The events are complete enough that `rebuildFacts` gives the same facts back.
import type { Db } from '../../db';
import { computeDeadlines, type TierPolicy, type WorkCalendar } from '../sla';
import { refreshCounts } from './counts';
import { monthBounds, monthOf } from './month';

export interface HistoryOptions {
  /** the months to fill, e.g. ['2026-01', '2026-02'] */
  months: string[];
  /** orders in all, spread over the months and units */
  orders: number;
  /** assessed units to spread orders over */
  unitIds: number[];
  tz: string;
  policy: TierPolicy;
  calendar: WorkCalendar;
  /** no generated instant is at or after this (the clock's now) */
  notAfter: Date;
  batch?: number;
  /** which months get full event logs (default all); the bench writes them only for the month it rebuilds */
  eventsFor?: (month: string) => boolean;
  /** leaf categories to spread orders over (default none: orders without a category) */
  categoryIds?: number[];
}

const TITLES = ['路灯不亮', '小区垃圾清运不及时', '道路坑洼积水', '夜间施工噪音', '占道经营', '楼道堆放杂物', '违规停车', '供水水压不足'];

/** A deterministic hash of (i, salt) → [0, 1): the same history for the same options. */
function h(i: number, salt: number): number {
  let x = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  return (x >>> 0) / 4294967296;
}

export async function generateHistory(db: Db, o: HistoryOptions): Promise<{ orders: number }> {
  const batch = o.batch ?? 5000;
  const bounds = o.months.map((m) => monthBounds(m, o.tz));
  const seqByDay = new Map<string, number>();
  const dueCache = new Map<number, Date>();
  let done = 0;
  for (let from = 0; from < o.orders; from += batch) {
    const n = Math.min(batch, o.orders - from);
    const ord: unknown[][] = Array.from({ length: 13 }, () => []);
    const plans: { number: string; unitId: number; events: [string, Date, object][]; fact: unknown[]; exempt: boolean; withEvents: boolean }[] = [];
    for (let k = 0; k < n; k++) {
      const i = from + k;
      const unitIdx = Math.floor(h(i, 1) * o.unitIds.length);
      const unitId = o.unitIds[unitIdx];
      // Each unit has its own quality, drifting from month to month, so ranks and changes move.
      const mi = i % o.months.length;
      const q = (h(unitIdx, 2) * 0.6 + h(unitIdx * 31 + mi, 3) * 0.4);
      const b = bounds[mi];
      // Office hours on a half-hour grid: few distinct dispatch instants, so their deadlines are computed once.
      const days = Math.floor((Math.min(b.end.getTime(), o.notAfter.getTime()) - b.start.getTime()) / 86_400_000) - 5;
      if (days <= 0) continue;
      const created = new Date(b.start.getTime() + Math.floor(h(i, 4) * days) * 86_400_000 + (16 + Math.floor(h(i, 10) * 18)) * 1800_000);
      const dispatched = new Date(created.getTime() + 30 * 60_000);
      let due = dueCache.get(dispatched.getTime());
      if (!due) dueCache.set(dispatched.getTime(), (due = computeDeadlines(dispatched, o.policy, o.tz, o.calendar).contactDueAt));
      const late = h(i, 5) < 0.25 - q * 0.2;
      const contacted = late ? new Date(due.getTime() + 3600_000) : new Date(dispatched.getTime() + 90 * 60_000);
      const replied = new Date(Math.max(contacted.getTime(), dispatched.getTime() + 86_400_000) + 3600_000);
      const ended = new Date(replied.getTime() + 6 * 3600_000);
      const r = h(i, 6);
      const outcome = r < 0.04 ? 'unreachable' : r < 0.07 ? 'refused' : 'done';
      const pick = (x: number, good: string, mid: string, bad: string) => (x < 0.55 + q * 0.4 ? good : x < 0.85 + q * 0.12 ? mid : bad);
      const resolution = outcome === 'done' ? pick(h(i, 7), 'resolved', 'partly', 'unresolved') : null;
      const satisfaction = outcome === 'done' ? pick(h(i, 8), 'satisfied', 'basically', 'unsatisfied') : null;
      const attitude = outcome === 'done' ? pick(h(i, 12), 'satisfied', 'basically', 'unsatisfied') : null;
      const categoryId = o.categoryIds?.length ? o.categoryIds[Math.floor(h(i, 11) * o.categoryIds.length)] : null;
      const exempt = h(i, 9) < 0.02;
      const key = created.toISOString().slice(0, 10).replaceAll('-', '');
      const seq = (seqByDay.get(key) ?? 800000) + 1;
      seqByDay.set(key, seq);
      const number = `${key}${seq}`;
      const events: [string, Date, object][] = [
        ['registered', created, { channel: 'phone', type: 'complaint' }],
        ['dispatched', dispatched, { mainUnitId: unitId, coUnitIds: [], copyUnitIds: [], categoryId, tier: o.policy.tier, note: null, auto: false }],
        ['signed', dispatched, {}],
        ['contacted', contacted, { note: '已电话联系' }],
        ['replied', replied, { result: '已处理', replyToRequester: '已处理' }],
        ...(outcome === 'done'
          ? [['callback_recorded', ended, { outcome, contacted: true, resolution, satisfaction, attitude, note: '', attempt: 1 }], ['closed', ended, { note: null, reason: 'evaluated' }]] as [string, Date, object][]
          : [['callback_recorded', ended, { outcome, contacted: null, resolution: null, satisfaction: null, note: '', attempt: 1 }], ['closed', ended, { note: null, reason: outcome }]] as [string, Date, object][]),
        ...(exempt ? [['exemption_requested', ended, { reason: 'duplicate', note: '重复诉求', requestId: 0, unitId }], ['exemption_approved', ended, { requestId: 0, unitId, note: null }]] as [string, Date, object][] : []),
      ];
      const cols = [number, TITLES[i % TITLES.length], unitId, dispatched, due, dispatched, contacted, replied, ended, created, o.policy.tier, `1385${String(i % 10_000_000).padStart(7, '0')}`, categoryId];
      cols.forEach((v, c) => ord[c].push(v));
      plans.push({ number, unitId, events, exempt, withEvents: o.eventsFor ? o.eventsFor(monthOf(ended, o.tz)) : true, fact: [unitId, dispatched, due, contacted, ended, monthOf(ended, o.tz), outcome === 'done' ? 'evaluated' : outcome, resolution, satisfaction, exempt ? 'approved' : null, exempt ? 'duplicate' : null, attitude, categoryId] });
    }
    if (!plans.length) continue;
    await db.tx(async (tx) => {
      const { rows } = await tx.query<{ id: number; number: string }>(
        `insert into orders (number, channel, type, title, status, version, main_unit_id, clock_no, clock_started_at, contact_due_at, signed_at, first_contact_at, replied_at, closed_at, created_at, updated_at, tier, requester_name, requester_phone, category_id)
         select x.number, 'phone', 'complaint', x.title, 'closed', 7, x.unit, 1, x.started, x.due, x.signed, x.contacted, x.replied, x.closed, x.created, x.closed, x.tier, '演示市民', x.phone, x.cat
         from unnest($1::text[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::int[], $12::text[], $13::int[])
           as x(number, title, unit, started, due, signed, contacted, replied, closed, created, tier, phone, cat)
         returning id, number`,
        ord,
      );
      const idOf = new Map(rows.map((r) => [r.number, r.id]));
      const ev: unknown[][] = [[], [], [], []];
      const fa: unknown[][] = Array.from({ length: 14 }, () => []);
      const asg: unknown[][] = [[], [], []];
      const ex: unknown[][] = [[], [], []];
      for (const p of plans) {
        const id = idOf.get(p.number)!;
        if (p.withEvents) for (const [type, at, payload] of p.events) ev.forEach((col, c) => col.push([id, type, at, JSON.stringify(payload)][c]));
        [id, ...p.fact].forEach((v, c) => fa[c].push(v));
        [id, p.unitId, p.events[1][1]].forEach((v, c) => asg[c].push(v));
        if (p.exempt) [id, p.unitId, p.events.at(-1)![1]].forEach((v, c) => ex[c].push(v));
      }
      await tx.query(`insert into order_events (order_id, type, at, payload) select * from unnest($1::int[], $2::text[], $3::timestamptz[], $4::jsonb[])`, ev);
      await tx.query(`insert into order_assignments (order_id, unit_id, role, active, assigned_at) select o, u, 'main', true, a from unnest($1::int[], $2::int[], $3::timestamptz[]) as x(o, u, a)`, asg);
      await tx.query(
        `insert into order_requests (order_id, kind, status, unit_id, reason, payload, requested_at, decided_at) select o, 'exemption', 'approved', u, 'duplicate', '{"note":"重复诉求"}', a, a from unnest($1::int[], $2::int[], $3::timestamptz[]) as x(o, u, a)`,
        ex,
      );
      await tx.query(
        `insert into assessment_facts (order_id, stint, unit_id, started_at, contact_due_at, first_contact_at, ended, ended_at, month, evaluation, resolution, satisfaction, exemption, exemption_reason, attitude, category_id)
         select o, 1, u, s, d, c, 'handled', e, m, ev, r, sa, x, xr, at, ca from unnest($1::int[], $2::int[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::int[])
           as t(o, u, s, d, c, e, m, ev, r, sa, x, xr, at, ca)`,
        fa,
      );
    });
    done += plans.length;
  }
  await refreshCounts(db, o.months);
  return { orders: done };
}
