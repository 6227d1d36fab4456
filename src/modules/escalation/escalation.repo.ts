// 分级协调 escalation rows. Every function takes the Queryable to run on, so actions pass their transaction.
import type { Queryable } from '../../db';

export type EscalationLevel = 'district' | 'city' | 'regulator';
export type EscalationStatus = 'open' | 'coordinated' | 'refused' | 'cancelled';
export const LEVELS: readonly EscalationLevel[] = ['district', 'city', 'regulator'];

export interface EscalationRow {
  id: number;
  orderId: number;
  level: EscalationLevel;
  fromUnitId: number;
  fromUnitName: string;
  toUnitId: number;
  toUnitName: string;
  toUnitPath: string;
  reason: string;
  answerBy: Date;
  status: EscalationStatus;
  decisionNote: string | null;
  assignedUnitIds: number[];
  requestedAt: Date;
  requestedByName: string | null;
  answeredAt: Date | null;
  answeredByName: string | null;
  overdueAt: Date | null;
}

export const E_COLS = `e.id, e.order_id as "orderId", e.level, e.from_unit_id as "fromUnitId", fu.name as "fromUnitName", e.to_unit_id as "toUnitId",
  tu.name as "toUnitName", tu.path as "toUnitPath", e.reason, e.answer_by as "answerBy", e.status, e.decision_note as "decisionNote",
  e.assigned_unit_ids as "assignedUnitIds", e.requested_at as "requestedAt", ru.display_name as "requestedByName",
  e.answered_at as "answeredAt", au.display_name as "answeredByName", e.overdue_at as "overdueAt"`;
export const E_FROM = `escalations e join units fu on fu.id = e.from_unit_id join units tu on tu.id = e.to_unit_id
  left join users ru on ru.id = e.requested_by left join users au on au.id = e.answered_by`;

export async function openEscalation(q: Queryable, orderId: number): Promise<EscalationRow | null> {
  const { rows } = await q.query<EscalationRow>(`select ${E_COLS} from ${E_FROM} where e.order_id = $1 and e.status = 'open'`, [orderId]);
  return rows[0] ?? null;
}

export async function escalationsOfOrder(q: Queryable, orderId: number): Promise<EscalationRow[]> {
  return (await q.query<EscalationRow>(`select ${E_COLS} from ${E_FROM} where e.order_id = $1 order by e.id desc`, [orderId])).rows;
}

export async function insertEscalation(
  q: Queryable,
  e: { orderId: number; level: EscalationLevel; fromUnitId: number; toUnitId: number; reason: string; answerBy: Date; by: number | null; at: Date },
): Promise<number> {
  const { rows } = await q.query<{ id: number }>(
    `insert into escalations (order_id, level, from_unit_id, to_unit_id, reason, answer_by, requested_by, requested_at) values ($1,$2,$3,$4,$5,$6,$7,$8) returning id`,
    [e.orderId, e.level, e.fromUnitId, e.toUnitId, e.reason, e.answerBy, e.by, e.at],
  );
  return rows[0].id;
}

/** Ends the open request (answered or cancelled) and the addressed unit's access with it. */
export async function endEscalation(
  q: Queryable,
  e: { id: number; orderId: number },
  status: Exclude<EscalationStatus, 'open'>,
  d: { note: string | null; unitIds: number[]; by: number | null; at: Date },
): Promise<boolean> {
  const { rowCount } = await q.query(
    `update escalations set status = $2, decision_note = $3, assigned_unit_ids = $4, answered_by = $5, answered_at = $6 where id = $1 and status = 'open'`,
    [e.id, status, d.note, d.unitIds, d.by, d.at],
  );
  await q.query(`update order_assignments set active = false where order_id = $1 and role = 'escalation' and active`, [e.orderId]);
  return rowCount === 1;
}

/** The sweep's claim: true when this caller marked the request overdue (and so records the event). */
export async function claimOverdue(q: Queryable, id: number, now: Date): Promise<{ toUnitId: number; answerBy: Date } | null> {
  const { rows } = await q.query<{ toUnitId: number; answerBy: Date }>(
    `update escalations set overdue_at = $2 where id = $1 and status = 'open' and overdue_at is null and answer_by < $2
     returning to_unit_id as "toUnitId", answer_by as "answerBy"`,
    [id, now],
  );
  return rows[0] ?? null;
}
