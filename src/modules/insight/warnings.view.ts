// What a user sees and does with early warnings: supervisors (and the centre, leaders) see all; a unit sees
// the warnings of its subtree and marks them seen or acted on; states only move forward.
import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import { seesAll } from '../assessment/access';
import type { AuthUser } from '../users/users.repo';
import { scopeUnit } from './summary';

export type WarningState = 'new' | 'seen' | 'acted';
export interface WarningQuery { state?: WarningState; kind?: string; unitId?: number; limit?: number }
const RANK: Record<WarningState, number> = { new: 0, seen: 1, acted: 2 };

export interface WarningView {
  id: number; kind: string; unitId: number | null; unitName: string | null; categoryId: number | null; title: string;
  detail: Record<string, unknown>; orderIds: number[]; state: WarningState; note: string | null; createdAt: string; updatedAt: string;
}

const COLS = `w.id, w.kind, w.unit_id as "unitId", u.name as "unitName", w.category_id as "categoryId", w.title, w.detail, w.order_ids as "orderIds",
  w.state, w.note, w.created_at as "createdAt", w.updated_at as "updatedAt"`;
const shape = (r: Omit<WarningView, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date }): WarningView => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() });

export async function listWarnings(db: Db, user: AuthUser, f: WarningQuery) {
  const unit = await scopeUnit(db, user, f.unitId);
  const where: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  // District-wide warnings (seasonal, no unit) are shown to units too: they concern everyone.
  if (unit) where.push(`(w.unit_id is null or w.unit_id in (select id from units where path like ${p(unit.path)} || '%'))`);
  if (f.state) where.push(`w.state = ${p(f.state)}`);
  if (f.kind) where.push(`w.kind = ${p(f.kind)}`);
  const { rows } = await db.query<Parameters<typeof shape>[0]>(
    `select ${COLS} from insight_warnings w left join units u on u.id = w.unit_id ${where.length ? `where ${where.join(' and ')}` : ''}
     order by w.created_at desc, w.id desc limit ${p(f.limit ?? 100)}`,
    params,
  );
  return { items: rows.map(shape) };
}

export async function setWarningState(db: Db, user: AuthUser, id: number, state: 'seen' | 'acted', note: string | null, now: Date): Promise<WarningView> {
  const { rows } = await db.query<Parameters<typeof shape>[0] & { unitPath: string | null }>(
    `select ${COLS}, u.path as "unitPath" from insight_warnings w left join units u on u.id = w.unit_id where w.id = $1`, [id]);
  const w = rows[0];
  const mine = w && (seesAll(user) || (w.unitPath !== null && w.unitPath.startsWith(user.unitPath)));
  // A warning outside the user's unit answers like a missing one.
  if (!w || (!mine && !(w.unitPath === null && seesAll(user)))) fail('not_found', `warning ${id} does not exist or is outside your unit`);
  if (['grid_worker', 'operator', 'callback_agent', 'leader'].includes(user.role)) fail('forbidden', `the ${user.role} role may not change a warning's state`);
  if (RANK[state] < RANK[w.state]) fail('invalid_transition', `the warning is already ${w.state}; its state only moves forward (new → seen → acted)`);
  const { rows: out } = await db.query<Parameters<typeof shape>[0]>(
    `update insight_warnings w set state = $2, note = coalesce($3, note), updated_at = $4 where w.id = $1
     returning ${COLS.replace(/u\.name as "unitName"/, '(select name from units where id = w.unit_id) as "unitName"')}`,
    [id, state, note, now],
  );
  return shape(out[0]);
}
