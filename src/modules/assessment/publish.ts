// Publishing a month freezes its figures: a version row with the rankings of every unit type and a copy of
// the facts behind them. Later changes to the orders touch only the live facts; a republish (with a reason,
// audited) makes the next version from the live facts of that moment.
import type { Queryable } from '../../db';
import { snapshotCounts } from './counts';
import { DEFAULT_WEIGHTS, type Source, type Weights } from './rates';
import type { AssessedType, RankingItem } from './rankings';

export interface Publication {
  month: string;
  version: number;
  publishedAt: Date;
  publishedBy: number | null;
  reason: string | null;
  weights: Weights;
  rankings: Record<AssessedType, RankingItem[]>;
}

const COLS = `month, version, published_at as "publishedAt", published_by as "publishedBy", reason, weights, rankings`;

/** The latest published version of a month, or null while it is live. */
export async function latestPublication(q: Queryable, month: string): Promise<Publication | null> {
  const { rows } = await q.query<Publication>(`select ${COLS} from assessment_publications where month = $1 order by version desc limit 1`, [month]);
  return rows[0] ?? null;
}

/** Latest version per month for a set of months. */
export async function publishedVersions(q: Queryable, months: string[]): Promise<Map<string, number>> {
  const { rows } = await q.query<{ month: string; version: number }>(`select month, max(version)::int as version from assessment_publications where month = any($1::text[]) group by month`, [months]);
  return new Map(rows.map((r) => [r.month, r.version]));
}

export async function listPublications(q: Queryable, month: string) {
  const { rows } = await q.query<{ version: number; publishedAt: Date; publishedBy: string | null; reason: string | null }>(
    `select p.version, p.published_at as "publishedAt", u.display_name as "publishedBy", p.reason from assessment_publications p
     left join users u on u.id = p.published_by where p.month = $1 order by p.version`,
    [month],
  );
  return rows;
}

export async function insertPublication(q: Queryable, p: Omit<Publication, 'version'>): Promise<number> {
  const { rows } = await q.query<{ version: number }>(
    `insert into assessment_publications (month, version, published_at, published_by, reason, weights, rankings)
     select $1, coalesce(max(version), 0) + 1, $2, $3, $4, $5, $6 from assessment_publications where month = $1 returning version`,
    [p.month, p.publishedAt, p.publishedBy, p.reason, JSON.stringify(p.weights), JSON.stringify(p.rankings)],
  );
  const version = rows[0].version;
  await q.query(
    `insert into assessment_snapshot_facts (month, version, order_id, stint, unit_id, contact_due_at, first_contact_at, ended_at, evaluation, resolution, satisfaction, exemption, exemption_reason, attitude, category_id)
     select month, $2, order_id, stint, unit_id, contact_due_at, first_contact_at, ended_at, evaluation, resolution, satisfaction, exemption, exemption_reason, attitude, category_id
     from assessment_facts where month = $1`,
    [p.month, version],
  );
  await snapshotCounts(q, p.month, version);
  return version;
}

/** Where a month's figures come from: its latest published version (frozen, with its weights), or live. */
export async function monthSource(q: Queryable, month: string): Promise<{ src: Source; published: boolean; version: number | null; weights: Weights }> {
  const pub = await latestPublication(q, month);
  if (pub) return { src: { kind: 'snapshot', version: pub.version }, published: true, version: pub.version, weights: pub.weights };
  const { rows } = await q.query<Weights>('select a, b, c, wp, wb from assessment_weights where month = $1', [month]);
  return { src: { kind: 'live' }, published: false, version: null, weights: rows[0] ?? DEFAULT_WEIGHTS };
}
