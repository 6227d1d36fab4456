// A megacity's year of orders for the scale bench, generated inside the database (generate_series, one statement
// per chunk): orders spread over the 365 days before `now` with ids rising with time, ~10 % still open (most of
// them from the last 45 days), their events (7 for a closed order), main and co-handling assignments, attachment
// metadata for 1 in 20, and the texts of real messages (`../shared/data`, when present) beside templated ones.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db';
import { CLOCKED_SQL } from '../../src/modules/orders/lifecycle';
import { yellowAtSql } from '../../src/modules/sla/deadlines';
import { ESTATES, PROBLEMS, ROADS } from './orders';

/** Planted in 1 order in 20,000: the bench's rare search word (in no real message of the data folder). */
export const RARE_WORD = '根系顶裂';

export interface ScaleUnits {
  /** units that may be the main handler (streets, towns, departments, companies) */
  mainIds: number[];
  /** which of mainIds are streets or towns (an order's jurisdiction is then its main unit) */
  mainIsArea: boolean[];
  streetIds: number[];
  categoryIds: number[];
  operatorId: number;
}

/** Titles and descriptions: the templated problems at every estate, plus real messages when the data folder has them. */
export function textPool(dataDir: string): { titles: string[]; descriptions: string[]; real: number } {
  const titles: string[] = [];
  const descriptions: string[] = [];
  for (const [problem, desc] of PROBLEMS) for (const estate of ESTATES) {
    titles.push(`${estate}${problem}`);
    descriptions.push(`${estate}${desc}`);
  }
  let real = 0;
  for (const f of ['messages-labeled.jsonl', 'messages-with-replies.jsonl', 'messages-with-votes.jsonl']) {
    const file = path.join(dataDir, f);
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const m = JSON.parse(line) as { title?: string; detail?: string };
      if (!m.title || !m.detail) continue;
      titles.push(m.title.slice(0, 80));
      descriptions.push(m.detail.replace(/\s+/g, ' ').slice(0, 400));
      real++;
    }
  }
  return { titles, descriptions, real };
}

const CHANNELS = ['phone', 'phone', 'phone', 'phone', 'web', 'wechat', 'app', 'qr', 'message_board', 'grid', 'enterprise', 'api', 'open311'];
const TYPES = ['complaint', 'complaint', 'complaint', 'help', 'help', 'consult', 'suggestion', 'report', 'praise', 'other'];
const OPEN_STATES = ['registered', 'dispatched', 'dispatched', 'accepted', 'accepted', 'accepted', 'accepted', 'replied', 'replied', 'return_requested'];

