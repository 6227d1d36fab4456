// Whistle statistics per summoned unit and month, and the whistle score 吹哨报到得分 that feeds the
// assessment of departments and companies (DOMAIN §6, §8). A whistle belongs to the month (city time) in
// which it was blown; its figures fill in as units report and the street rates them. Cancelled whistles
// (the order went back to the centre) do not count.
import type { Queryable } from '../../db';
import { monthBounds } from '../assessment/month';

/**
 * How the score is made (documented in docs/WHISTLE.md): report points — on time 1, late LATE, missing 0 —
 * and rating points — satisfied 1, basically BASICALLY, unsatisfied 0; the score is the weighted mean of the
 * two rates that exist (REPORT and RATING weights), as 0–100.
 */
export const WHISTLE_SCORE = { report: 0.5, rating: 0.5, late: 0.5, basically: 0.5 } as const;

export interface WhistleStat {
  unitId: number;
  unitName: string;
  unitType: string;
  summoned: number;
  onTime: number;
  late: number;
  missing: number;
  satisfied: number;
  basically: number;
  unsatisfied: number;
  /** 0–100; null while nothing is judged yet (no report due and no rating). */
  score: number | null;
}

type Counts = Omit<WhistleStat, 'score'>;

export function whistleScore(c: Pick<Counts, 'onTime' | 'late' | 'missing' | 'satisfied' | 'basically' | 'unsatisfied'>): number | null {
  const S = WHISTLE_SCORE;
  const judged = c.onTime + c.late + c.missing;
  const rated = c.satisfied + c.basically + c.unsatisfied;
  const parts: [number, number][] = [];
  if (judged) parts.push([S.report, (c.onTime + S.late * c.late) / judged]);
  if (rated) parts.push([S.rating, (c.satisfied + S.basically * c.basically) / rated]);
  const w = parts.reduce((s, [k]) => s + k, 0);
  return parts.length && w > 0 ? (100 * parts.reduce((s, [k, r]) => s + k * r, 0)) / w : null;
}

/**
 * Per summoned unit: missing = a missing record exists (even if a report came later); on time = reported by the
 * report-by time; late = reported after it, or still unreported past it (and not yet missing) at `now`.
 */
export async function whistleStats(q: Queryable, month: string, tz: string, now: Date, unitIds?: number[]): Promise<WhistleStat[]> {
  const { start, end } = monthBounds(month, tz);
  const { rows } = await q.query<Counts>(
    `with x as (
       select wu.unit_id, wu.reported_at, wu.rating, w.report_by,
         exists (select 1 from whistle_alerts a where a.whistle_id = wu.whistle_id and a.unit_id = wu.unit_id and a.kind = 'missing') as missing
       from whistles w join whistle_units wu on wu.whistle_id = w.id
       where w.status <> 'cancelled' and w.created_at >= $1 and w.created_at < $2 and ($4::int[] is null or wu.unit_id = any($4::int[])))
     select x.unit_id as "unitId", u.name as "unitName", u.type as "unitType", count(*)::int as summoned,
       count(*) filter (where not missing and reported_at <= report_by)::int as "onTime",
       count(*) filter (where not missing and (reported_at > report_by or (reported_at is null and report_by < $3)))::int as late,
       count(*) filter (where missing)::int as missing,
       count(*) filter (where rating = 'satisfied')::int as satisfied,
       count(*) filter (where rating = 'basically')::int as basically,
       count(*) filter (where rating = 'unsatisfied')::int as unsatisfied
     from x join units u on u.id = x.unit_id group by x.unit_id, u.name, u.type, u.code order by u.code`,
    [start, end, now, unitIds ?? null],
  );
  return rows.map((r) => ({ ...r, score: whistleScore(r) }));
}

/** unit id → whistle score as a fraction 0–1 (for the composite), units with a score only. */
export async function whistleScores(q: Queryable, month: string, tz: string, now: Date): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const s of await whistleStats(q, month, tz, now)) if (s.score !== null) out.set(s.unitId, s.score / 100);
  return out;
}
