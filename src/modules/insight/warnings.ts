// Early warnings 预警: spikes of a category in a street against its own baseline (spikes.ts, on the rollups),
// repeat requesters (the same phone ≥ N times in 30 days; the phone is stored masked only), repeat addresses,
// and the seasonal calendar (what rose in this month in past years). Each warning is a record with a state
// (new → seen → acted); a new one sends a unit alert through the outbox in the same transaction.
import { createHash } from 'node:crypto';
import type { Db, Queryable } from '../../db';
import { maskPhone } from '../../shared/privacy';
import { enqueue } from '../notify/outbox';
import { localDate } from '../sla';
import { spikeTest } from './spikes';
import { addDays } from './summary';

export interface WarningSettings { spikeP: number; spikeMin: number; baselineWeeks: number; repeatPhone: number; repeatAddress: number; repeatDays: number; seasonalRatio: number; seasonalMin: number }
export const DEFAULT_WARNINGS: WarningSettings = { spikeP: 1e-4, spikeMin: 5, baselineWeeks: 8, repeatPhone: 3, repeatAddress: 3, repeatDays: 30, seasonalRatio: 1.5, seasonalMin: 10 };

export async function warningSettings(q: Queryable): Promise<WarningSettings> {
  const { rows } = await q.query<{ value: Partial<WarningSettings> }>(`select value from settings where key = 'insight.warnings'`);
  return { ...DEFAULT_WARNINGS, ...(rows[0]?.value ?? {}) };
}

interface NewWarning { kind: 'spike' | 'repeat_requester' | 'repeat_address' | 'seasonal'; key: string; unitId: number | null; categoryId: number | null; title: string; detail: Record<string, unknown>; orderIds: number[] }

const hash = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 16);

/** Writes a warning once per (kind, key); later scans refresh its orders and detail. A new one alerts its unit. */
async function upsertWarning(db: Db, w: NewWarning, now: Date): Promise<boolean> {
  return db.tx(async (q) => {
    const { rows } = await q.query<{ id: number; inserted: boolean }>(
      `insert into insight_warnings (kind, key, unit_id, category_id, title, detail, order_ids, created_at, updated_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$8)
       on conflict (kind, key) do update set detail = excluded.detail, order_ids = excluded.order_ids, title = excluded.title, updated_at = excluded.updated_at
       returning id, (xmax = 0) as inserted`,
      [w.kind, w.key, w.unitId, w.categoryId, w.title, JSON.stringify(w.detail), w.orderIds, now],
    );
    if (rows[0].inserted && w.unitId) {
      await enqueue(q, { template: 'unit_insight_warning', recipient: `unit:${w.unitId}`, orderId: null, vars: { title: w.title, warningId: rows[0].id } }, now);
    }
    return rows[0].inserted;
  });
}

/** Spikes today and yesterday (city time) per (street, category), from the rollups. */
async function spikes(db: Db, tz: string, now: Date, s: WarningSettings): Promise<NewWarning[]> {
  const today = localDate(now, tz);
  const out: NewWarning[] = [];
  for (const day of [today, addDays(today, -1)]) {
    const days = [day, ...Array.from({ length: s.baselineWeeks }, (_, k) => addDays(day, -7 * (k + 1)))];
    const { rows } = await db.query<{ street: number; streetName: string; categoryId: number; categoryName: string; day: string; n: number }>(
      `select st.id as street, st.name as "streetName", d.category_id as "categoryId", c.name as "categoryName", to_char(d.day, 'YYYY-MM-DD') as day, sum(d.n)::int as n
       from insight_daily d join units u on u.id = d.unit_id join units st on st.type in ('street','town') and u.path like st.path || '%'
       join catalog_categories c on c.id = d.category_id
       where d.day = any($1::date[]) and d.category_id > 0 group by 1, 2, 3, 4, 5`,
      [days],
    );
    const cells = new Map<string, { street: number; streetName: string; categoryId: number; categoryName: string; by: Map<string, number> }>();
    for (const r of rows) {
      const k = `${r.street}:${r.categoryId}`;
      const c = cells.get(k) ?? { street: r.street, streetName: r.streetName, categoryId: r.categoryId, categoryName: r.categoryName, by: new Map() };
      c.by.set(r.day, (c.by.get(r.day) ?? 0) + r.n);
      cells.set(k, c);
    }
    for (const c of cells.values()) {
      const observed = c.by.get(day) ?? 0;
      const r = spikeTest(observed, days.slice(1).map((d) => c.by.get(d) ?? 0), { p: s.spikeP, min: s.spikeMin, floor: 0.5 });
      if (!r.spike) continue;
      out.push({
        kind: 'spike', key: `${c.street}:${c.categoryId}:${day}`, unitId: c.street, categoryId: c.categoryId,
        title: `${c.streetName}「${c.categoryName}」诉求激增：${day} ${observed} 件（近${s.baselineWeeks}周同日均值 ${r.lambda}）`,
        detail: { day, observed, lambda: r.lambda, p: r.p, test: `Poisson, same weekday of ${s.baselineWeeks} weeks` }, orderIds: [],
      });
    }
  }
  return out;
}