// $1 first i, $2 last i, $3 orders in all, $4 now, $5 main unit ids, $6 main unit is a street/town, $7 street ids,
// $8 category ids, $9 titles, $10 descriptions, $11 roads, $12 estates, $13 channels, $14 types, $15 operator, $16 rare word,
// $17 open states, $18 the id of i = 0 (ids are given, so chunks loaded side by side keep ids rising with time).
// r1…r4 are four independent-looking fractions of i.
const CHUNK_SQL = `
with b as (
  select i,
    $4::timestamptz - ((($3::int - i)::float8 / $3::int) * 365 * 86400 + (i % 600)) * interval '1 second' as created,
    ((i::bigint * 2654435761) % 1000003)::float8 / 1000003 as r1,
    ((i::bigint * 40503 + 17) % 999983)::float8 / 999983 as r2,
    ((i::bigint * 69069 + 5) % 1000033)::float8 / 1000033 as r3,
    ((i::bigint * 1103515245 + 12345) % 999979)::float8 / 999979 as r4
  from generate_series($1::int, $2::int) i
), s as (
  select b.*,
    case when (b.created > $4::timestamptz - interval '45 days' and b.r1 < 0.7) or b.r1 < 0.02
      then ($17::text[])[1 + floor(b.r2 * cardinality($17::text[]))::int] else 'closed' end as st,
    1 + floor(b.r3 * cardinality($5::int[]))::int as u,
    1 + floor(b.r4 * cardinality($9::text[]))::int as t
  from b
), ins as (
  insert into orders (id, number, channel, type, title, description, address, lat, lng, requester_name, requester_phone, confidential,
    category_id, tier, status, version, main_unit_id, jurisdiction_unit_id, clock_no, clock_started_at, sign_due_at, contact_due_at,
    resolve_due_at, callback_due_at, signed_at, first_contact_at, replied_at, closed_at, supervised, created_by, created_at, updated_at)
  select $18::int + s.i, to_char(s.created at time zone 'Asia/Shanghai', 'YYYYMMDD') || lpad(s.i::text, 9, '0'),
    ($13::text[])[1 + s.i % cardinality($13::text[])],
    ($14::text[])[1 + (s.i / 7) % cardinality($14::text[])],
    ($9::text[])[s.t],
    case when s.i % 20000 = 7 then $16::text || '，' else '' end || ($10::text[])[s.t],
    '鼓楼区' || ($11::text[])[1 + s.i % cardinality($11::text[])] || (1 + s.i % 300) || '号' || ($12::text[])[1 + (s.i / 3) % cardinality($12::text[])],
    case when s.r2 < 0.4 then 26.06 + s.r1 * 0.06 end, case when s.r2 < 0.4 then 119.26 + s.r4 * 0.06 end,
    '市民', '13' || lpad(((s.i::bigint * 7919) % 1000000000)::text, 9, '0'), s.r4 < 0.03,
    case when s.st = 'registered' then null else ($8::int[])[1 + (s.i / 3) % cardinality($8::int[])] end,
    3, s.st, 6,
    case when s.st = 'registered' then null else ($5::int[])[s.u] end,
    case when s.st = 'registered' then null when ($6::bool[])[s.u] then ($5::int[])[s.u] else ($7::int[])[1 + s.i % cardinality($7::int[])] end,
    case when s.st = 'registered' then 0 else 1 end,
    case when s.st <> 'registered' then s.created + interval '30 minutes' end,
    case when s.st <> 'registered' then s.created + interval '1 day' end,
    case when s.st <> 'registered' then s.created + interval '1 day' end,
    case when s.st <> 'registered' then s.created + interval '15 days' end,
    case when s.st = 'replied' then s.created + interval '4 days' end,
    case when s.st not in ('registered', 'dispatched') then s.created + interval '1 hour' end,
    case when s.st in ('replied', 'closed', 'return_requested') or (s.st = 'accepted' and s.r1 < 0.5) then s.created + interval '150 minutes' end,
    case when s.st in ('replied', 'closed') then s.created + interval '2 days' end,
    case when s.st = 'closed' then s.created + interval '3 days' end,
    s.r3 < 0.02, $15::int, s.created,
    s.created + case when s.st = 'closed' then interval '3 days' else interval '2 hours' end
  from s
  returning id, status, created_at, main_unit_id, first_contact_at, jurisdiction_unit_id
), ev as (
  insert into order_events (order_id, type, actor_id, at, payload)
  select ins.id, k.type, null, ins.created_at + k.after,
    case k.type
      when 'dispatched' then jsonb_build_object('mainUnitId', ins.main_unit_id, 'coUnitIds', '[]'::jsonb, 'copyUnitIds', '[]'::jsonb, 'categoryId', null, 'tier', 3, 'note', null, 'auto', false)
      when 'attachment_added' then jsonb_build_object('attachmentId', 'bench-' || ins.id, 'filename', '现场照片.jpg', 'mime', 'image/jpeg', 'size', 182044)
      else k.payload end
  from ins join (values
    (1, 'registered', interval '0', '{"channel":"phone","type":"complaint"}'::jsonb),
    (2, 'dispatched', interval '30 minutes', '{}'::jsonb),
    (3, 'signed', interval '1 hour', '{}'::jsonb),
    (4, 'contacted', interval '150 minutes', '{"note":"已电话联系诉求人"}'::jsonb),
    (5, 'replied', interval '2 days', '{"result":"已现场处理","replyToRequester":"已安排人员处理完毕"}'::jsonb),
    (6, 'callback_recorded', interval '3 days', '{"outcome":"done","contacted":true,"resolution":"resolved","satisfaction":"satisfied","attitude":"satisfied","note":"","attempt":1}'::jsonb),
    (7, 'closed', interval '3 days', '{"note":null,"reason":"evaluated"}'::jsonb),
    (8, 'warned', interval '13 days', '{"deadline":"resolve","dueAt":null}'::jsonb),
    (9, 'attachment_added', interval '1 minute', '{}'::jsonb)
  ) as k(n, type, after, payload) on case k.n
    when 1 then true
    when 2 then ins.status <> 'registered'
    when 3 then ins.status not in ('registered', 'dispatched')
    when 4 then ins.first_contact_at is not null
    when 5 then ins.status in ('replied', 'closed')
    when 6 then ins.status = 'closed'
    when 7 then ins.status = 'closed'
    when 8 then ins.status = 'closed' and ins.id % 20 = 1
    else ins.id % 20 = 3 end
  returning 1
), asg as (
  insert into order_assignments (order_id, unit_id, role, active, assigned_at)
  select id, main_unit_id, 'main', true, created_at + interval '30 minutes' from ins where main_unit_id is not null
  union all
  select id, jurisdiction_unit_id, 'co', true, created_at + interval '30 minutes' from ins
    where main_unit_id is not null and id % 12 = 5 and jurisdiction_unit_id <> main_unit_id
  returning 1
), att as (
  insert into attachments (id, order_id, filename, mime, size, sha256, storage_key, uploaded_by, created_at)
  select 'bench-' || id, id, '现场照片.jpg', 'image/jpeg', 182044, md5(id::text) || md5(id::text || 'x'), 'bench/' || id, $15::int, created_at + interval '1 minute'
  from ins where id % 20 = 3
  returning 1
)
select (select count(*) from ins)::int as orders, (select count(*) from ev)::int as events, (select count(*) from asg)::int as assignments`;

