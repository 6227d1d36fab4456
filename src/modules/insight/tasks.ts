// 未诉先办 tasks: proactive work (what, where, which unit, due) scheduled ahead of a peak, caused by a topic or a
// warning and shown beside it; tracked against their own deadline (overdue while open past due).
import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import { seesAll } from '../assessment/access';
import type { AuthUser } from '../users/users.repo';
import { scopeUnit } from './summary';

export interface NewTask { title: string; place?: string; unitId: number; dueAt: string; topicId?: number; warningId?: number }
export interface TaskQuery { unitId?: number; status?: 'open' | 'done'; topicId?: number; warningId?: number }

const COLS = `t.id, t.title, t.place, t.unit_id as "unitId", u.name as "unitName", t.due_at as "dueAt", t.topic_id as "topicId", t.warning_id as "warningId",
  t.status, t.done_at as "doneAt", t.note, t.created_at as "createdAt"`;
type Row = { id: number; title: string; place: string; unitId: number; unitName: string; dueAt: Date; topicId: number | null; warningId: number | null; status: string; doneAt: Date | null; note: string | null; createdAt: Date };
const shape = (r: Row, now: Date) => ({
  ...r, dueAt: r.dueAt.toISOString(), doneAt: r.doneAt ? r.doneAt.toISOString() : null, createdAt: r.createdAt.toISOString(),
  overdue: r.status === 'open' && r.dueAt < now,
});

export function tasksService(db: Db) {
  return {
    async create(user: AuthUser, t: NewTask, now: Date) {
      if (!['supervisor', 'admin'].includes(user.role)) fail('forbidden', `the ${user.role} role may not schedule proactive tasks`);
      const due = new Date(t.dueAt);
      if (Number.isNaN(due.getTime())) fail('invalid_date', `dueAt is not a date: ${t.dueAt}`);
      if (due <= now) fail('validation_failed', 'dueAt must be in the future');
      const { rows: u } = await db.query('select 1 from units where id = $1', [t.unitId]);
      if (!u.length) fail('unit_not_found', `no unit ${t.unitId}`);
      if (t.topicId && !(await db.query('select 1 from insight_topics where id = $1', [t.topicId])).rows.length) fail('not_found', `no topic ${t.topicId}`);
      if (t.warningId && !(await db.query('select 1 from insight_warnings where id = $1', [t.warningId])).rows.length) fail('not_found', `no warning ${t.warningId}`);
      const { rows } = await db.query<{ id: number }>(
        `insert into insight_tasks (title, place, unit_id, due_at, topic_id, warning_id, created_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8) returning id`,
        [t.title, t.place ?? '', t.unitId, due, t.topicId ?? null, t.warningId ?? null, user.id, now],
      );
      return this.one(user, rows[0].id, now);
    },
    async one(user: AuthUser, id: number, now: Date) {
      const { rows } = await db.query<Row & { path: string }>(`select ${COLS}, u.path from insight_tasks t join units u on u.id = t.unit_id where t.id = $1`, [id]);
      const r = rows[0];
      if (!r || (!seesAll(user) && !r.path.startsWith(user.unitPath))) fail('not_found', `task ${id} does not exist or is outside your unit`);
      const { path: _p, ...rest } = r;
      return shape(rest, now);
    },
    async list(user: AuthUser, f: TaskQuery, now: Date) {
      const unit = await scopeUnit(db, user, f.unitId);
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => (params.push(v), `$${params.length}`);
      if (unit) where.push(`u.path like ${p(unit.path)} || '%'`);
      if (f.status) where.push(`t.status = ${p(f.status)}`);
      if (f.topicId) where.push(`t.topic_id = ${p(f.topicId)}`);
      if (f.warningId) where.push(`t.warning_id = ${p(f.warningId)}`);
      const { rows } = await db.query<Row>(`select ${COLS} from insight_tasks t join units u on u.id = t.unit_id ${where.length ? `where ${where.join(' and ')}` : ''} order by t.status, t.due_at limit 500`, params);
      return { items: rows.map((r) => shape(r, now)) };
    },
    /** The task's unit (or a unit above it) or a supervisor marks it done. */
    async done(user: AuthUser, id: number, note: string | null, now: Date) {
      const t = await this.one(user, id, now);
      if (['operator', 'callback_agent', 'leader', 'dispatcher'].includes(user.role)) fail('forbidden', `the ${user.role} role may not complete a task`);
      if (t.status === 'done') fail('invalid_transition', 'the task is already done');
      await db.query(`update insight_tasks set status = 'done', done_at = $2, note = $3 where id = $1 and status = 'open'`, [id, now, note]);
      return this.one(user, id, now);
    },
  };
}