/** The same phone, or the same address, N or more times in the last `repeatDays` days. */
async function repeats(db: Db, now: Date, s: WarningSettings): Promise<NewWarning[]> {
  const since = new Date(now.getTime() - s.repeatDays * 86_400_000);
  const out: NewWarning[] = [];
  const { rows: phones } = await db.query<{ phone: string; ids: number[]; unitId: number | null }>(
    `select requester_phone as phone, array_agg(id order by id) as ids, (array_agg(coalesce(main_unit_id, jurisdiction_unit_id) order by id desc))[1] as "unitId"
     from orders where created_at >= $1 and created_at <= $2 and requester_phone is not null and status not in ('merged')
     group by requester_phone having count(*) >= $3`,
    [since, now, s.repeatPhone],
  );
  for (const p of phones) {
    out.push({
      kind: 'repeat_requester', key: `phone:${hash(p.phone)}`, unitId: p.unitId, categoryId: null,
      title: `重复来电：${maskPhone(p.phone)} 近${s.repeatDays}天 ${p.ids.length} 次`,
      detail: { phone: maskPhone(p.phone), count: p.ids.length, days: s.repeatDays }, orderIds: p.ids,
    });
  }
  const { rows: addrs } = await db.query<{ address: string; ids: number[]; unitId: number | null }>(
    `select min(address) as address, array_agg(id order by id) as ids, (array_agg(coalesce(main_unit_id, jurisdiction_unit_id) order by id desc))[1] as "unitId"
     from orders where created_at >= $1 and created_at <= $2 and length(regexp_replace(address, '[[:space:][:punct:]，。、]', '', 'g')) >= 6 and status not in ('merged')
     group by regexp_replace(address, '[[:space:][:punct:]，。、]', '', 'g') having count(*) >= $3`,
    [since, now, s.repeatAddress],
  );
  for (const a of addrs) {
    out.push({
      kind: 'repeat_address', key: `addr:${hash(a.address.replace(/[\s\p{P}]/gu, ''))}`, unitId: a.unitId, categoryId: null,
      title: `同一地址反复诉求：${a.address} 近${s.repeatDays}天 ${a.ids.length} 件`, detail: { address: a.address, count: a.ids.length, days: s.repeatDays }, orderIds: a.ids,
    });
  }
  return out;
}

export interface SeasonalItem { month: string; categoryId: number; categoryName: string; ratio: number; years: { year: number; count: number; monthlyMean: number }[] }

/**
 * The seasonal calendar 季节性日历: first-level categories whose count in calendar month `mm` (01–12) of past
 * years was at least `seasonalRatio` × that year's monthly mean (averaged over the years), from the rollups.
 */
export async function seasonalCalendar(q: Queryable, mm: string, beforeYear: number, s: WarningSettings): Promise<SeasonalItem[]> {
  const { rows } = await q.query<{ year: number; month: string; categoryId: number; categoryName: string; n: number }>(
    `select extract(year from d.day)::int as year, to_char(d.day, 'MM') as month, c1.id as "categoryId", c1.name as "categoryName", sum(d.n)::int as n
     from insight_daily d join catalog_categories c on c.id = d.category_id
     left join catalog_categories c2 on c2.id = c.parent_id left join catalog_categories c1x on c1x.id = c2.parent_id
     join catalog_categories c1 on c1.id = case c.level when 1 then c.id when 2 then c2.id else c1x.id end
     where d.day >= make_date($1::int - 3, 1, 1) and d.day < make_date($1::int, 1, 1) group by 1, 2, 3, 4`,
    [beforeYear],
  );
  const byCat = new Map<number, { name: string; years: Map<number, { total: number; month: number }> }>();
  for (const r of rows) {
    const c = byCat.get(r.categoryId) ?? { name: r.categoryName, years: new Map() };
    const y = c.years.get(r.year) ?? { total: 0, month: 0 };
    y.total += r.n;
    if (r.month === mm) y.month += r.n;
    c.years.set(r.year, y);
    byCat.set(r.categoryId, c);
  }
  const out: SeasonalItem[] = [];
  for (const [categoryId, c] of byCat) {
    const years = [...c.years.entries()].map(([year, y]) => ({ year, count: y.month, monthlyMean: Math.round((y.total / 12) * 10) / 10 }));
    const ratios = years.filter((y) => y.monthlyMean > 0).map((y) => y.count / y.monthlyMean);
    if (!ratios.length) continue;
    const ratio = ratios.reduce((a, b) => a + b, 0) / ratios.length;
    if (ratio >= s.seasonalRatio && years.some((y) => y.count >= s.seasonalMin)) out.push({ month: mm, categoryId, categoryName: c.name, ratio: Math.round(ratio * 100) / 100, years: years.sort((a, b) => a.year - b.year) });
  }
  return out.sort((a, b) => b.ratio - a.ratio);
}

/** One scan: every kind of warning; returns how many new ones were recorded. */
export async function scanWarnings(db: Db, tz: string, now: Date): Promise<{ created: number; seen: number }> {
  const s = await warningSettings(db);
  const found = [...(await spikes(db, tz, now, s)), ...(await repeats(db, now, s))];
  // The seasonal calendar of this month and the next: a heads-up to the district (no unit alert).
  const today = localDate(now, tz);
  for (const m of [today.slice(0, 7), addDays(`${today.slice(0, 7)}-28`, 7).slice(0, 7)]) {
    for (const it of await seasonalCalendar(db, m.slice(5, 7), Number(m.slice(0, 4)), s)) {
      found.push({
        kind: 'seasonal', key: `${m}:${it.categoryId}`, unitId: null, categoryId: it.categoryId,
        title: `季节性提示：往年${Number(m.slice(5, 7))}月「${it.categoryName}」诉求为平月的 ${it.ratio} 倍`, detail: { ...it, month: m }, orderIds: [],
      });
    }
  }
  let created = 0;
  for (const w of found) if (await upsertWarning(db, w, now)) created++;
  return { created, seen: found.length };
}
