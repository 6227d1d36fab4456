// The dashboard summary 一网知全局: volumes, channels, types, categories, areas, the three rates and rankings,
// overdue and supervised orders for the whole district or one unit's subtree. Volumes come from the rollups only.
import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import { endOfLocalDay, localDate } from '../sla';
import { OPEN_STATES, CLOCKED_SQL, sqlStates } from '../orders/lifecycle';
import { seesAll } from '../assessment/access';
import { ASSESSED_TYPES, type AssessedType } from '../assessment/rankings';
import type { AuthUser } from '../users/users.repo';
import type { assessmentService } from '../assessment/assessment.service';

type AssessmentService = ReturnType<typeof assessmentService>;

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The widest period a summary covers (the trend and comparisons stay cheap). */
export const MAX_SUMMARY_DAYS = 366;

export interface SummaryQuery {
  unitId?: number;
  from?: string;
  to?: string;
}

export interface UnitRef {
  id: number;
  name: string;
  type: string;
  path: string;
}

export const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);

function checkDate(v: string, name: string): string {
  if (!DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    fail('validation_failed', `${name} must be a date YYYY-MM-DD, got ${v}`);
  }
  return v;
}

/** The first instant of a city-time date (checked: YYYY-MM-DD). */
export function parseDay(v: string, name: string, tz: string): Date {
  return new Date(endOfLocalDay(addDays(checkDate(v, name), -1), tz).getTime() + 1000);
}

/** The unit a user may look at: none (whole district) or one in the user's subtree; otherwise 404 like a missing unit. */
export async function scopeUnit(db: Db, user: AuthUser, unitId: number | undefined): Promise<UnitRef | null> {
  const all = seesAll(user);
  const id = unitId ?? (all ? undefined : user.unitId);
  if (id === undefined) return null;
  const { rows } = await db.query<UnitRef>('select id, name, type, path from units where id = $1', [id]);
  const u = rows[0];
  if (!u || (!all && !u.path.startsWith(user.unitPath))) fail('unit_not_found', `unit ${id} does not exist or is outside your unit`);
  return u;
}

interface OrderLine {
  id: number;
  number: string;
  title: string;
  status: string;
  unitId: number | null;
  unitName: string | null;
  resolveDueAt: Date | null;
}

export function summaryDeps(db: Db, tz: string) {
  /** Count rows of the rollups inside [from, to], in the unit's subtree (all units and none when unit is null). */
  async function counts(unit: UnitRef | null, from: string, to: string, by: string | null, extra = ''): Promise<{ key: string; n: number }[]> {
    const params: unknown[] = [from, to];
    let scope = '';
    if (unit) {
      params.push(unit.path);
      scope = `and d.unit_id in (select id from units where path like $3 || '%')`;
    }
    const { rows } = await db.query<{ key: string; n: number }>(
      `select ${by ?? `'all'`}::text as key, sum(n)::int as n from insight_daily d
       where d.day between $1::date and $2::date ${scope} ${extra} group by 1 order by 2 desc`,
      params,
    );
    return rows;
  }
  const total = async (unit: UnitRef | null, from: string, to: string) => (await counts(unit, from, to, null))[0]?.n ?? 0;
  return { counts, total };
}

