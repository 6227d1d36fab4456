// Whistle 吹哨报到 rows: whistles, their summoned units (reports, ratings) and the sweep's claims.
// Every function takes the Queryable to run on, so actions pass their transaction.
import type { Queryable } from '../../db';

export type WhistleScore = 'satisfied' | 'basically' | 'unsatisfied';
export type WhistleStatus = 'open' | 'closed' | 'cancelled';

export interface WhistleRow {
  id: number;
  orderId: number;
  unitId: number;
  unitName: string;
  reason: string;
  reportBy: Date;
  missingAt: Date;
  status: WhistleStatus;
  createdAt: Date;
  closedAt: Date | null;
}

export interface WhistleUnitRow {
  whistleId: number;
  unitId: number;
  unitName: string;
  unitType: string;
  unitPath: string;
  reportAction: string | null;
  reportNote: string | null;
  onSiteAt: Date | null;
  reportedAt: Date | null;
  reportedByName: string | null;
  rating: WhistleScore | null;
  ratingNote: string | null;
  ratedAt: Date | null;
  late: boolean;
  missing: boolean;
}

const W_COLS = `w.id, w.order_id as "orderId", w.unit_id as "unitId", u.name as "unitName", w.reason, w.report_by as "reportBy", w.missing_at as "missingAt",
  w.status, w.created_at as "createdAt", w.closed_at as "closedAt"`;
const WU_COLS = `wu.whistle_id as "whistleId", wu.unit_id as "unitId", u.name as "unitName", u.type as "unitType", u.path as "unitPath",
  wu.report_action as "reportAction", wu.report_note as "reportNote", wu.on_site_at as "onSiteAt", wu.reported_at as "reportedAt", ru.display_name as "reportedByName",
  wu.rating, wu.rating_note as "ratingNote", wu.rated_at as "ratedAt",
  exists (select 1 from whistle_alerts a where a.whistle_id = wu.whistle_id and a.unit_id = wu.unit_id and a.kind = 'late') as late,
  exists (select 1 from whistle_alerts a where a.whistle_id = wu.whistle_id and a.unit_id = wu.unit_id and a.kind = 'missing') as missing`;

export async function openWhistle(q: Queryable, orderId: number): Promise<WhistleRow | null> {
  const { rows } = await q.query<WhistleRow>(`select ${W_COLS} from whistles w join units u on u.id = w.unit_id where w.order_id = $1 and w.status = 'open'`, [orderId]);
  return rows[0] ?? null;
}

export async function whistlesOfOrder(q: Queryable, orderId: number): Promise<WhistleRow[]> {
  return (await q.query<WhistleRow>(`select ${W_COLS} from whistles w join units u on u.id = w.unit_id where w.order_id = $1 order by w.id desc`, [orderId])).rows;
}

export async function whistleUnits(q: Queryable, whistleIds: number[]): Promise<WhistleUnitRow[]> {
  if (!whistleIds.length) return [];
  const { rows } = await q.query<WhistleUnitRow>(
    `select ${WU_COLS} from whistle_units wu join units u on u.id = wu.unit_id left join users ru on ru.id = wu.reported_by
     where wu.whistle_id = any($1::int[]) order by wu.whistle_id, u.code`,
    [whistleIds],
  );
  return rows;
}

/** Paths of the units of the order's open whistle that have not reported yet (for the actions offered). */
export async function unreportedPaths(q: Queryable, orderId: number): Promise<string[]> {
  const { rows } = await q.query<{ path: string }>(
    `select u.path from whistles w join whistle_units wu on wu.whistle_id = w.id join units u on u.id = wu.unit_id
     where w.order_id = $1 and w.status = 'open' and wu.reported_at is null`,
    [orderId],
  );
  return rows.map((r) => r.path);
}

export async function insertWhistle(
  q: Queryable,
  w: { orderId: number; unitId: number; reason: string; reportBy: Date; missingAt: Date; by: number | null; at: Date },
  unitIds: number[],
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `insert into whistles (order_id, unit_id, reason, report_by, missing_at, created_by, created_at) values ($1,$2,$3,$4,$5,$6,$7) returning id`,
    [w.orderId, w.unitId, w.reason, w.reportBy, w.missingAt, w.by, w.at],
  );
  const id = rows[0].id;
  await q.query('insert into whistle_units (whistle_id, unit_id) select $1, u from unnest($2::int[]) as u', [id, unitIds]);
  return id;
}

export async function recordReport(
  q: Queryable,
  whistleId: number,
  unitId: number,
  r: { action: string; note: string | null; onSiteAt: Date | null; by: number | null; at: Date },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `update whistle_units set report_action = $3, report_note = $4, on_site_at = $5, reported_by = $6, reported_at = $7
     where whistle_id = $1 and unit_id = $2 and reported_at is null`,
    [whistleId, unitId, r.action, r.note, r.onSiteAt, r.by, r.at],
  );
  return rowCount === 1;
}

export async function recordRating(q: Queryable, whistleId: number, unitId: number, score: WhistleScore, note: string | null, at: Date) {
  await q.query('update whistle_units set rating = $3, rating_note = $4, rated_at = $5 where whistle_id = $1 and unit_id = $2', [whistleId, unitId, score, note, at]);
}

/** Ends a whistle (rated, or cancelled with the order's return) and the summoned units' access with it. */
export async function endWhistle(q: Queryable, w: { id: number; orderId: number }, status: 'closed' | 'cancelled', by: number | null, at: Date) {
  await q.query(`update whistles set status = $2, closed_by = $3, closed_at = $4 where id = $1 and status = 'open'`, [w.id, status, by, at]);
  await q.query(`update order_assignments set active = false where order_id = $1 and role = 'whistle' and active`, [w.orderId]);
}

/** The claim of one late / missing record: true when this caller inserted it (and so records the event). */
export async function claimAlert(q: Queryable, whistleId: number, unitId: number, kind: 'late' | 'missing', at: Date): Promise<boolean> {
  const { rowCount } = await q.query('insert into whistle_alerts (whistle_id, unit_id, kind, at) values ($1,$2,$3,$4) on conflict do nothing', [whistleId, unitId, kind, at]);
  return rowCount === 1;
}
