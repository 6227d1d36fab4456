// 每月一题 topics: candidates ranked from the 30-day hotspots by frequency × units involved × low resolution;
// a supervisor adopts one (lead department 牵头主责, responsible leader, co-units, task force 专班, goal, a rule
// that links matching orders, start month); the topic tracks its orders month by month — volume, resolution and
// satisfaction — against the baseline of the three months before it started, until it is closed.
import type { Db, Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { addMonths, checkMonth, monthBounds, monthOf } from '../assessment/month';
import type { AuthUser } from '../users/users.repo';
import { storedHotspots, type Hotspot } from './hotspots';

export interface Candidate { hotspotId: string; label: string; keywords: string[]; count: number; units: number; unresolvedShare: number; score: number; orderIds: number[]; unitIds: number[] }

/** Frequency × number of units involved × low resolution (an unresolved share of 0 still counts a quarter). */
export function rankCandidates(hs: Pick<Hotspot, 'id' | 'label' | 'keywords' | 'count' | 'unitIds' | 'unresolvedShare' | 'orderIds'>[]): Candidate[] {
  return hs
    .map((h) => {
      const units = Math.max(1, h.unitIds.length);
      return { hotspotId: h.id, label: h.label, keywords: h.keywords, count: h.count, units, unresolvedShare: h.unresolvedShare, score: Math.round(h.count * units * (0.25 + h.unresolvedShare) * 100) / 100, orderIds: h.orderIds, unitIds: h.unitIds };
    })
    .sort((a, b) => b.score - a.score || b.count - a.count);
}

export async function candidates(db: Db): Promise<Candidate[]> {
  const { items } = await storedHotspots(db, 30);
  const adopted = new Set((await db.query<{ s: string }>(`select source_hotspot as s from insight_topics where status = 'open' and source_hotspot is not null`)).rows.map((r) => r.s));
  return rankCandidates(items.filter((h) => !adopted.has(h.id))).slice(0, 30);
}

export interface TopicRule { keywords: string[]; categoryIds?: number[]; unitIds?: number[] }
export interface NewTopic { title: string; leadUnitId: number; leader: string; coUnitIds?: number[]; taskForce?: string; goal?: string; rule: TopicRule; startMonth: string; sourceHotspot?: string }

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => '\\' + c)}%`;

/** SQL condition for the orders a rule links (`o` is orders), with its parameters from `$start`. */
function ruleSql(rule: TopicRule, start: number): { sql: string; params: unknown[] } {
  const params: unknown[] = [rule.keywords.map(like)];
  const parts = [`(o.title ilike any($${start}::text[]) or o.description ilike any($${start}::text[]))`];
  if (rule.categoryIds?.length) {
    params.push(rule.categoryIds);
    const p = `$${start + params.length - 1}::int[]`;
    parts.push(`o.category_id in (select c.id from catalog_categories c left join catalog_categories p on p.id = c.parent_id where c.id = any(${p}) or c.parent_id = any(${p}) or p.parent_id = any(${p}))`);
  }
  if (rule.unitIds?.length) {
    params.push(rule.unitIds);
    parts.push(`exists (select 1 from units ru join units mu on mu.path like ru.path || '%' where ru.id = any($${start + params.length - 1}::int[]) and mu.id = coalesce(o.main_unit_id, o.jurisdiction_unit_id))`);
  }
  return { sql: `${parts.join(' and ')} and o.status not in ('merged', 'invalid')`, params };
}

export interface MonthFigures { month: string; volume: number; evaluated: number; resolutionRate: number | null; satisfactionRate: number | null }

/** Volume (registered in the month) and, of those orders, resolution and satisfaction of the evaluated ones. */
async function monthFigures(q: Queryable, rule: TopicRule, months: string[], tz: string): Promise<MonthFigures[]> {
  if (!months.length) return [];
  const start = monthBounds(months[0], tz).start;
  const end = monthBounds(months.at(-1)!, tz).end;
  const r = ruleSql(rule, 4);
  const { rows } = await q.query<{ month: string; volume: number; evaluated: number; resolved: number; partly: number; satisfied: number; basically: number }>(
    `select to_char(o.created_at at time zone $3, 'YYYY-MM') as month, count(distinct o.id)::int as volume,
       count(f.*) filter (where f.evaluation = 'evaluated')::int as evaluated,
       count(f.*) filter (where f.resolution = 'resolved')::int as resolved, count(f.*) filter (where f.resolution = 'partly')::int as partly,
       count(f.*) filter (where f.satisfaction = 'satisfied')::int as satisfied, count(f.*) filter (where f.satisfaction = 'basically')::int as basically
     from orders o left join assessment_facts f on f.order_id = o.id and f.ended = 'handled'
     where o.created_at >= $1 and o.created_at < $2 and ${r.sql} group by 1`,
    [start, end, tz, ...r.params],
  );
  const by = new Map(rows.map((x) => [x.month, x]));
  return months.map((m) => {
    const x = by.get(m);
    const ev = x?.evaluated ?? 0;
    return {
      month: m, volume: x?.volume ?? 0, evaluated: ev,
      resolutionRate: ev ? Math.round(((x!.resolved + 0.5 * x!.partly) / ev) * 1000) / 1000 : null,
      satisfactionRate: ev ? Math.round(((x!.satisfied + 0.5 * x!.basically) / ev) * 1000) / 1000 : null,
    };
  });
}

function baselineOf(ms: MonthFigures[]) {
  const ev = ms.filter((m) => m.evaluated > 0);
  const avg = (k: 'resolutionRate' | 'satisfactionRate') => (ev.length ? Math.round((ev.reduce((s, m) => s + m[k]! * m.evaluated, 0) / ev.reduce((s, m) => s + m.evaluated, 0)) * 1000) / 1000 : null);
  return { months: ms.map((m) => m.month), volume: Math.round((ms.reduce((s, m) => s + m.volume, 0) / Math.max(1, ms.length)) * 10) / 10, resolutionRate: avg('resolutionRate'), satisfactionRate: avg('satisfactionRate') };
}

const monthsFrom = (from: string, to: string) => {
  const out: string[] = [];
  for (let m = from; m <= to && out.length < 60; m = addMonths(m, 1)) out.push(m);
  return out;
};

export function topicsRepo(db: Db, tz: string) {
  async function byId(id: number) {
    const { rows } = await db.query<Record<string, any>>(
      `select t.id, t.title, t.lead_unit_id as "leadUnitId", lu.name as "leadUnitName", lu.path as "leadPath", t.leader, t.co_unit_ids as "coUnitIds", t.task_force as "taskForce",
         t.goal, t.rule, t.start_month as "startMonth", t.source_hotspot as "sourceHotspot", t.baseline, t.status, t.created_at as "createdAt", t.closed_at as "closedAt",
         (select array_agg(path) from units where id = any(t.co_unit_ids)) as "coPaths"
       from insight_topics t join units lu on lu.id = t.lead_unit_id where t.id = $1`, [id]);
    return rows[0] ?? null;
  }
  return {
    byId,
    async create(user: AuthUser, t: NewTopic, now: Date) {
      checkMonth(t.startMonth);
      const keywords = [...new Set(t.rule.keywords.map((k) => k.trim()).filter((k) => k.length >= 2))];
      if (!keywords.length) fail('validation_failed', 'the rule needs at least one keyword of two or more characters');
      const rule: TopicRule = { keywords, ...(t.rule.categoryIds?.length ? { categoryIds: t.rule.categoryIds } : {}), ...(t.rule.unitIds?.length ? { unitIds: t.rule.unitIds } : {}) };
      const ids = [t.leadUnitId, ...(t.coUnitIds ?? []), ...(rule.unitIds ?? [])];
      const { rows } = await db.query<{ id: number }>('select id from units where id = any($1::int[])', [ids]);
      const missing = ids.filter((i) => !rows.some((r) => r.id === i));
      if (missing.length) fail('unit_not_found', `no unit ${missing.join(', ')}`);
      const baseline = baselineOf(await monthFigures(db, rule, monthsFrom(addMonths(t.startMonth, -3), addMonths(t.startMonth, -1)), tz));
      const { rows: out } = await db.query<{ id: number }>(
        `insert into insight_topics (title, lead_unit_id, leader, co_unit_ids, task_force, goal, rule, start_month, source_hotspot, baseline, created_by, created_at)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12) returning id`,
        [t.title, t.leadUnitId, t.leader, t.coUnitIds ?? [], t.taskForce ?? '', t.goal ?? '', JSON.stringify(rule), t.startMonth, t.sourceHotspot ?? null, JSON.stringify(baseline), user.id, now],
      );
      return out[0].id;
    },
    async list() {
      const { rows } = await db.query<Record<string, any>>(
        `select t.id, t.title, t.lead_unit_id as "leadUnitId", u.name as "leadUnitName", t.leader, t.start_month as "startMonth", t.status, t.created_at as "createdAt", t.closed_at as "closedAt"
         from insight_topics t join units u on u.id = t.lead_unit_id order by t.status, t.id desc`);
      return rows.map((r) => ({ ...r, id: r.id as number, createdAt: r.createdAt.toISOString() as string, closedAt: r.closedAt ? (r.closedAt.toISOString() as string) : null }));
    },
    /** The topic's page: its rule, month-by-month figures against the baseline, its orders and the task force's actions. */
    async detail(id: number, now: Date) {
      const t = await byId(id);
      if (!t) return null;
      const last = monthOf(t.closedAt ?? now, tz);
      const months = await monthFigures(db, t.rule, monthsFrom(t.startMonth, last < t.startMonth ? t.startMonth : last), tz);
      const r = ruleSql(t.rule, 3);
      const { rows: orders } = await db.query<{ id: number; number: string; title: string; status: string; createdAt: Date }>(
        `select o.id, o.number, o.title, o.status, o.created_at as "createdAt" from orders o where o.created_at >= $1 and o.created_at <= $2 and ${r.sql} order by o.created_at desc limit 200`,
        [monthBounds(t.startMonth, tz).start, t.closedAt ?? now, ...r.params],
      );
      const { rows: actions } = await db.query<{ id: number; at: Date; unitId: number | null; unitName: string | null; text: string }>(
        `select a.id, a.at, a.unit_id as "unitId", u.name as "unitName", a.text from insight_topic_actions a left join units u on u.id = a.unit_id where a.topic_id = $1 order by a.at, a.id`, [id]);
      const { leadPath: _l, coPaths: _c, ...pub } = t;
      return {
        ...pub, createdAt: t.createdAt.toISOString(), closedAt: t.closedAt ? t.closedAt.toISOString() : null,
        months, orders: orders.map((o) => ({ ...o, createdAt: o.createdAt.toISOString() })),
        actions: actions.map((a) => ({ ...a, at: a.at.toISOString() })),
      };
    },
    /** Who may add a task-force action: supervisors and admins, or a user of the lead or a co-unit (or below). */
    mayAct(user: AuthUser, t: Record<string, any>) {
      return ['supervisor', 'admin'].includes(user.role) || [t.leadPath, ...(t.coPaths ?? [])].some((p: string) => !!p && user.unitPath.startsWith(p));
    },
    async addAction(id: number, user: AuthUser, text: string, now: Date) {
      await db.query('insert into insight_topic_actions (topic_id, at, unit_id, text, created_by) values ($1,$2,$3,$4,$5)', [id, now, user.unitId, text, user.id]);
    },
    async close(id: number, now: Date) {
      const { rowCount } = await db.query(`update insight_topics set status = 'closed', closed_at = $2 where id = $1 and status = 'open'`, [id, now]);
      return rowCount === 1;
    },
  };
}
