// 信息公开: what the hotline publishes about itself — monthly volumes, the top categories, and per-street rates
// once a supervisor published that month's assessment (live, unpublished figures are never shown).
import type { Queryable } from '../../db';
import { addMonths, monthBounds, monthOf } from '../assessment/month';
import { latestPublication } from '../assessment/publish';
import type { RankingItem } from '../assessment/rankings';

export const DISCLOSURE_MONTHS = 12;
const COUNTED = `o.status not in ('invalid')`;

export async function disclosure(db: Queryable, tz: string, now: Date, month?: string) {
  // Default: the last complete month.
  const m = month ?? addMonths(monthOf(now, tz), -1);
  const first = addMonths(m, -(DISCLOSURE_MONTHS - 1));
  const { start } = monthBounds(first, tz);
  const { start: mStart, end: mEnd } = monthBounds(m, tz);
  const [{ rows: volumes }, { rows: top }, { rows: types }, pub] = await Promise.all([
    db.query<{ month: string; total: number }>(
      `select to_char(o.created_at at time zone $3, 'YYYY-MM') as month, count(*)::int as total from orders o
       where o.created_at >= $1 and o.created_at < $2 and ${COUNTED} group by 1 order by 1`,
      [start, mEnd, tz],
    ),
    db.query<{ name: string; count: number }>(
      `select c.name, count(*)::int as count from orders o join catalog_categories c on c.id = o.category_id
       where o.created_at >= $1 and o.created_at < $2 and ${COUNTED} group by c.name order by 2 desc, 1 limit 10`,
      [mStart, mEnd],
    ),
    db.query<{ type: string; count: number }>(
      `select o.type, count(*)::int as count from orders o where o.created_at >= $1 and o.created_at < $2 and ${COUNTED} group by 1 order by 2 desc`,
      [mStart, mEnd],
    ),
    latestPublication(db, m),
  ]);
  const byMonth = new Map(volumes.map((v) => [v.month, v.total]));
  const months = Array.from({ length: DISCLOSURE_MONTHS }, (_, i) => addMonths(first, i)).map((x) => ({ month: x, total: byMonth.get(x) ?? 0 }));
  const rates = (items: RankingItem[] | undefined) =>
    (items ?? []).map((i) => ({ name: i.unitName, rank: i.rank, assessed: i.assessed, responseRate: i.responseRate, resolutionRate: i.resolutionRate, satisfactionRate: i.satisfactionRate, composite: i.composite }));
  return {
    month: m,
    total: byMonth.get(m) ?? 0,
    months,
    topCategories: top,
    byType: types,
    assessment: pub
      ? { published: true, version: pub.version, publishedAt: pub.publishedAt.toISOString(), streets: [...rates(pub.rankings.street), ...rates(pub.rankings.town)] }
      : { published: false, version: null, publishedAt: null, streets: [] },
  };
}