export function summaryService(d: { db: Db; tz: string; now: () => Date; assessment: Pick<AssessmentService, 'rankings' | 'scorecard'> }) {
  const { db, tz } = d;
  const q = summaryDeps(db, tz);

  /** Children to colour on the map: the streets and towns of the district, or the unit's direct children. */
  async function areas(unit: UnitRef | null, from: string, to: string) {
    const kids = unit
      ? (await db.query<{ id: number; name: string; type: string; path: string; hasGeometry: boolean }>(
          'select id, name, type, path, geojson is not null as "hasGeometry" from units where parent_id = $1 order by path', [unit.id])).rows
      : (await db.query<{ id: number; name: string; type: string; path: string; hasGeometry: boolean }>(
          `select id, name, type, path, geojson is not null as "hasGeometry" from units where type in ('street','town') order by path`)).rows;
    if (!kids.length) return [];
    const { rows } = await db.query<{ id: number; n: number; open: number }>(
      `select k.id, coalesce(sum(d.n) filter (where d.day between $2::date and $3::date), 0)::int as n,
              coalesce(sum(d.n) filter (where d.status in (${sqlStates(OPEN_STATES)})), 0)::int as open
       from units k join units u on u.path like k.path || '%' join insight_daily d on d.unit_id = u.id
       where k.id = any($1::int[]) group by k.id`,
      [kids.map((k) => k.id), from, to],
    );
    const by = new Map(rows.map((r) => [r.id, r]));
    return kids.map((k) => ({ unitId: k.id, name: k.name, type: k.type, hasGeometry: k.hasGeometry, count: by.get(k.id)?.n ?? 0, open: by.get(k.id)?.open ?? 0 }));
  }

  /** Overdue (past the resolution deadline, still on a clock) and supervised open orders in the subtree (indexed). */
  async function lists(unit: UnitRef | null, now: Date) {
    const scope = (n: number) => (unit ? `and o.main_unit_id in (select id from units where path like $${n} || '%')` : '');
    const path = unit ? [unit.path] : [];
    const cols = `o.id, o.number, o.title, o.status, o.main_unit_id as "unitId", u.name as "unitName", o.resolve_due_at as "resolveDueAt"`;
    const overdue = await db.query<OrderLine & { total: number }>(
      `select ${cols}, count(*) over ()::int as total from orders o left join units u on u.id = o.main_unit_id
       where ${CLOCKED_SQL} and o.resolve_due_at < $1 ${scope(2)} order by o.resolve_due_at limit 20`, [now, ...path]);
    const supervised = await db.query<OrderLine & { total: number }>(
      `select ${cols}, count(*) over ()::int as total from orders o left join units u on u.id = o.main_unit_id
       where o.supervised and o.status in (${sqlStates(OPEN_STATES)}) ${scope(1)} order by o.id desc limit 20`, path);
    const shape = (rows: (OrderLine & { total: number })[]) => ({
      count: Number(rows[0]?.total ?? 0),
      items: rows.map(({ total: _t, resolveDueAt, ...r }) => ({ ...r, resolveDueAt: resolveDueAt ? resolveDueAt.toISOString() : null })),
    });
    return { overdue: shape(overdue.rows), supervised: shape(supervised.rows) };
  }

  async function rates(user: AuthUser, unit: UnitRef | null, month: string) {
    const own = unit && (ASSESSED_TYPES as readonly string[]).includes(unit.type)
      ? (await d.assessment.scorecard(user, unit.id, month)).current
      : null;
    const rankings: Record<string, unknown[]> = {};
    if (seesAll(user)) {
      for (const t of ['street', 'department'] as AssessedType[]) {
        rankings[t] = (await d.assessment.rankings(user, month, t)).items;
      }
    }
    return { month, own, rankings };
  }

  return {
    async summary(user: AuthUser, f: SummaryQuery) {
      const unit = await scopeUnit(db, user, f.unitId);
      const now = d.now();
      const today = localDate(now, tz);
      const to = f.to ? checkDate(f.to, 'to') : today;
      const from = f.from ? checkDate(f.from, 'from') : `${to.slice(0, 7)}-01`;
      if (from > to) fail('validation_failed', `from (${from}) is after to (${to})`);
      if (daysBetween(from, to) >= MAX_SUMMARY_DAYS) fail('validation_failed', `a summary covers at most ${MAX_SUMMARY_DAYS} days; got ${from} – ${to}`);
      const span = daysBetween(from, to) + 1;
      const monthStart = `${today.slice(0, 7)}-01`;
      const lastMonthStart = `${addDays(monthStart, -1).slice(0, 7)}-01`;
      const dayOfMonth = daysBetween(monthStart, today);
      // Last month up to the same day of the month (clipped at its end).
      const lastMonthSameDay = [addDays(lastMonthStart, dayOfMonth), addDays(monthStart, -1)].sort()[0];
      const [range, previous, todayN, yesterday, lastWeek, monthN, lastMonthN] = await Promise.all([
        q.total(unit, from, to), q.total(unit, addDays(from, -span), addDays(from, -1)),
        q.total(unit, today, today), q.total(unit, addDays(today, -1), addDays(today, -1)), q.total(unit, addDays(today, -7), addDays(today, -7)),
        q.total(unit, monthStart, today), q.total(unit, lastMonthStart, lastMonthSameDay),
      ]);
      const catRows = await q.counts(unit, from, to, 'd.category_id');
      const names = new Map((await db.query<{ id: number; name: string; parent: string | null }>(
        'select c.id, c.name, p.name as parent from catalog_categories c left join catalog_categories p on p.id = c.parent_id where c.id = any($1::int[])',
        [catRows.map((r) => Number(r.key))],
      )).rows.map((r) => [r.id, r.parent ? `${r.parent}/${r.name}` : r.name]));
      const trendFrom = addDays(to, -29);
      const byDay = new Map((await q.counts(unit, trendFrom, to, `to_char(d.day, 'YYYY-MM-DD')`)).map((r) => [r.key, r.n]));
      return {
        unit: unit ? { id: unit.id, name: unit.name, type: unit.type } : null,
        from, to, now: now.toISOString(),
        total: { count: range, previous, previousFrom: addDays(from, -span), previousTo: addDays(from, -1) },
        today: { date: today, count: todayN, yesterday, sameDayLastWeek: lastWeek },
        month: { month: today.slice(0, 7), count: monthN, lastMonthSamePeriod: lastMonthN },
        byChannel: (await q.counts(unit, from, to, 'd.channel')).map((r) => ({ key: r.key, count: r.n })),
        byType: (await q.counts(unit, from, to, 'd.type')).map((r) => ({ key: r.key, count: r.n })),
        byStatus: (await q.counts(unit, from, to, 'd.status')).map((r) => ({ key: r.key, count: r.n })),
        topCategories: catRows.slice(0, 10).map((r) => ({ categoryId: Number(r.key) || null, name: names.get(Number(r.key)) ?? '未分类', count: r.n })),
        byDay: Array.from({ length: 30 }, (_, i) => addDays(trendFrom, i)).map((day) => ({ day, count: byDay.get(day) ?? 0 })),
        areas: await areas(unit, from, to),
        rates: await rates(user, unit, today.slice(0, 7)),
        ...(await lists(unit, now)),
      };
    },
  };
}