export async function generateScaleHistory(
  db: Db,
  o: { orders: number; now: Date; units: ScaleUnits; texts: { titles: string[]; descriptions: string[] }; chunk: number; parallel?: number; log?: (m: string) => void },
): Promise<{ orders: number; events: number; assignments: number }> {
  const total = { orders: 0, events: 0, assignments: 0 };
  const u = o.units;
  // The search index's incremental upkeep was most of a load's time (1 M orders: 1,270 s with it, its build from
  // scratch 169 s), so it is dropped for the load and built again from its own definition after it.
  const gin = (await db.query<{ name: string; def: string }>(`select indexname as name, indexdef as def from pg_indexes where tablename = 'orders' and indexdef ilike '% using gin %'`)).rows;
  for (const i of gin) await db.query(`drop index ${i.name}`);
  const base = (await db.query<{ id: number }>('select coalesce(max(id), 0)::int as id from orders')).rows[0].id;
  // Chunks in order, `parallel` of them at a time (each one statement on its own connection of the pool).
  let next = 1;
  let done = 0;
  const worker = async () => {
    while (next <= o.orders) {
      const from = next;
      const to = Math.min(o.orders, from + o.chunk - 1);
      next = to + 1;
      const { rows } = await db.query<{ orders: number; events: number; assignments: number }>(CHUNK_SQL, [
        from, to, o.orders, o.now, u.mainIds, u.mainIsArea, u.streetIds, u.categoryIds, o.texts.titles, o.texts.descriptions,
        ROADS, ESTATES, CHANNELS, TYPES, u.operatorId, RARE_WORD, OPEN_STATES, base,
      ]);
      total.orders += rows[0].orders;
      total.events += rows[0].events;
      total.assignments += rows[0].assignments;
      const before = done;
      done += to - from + 1;
      if (o.log && (done === o.orders || Math.floor(done / (o.chunk * 10)) !== Math.floor(before / (o.chunk * 10)))) o.log(`${done} / ${o.orders} orders`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel ?? 1) }, worker));
  await db.query(`select setval(pg_get_serial_sequence('orders', 'id'), (select max(id) from orders))`);
  for (const i of gin) {
    const t0 = Date.now();
    await db.tx(async (q) => {
      await q.query(`set local maintenance_work_mem = '256MB'`);
      await q.query(i.def);
    });
    o.log?.(`built ${i.name} in ${Date.now() - t0} ms`);
  }
  return total;
}

/**
 * The alerts the minute-by-minute sweep would have recorded over the year (the claims of src/modules/sla/sweep.ts:
 * resolve yellow and red, sign red, contact red), so that the bench's first sweep finds the steady state
 * instead of a year's backlog.
 */
export async function recordPastAlerts(db: Db, now: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `with a as (
       insert into order_alerts (order_id, clock_no, deadline, level, due_at, at)
       select o.id, o.clock_no, x.deadline, x.level, x.due, x.at from orders o cross join lateral (values
         ('resolve', 'yellow', o.resolve_due_at, ${yellowAtSql('o.clock_started_at', 'o.resolve_due_at')}, o.resolve_due_at is not null and ${yellowAtSql('o.clock_started_at', 'o.resolve_due_at')} <= $1),
         ('resolve', 'red', o.resolve_due_at, o.resolve_due_at, o.resolve_due_at < $1),
         ('sign', 'red', o.sign_due_at, o.sign_due_at, o.status = 'dispatched' and o.signed_at is null and o.sign_due_at < $1),
         ('contact', 'red', o.contact_due_at, o.contact_due_at, o.first_contact_at is null and o.contact_due_at < $1 and o.status <> 'return_requested')
       ) as x(deadline, level, due, at, due_now)
       where ${CLOCKED_SQL} and x.due_now
       on conflict do nothing returning 1)
     select count(*)::int as n from a`,
    [now],
  );
  return rows[0].n;
}

