// The audit log (phone reveals and other sensitive reads): written in the transaction of the act, limited
// per user from the table itself (so the limit holds across instances), searched by supervisors.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { parseInstant } from '../../shared/instant';
import type { AuthUser } from '../users/users.repo';

const HOUR = 3_600_000;
/** Advisory-lock class for counting a user's reveals: two instances cannot both take the last one. */
const REVEAL_LOCK = 912345;

export interface AuditEntry {
  id: number;
  at: string;
  action: string;
  user: { id: number; username: string; displayName: string } | null;
  unit: { id: number; name: string } | null;
  order: { id: number; number: string } | null;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  userId?: number;
  orderId?: number;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  /** The `next` cursor of the previous page: entries older than it. */
  before?: string;
}

/** Keyset cursor over (at, id), newest first: `<ISO instant>~<id>`. */
const cursorOf = (at: Date, id: number) => `${at.toISOString()}~${id}`;
function parseCursor(c: string): { at: Date; id: number } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,10})$/.exec(c);
  const at = m ? new Date(m[1]) : null;
  if (!m || !at || Number.isNaN(at.getTime()) || Number(m[2]) > 2147483647) fail('validation_failed', 'before: pass the `next` value of the previous page unchanged');
  return { at, id: Number(m[2]) };
}

/**
 * Takes one of the user's phone reveals for the hour, or fails 429 reveal_limit_reached with the seconds
 * until one frees up. Call inside the transaction that writes the audit row (the lock lasts until its end).
 */
export async function takeReveal(q: Queryable, user: AuthUser, now: Date): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1, $2)', [REVEAL_LOCK, user.id]);
  const { rows: cfg } = await q.query<{ value: number }>(`select value from settings where key = 'reveal_limit_per_hour'`);
  const limit = Number(cfg[0]?.value ?? 30);
  const since = new Date(now.getTime() - HOUR);
  const { rows } = await q.query<{ at: Date }>(
    `select at from audit_log where user_id = $1 and action = 'reveal_phone' and at > $2 order by at desc limit $3`,
    [user.id, since, limit],
  );
  if (rows.length < limit) return;
  // The oldest of the last `limit` reveals leaves the window first.
  const retryAfter = Math.max(1, Math.ceil((rows[rows.length - 1].at.getTime() + HOUR - now.getTime()) / 1000));
  fail('reveal_limit_reached', `you revealed ${limit} phone numbers in the last hour (the limit); the next one is possible in ${retryAfter} s`, { retryAfter });
}

export function auditService(db: Queryable, tz: string) {
  return {
    async search(f: AuditFilter): Promise<{ items: AuditEntry[]; next: string | null }> {
      const limit = Math.min(200, Math.max(1, f.limit ?? 50));
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => {
        params.push(v);
        return `$${params.length}`;
      };
      if (f.userId) where.push(`a.user_id = ${p(f.userId)}`);
      if (f.orderId) where.push(`a.order_id = ${p(f.orderId)}`);
      if (f.action) where.push(`a.action = ${p(f.action)}`);
      if (f.from) where.push(`a.at >= ${p(parseInstant(f.from, 'from', tz))}`);
      if (f.to) where.push(`a.at <= ${p(parseInstant(f.to, 'to', tz))}`);
      if (f.before) {
        const c = parseCursor(f.before);
        where.push(`(a.at, a.id) < (${p(c.at)}::timestamptz, ${p(c.id)}::int)`);
      }
      const { rows } = await db.query<{ id: number; at: Date; action: string; userId: number | null; username: string | null; displayName: string | null; unitId: number | null; unitName: string | null; orderId: number | null; number: string | null; detail: Record<string, unknown> }>(
        `select a.id, a.at, a.action, a.user_id as "userId", u.username, u.display_name as "displayName", a.unit_id as "unitId", un.name as "unitName",
           a.order_id as "orderId", o.number, a.detail
         from audit_log a left join users u on u.id = a.user_id left join units un on un.id = a.unit_id left join orders o on o.id = a.order_id
         ${where.length ? `where ${where.join(' and ')}` : ''} order by a.at desc, a.id desc limit ${p(limit + 1)}`,
        params,
      );
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: r.id, at: r.at.toISOString(), action: r.action,
          user: r.userId !== null ? { id: r.userId, username: r.username ?? '', displayName: r.displayName ?? '' } : null,
          unit: r.unitId !== null ? { id: r.unitId, name: r.unitName ?? '' } : null,
          order: r.orderId !== null ? { id: r.orderId, number: r.number ?? '' } : null,
          detail: r.detail,
        })),
        next: rows.length > limit && last ? cursorOf(last.at, last.id) : null,
      };
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;
