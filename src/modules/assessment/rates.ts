// The three rates 三率 and the composite score of DOMAIN §8, from counts over a unit's assessed facts.
import type { Queryable } from '../../db';

export interface Weights {
  /** composite weights of the response, resolution and satisfaction rates */
  a: number;
  b: number;
  c: number;
  /** partial weights: 部分解决 and 基本满意 */
  wp: number;
  wb: number;
  /**
   * Weight of the whistle score 吹哨报到得分 in the composite of departments and companies (DOMAIN §6, §8):
   * composite = (1 − ww)·three-rate composite + ww·whistle score. Absent (not set for the month) = 0.
   */
  ww?: number;
}
export const DEFAULT_WEIGHTS: Weights = { a: 0.1, b: 0.45, c: 0.45, wp: 0.5, wb: 0.5 };

export interface Counts {
  unitId: number;
  /** orders assessed (approved exemptions left out) */
  assessed: number;
  exempted: number;
  /** contacted within the first-contact limit */
  responded: number;
  /** with a completed callback (unreachable, refused and closed-without-callback are not) */
  evaluated: number;
  resolved: number;
  partly: number;
  satisfied: number;
  basically: number;
  /** evaluated orders whose callback also rated the staff's attitude (态度), and how */
  attitudeRated: number;
  attitudeSatisfied: number;
  attitudeBasically: number;
}

export interface Figures extends Counts {
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  composite: number | null;
  /** 态度: (satisfied + w_b × basically) ÷ rated, beside satisfaction; not part of the composite */
  attitudeRate: number | null;
}

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * Rates as fractions 0–1, null when the denominator is 0. The composite weighs the rates that exist and
 * renormalises by their weights (a unit whose orders were all unreachable is scored on response alone).
 */
export function figures(c: Counts, w: Weights): Figures {
  const responseRate = ratio(c.responded, c.assessed);
  const resolutionRate = ratio(c.resolved + w.wp * c.partly, c.evaluated);
  const satisfactionRate = ratio(c.satisfied + w.wb * c.basically, c.evaluated);
  const parts = [[w.a, responseRate], [w.b, resolutionRate], [w.c, satisfactionRate]].filter((p): p is [number, number] => p[1] !== null);
  const wsum = parts.reduce((s, [k]) => s + k, 0);
  const composite = c.assessed > 0 && parts.length && wsum > 0 ? parts.reduce((s, [k, r]) => s + k * r, 0) / wsum : null;
  const attitudeRate = ratio(c.attitudeSatisfied + w.wb * c.attitudeBasically, c.attitudeRated);
  return { ...c, responseRate, resolutionRate, satisfactionRate, composite, attitudeRate };
}

/** The composite with the whistle score folded in (departments and companies); unchanged while ww is 0 or the unit has no score. */
export function withWhistle(composite: number | null, whistleScore: number | null, w: Weights): number | null {
  const ww = w.ww ?? 0;
  if (ww <= 0 || whistleScore === null) return composite;
  return composite === null ? whistleScore : (1 - ww) * composite + ww * whistleScore;
}

export const emptyCounts = (unitId: number): Counts => ({ unitId, assessed: 0, exempted: 0, responded: 0, evaluated: 0, resolved: 0, partly: 0, satisfied: 0, basically: 0, attitudeRated: 0, attitudeSatisfied: 0, attitudeBasically: 0 });

/** Where a month's facts come from: the live read model, or a published version's frozen copy. */
export type Source = { kind: 'live' } | { kind: 'snapshot'; version: number };

export function sourceSql(src: Source, monthParam: number, versionParam: number): { table: string; where: string; params: (v: number) => unknown[] } {
  return src.kind === 'live'
    ? { table: 'assessment_facts', where: `f.month = $${monthParam}`, params: () => [] }
    : { table: 'assessment_snapshot_facts', where: `f.month = $${monthParam} and f.version = $${versionParam}`, params: () => [src.version] };
}

/** Sums of the kept counts (assessment_counts, or a published version's frozen copy) as Counts. */
const SUMS = `
  sum(c.assessed)::int as assessed, sum(c.exempted)::int as exempted, sum(c.responded)::int as responded, sum(c.evaluated)::int as evaluated,
  sum(c.resolved)::int as resolved, sum(c.partly)::int as partly, sum(c.satisfied)::int as satisfied, sum(c.basically)::int as basically,
  sum(c.attitude_rated)::int as "attitudeRated", sum(c.attitude_satisfied)::int as "attitudeSatisfied", sum(c.attitude_basically)::int as "attitudeBasically"`;

/**
 * Counts per unit for one month (optionally one unit, optionally only the stints dispatched with one of
 * `categoryIds`: a 关键小事), summed from the kept counts — a few rows per unit, never the month's facts.
 */
export async function monthCounts(q: Queryable, month: string, src: Source, unitId?: number, categoryIds?: number[]): Promise<Counts[]> {
  const params: unknown[] = [month];
  const cond: string[] = ['c.month = $1'];
  const table = src.kind === 'live' ? 'assessment_counts' : 'assessment_snapshot_counts';
  if (src.kind === 'snapshot') cond.push(`c.version = $${params.push(src.version)}`);
  if (unitId !== undefined) cond.push(`c.unit_id = $${params.push(unitId)}`);
  if (categoryIds) cond.push(`c.category_id = any($${params.push(categoryIds)}::int[])`);
  const { rows } = await q.query<Counts>(`select c.unit_id as "unitId", ${SUMS} from ${table} c where ${cond.join(' and ')} group by c.unit_id`, params);
  return rows;
}

/** One unit's counts per month: live months from the kept counts, published months from their version's copy. */
export async function unitMonthCounts(q: Queryable, unitId: number, live: string[], published: Map<string, number>): Promise<Map<string, Counts>> {
  const { rows } = await q.query<Counts & { month: string }>(
    `select c.month, c.unit_id as "unitId", ${SUMS} from (
       select month, unit_id, assessed, exempted, responded, evaluated, resolved, partly, satisfied, basically, attitude_rated, attitude_satisfied, attitude_basically
         from assessment_counts where unit_id = $1 and month = any($2::text[])
       union all
       select s.month, s.unit_id, s.assessed, s.exempted, s.responded, s.evaluated, s.resolved, s.partly, s.satisfied, s.basically, s.attitude_rated, s.attitude_satisfied, s.attitude_basically
         from assessment_snapshot_counts s join unnest($3::text[], $4::int[]) as v(month, version) on v.month = s.month and v.version = s.version
         where s.unit_id = $1
     ) c group by c.month, c.unit_id`,
    [unitId, live, [...published.keys()], [...published.values()]],
  );
  return new Map(rows.map((r) => [r.month, r]));
}
