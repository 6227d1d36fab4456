import type { Queryable } from '../../db';
import type { Role } from './roles';

export interface AuthUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitType: string;
  unitPath: string;
  /** Members of the 12345 centre see everything and full phone numbers. */
  isCenter: boolean;
  /** Set by an admin's password reset: nothing but POST /me/password (and sign-out) until a new password is set. */
  mustChangePassword: boolean;
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number;
  unitName: string;
  isDemo: boolean;
  disabled: boolean;
  mustChangePassword: boolean;
}

export interface UserFilter {
  q?: string;
  role?: Role;
  unitId?: number;
  disabled?: boolean;
}

const SELECT_AUTH = `select u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId",
  un.code as "unitCode", un.name as "unitName", un.type as "unitType", un.path as "unitPath", u.must_change_password as "mustChangePassword"
  from users u join units un on un.id = u.unit_id`;
const SELECT_ROW = `select u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId", un.name as "unitName",
  u.is_demo as "isDemo", u.disabled, u.must_change_password as "mustChangePassword" from users u join units un on un.id = u.unit_id`;

function toAuth(r: Omit<AuthUser, 'isCenter'>): AuthUser {
  return { ...r, isCenter: r.unitType === 'center' };
}
/** A LIKE pattern that matches `s` literally anywhere. */
const contains = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function usersRepo(db: Queryable) {
  return {
    async byUsername(username: string, q: Queryable = db): Promise<(AuthUser & { passwordHash: string; disabled: boolean }) | null> {
      const { rows } = await q.query<Omit<AuthUser, 'isCenter'> & { passwordHash: string; disabled: boolean }>(
        `${SELECT_AUTH.replace('select ', 'select u.password_hash as "passwordHash", u.disabled, ')} where u.username = $1`,
        [username],
      );
      return rows[0] ? { ...toAuth(rows[0]), passwordHash: rows[0].passwordHash, disabled: rows[0].disabled } : null;
    },
    async passwordHash(userId: number, q: Queryable = db): Promise<string | null> {
      const { rows } = await q.query<{ h: string }>('select password_hash as h from users where id = $1', [userId]);
      return rows[0]?.h ?? null;
    },
    async bySessionHash(tokenHash: string, now: Date, q: Queryable = db): Promise<AuthUser | null> {
      const { rows } = await q.query<Omit<AuthUser, 'isCenter'>>(
        `${SELECT_AUTH} join sessions s on s.user_id = u.id where s.token_hash = $1 and s.expires_at > $2 and not u.disabled`,
        [tokenHash, now],
      );
      return rows[0] ? toAuth(rows[0]) : null;
    },
    async createSession(tokenHash: string, userId: number, expiresAt: Date, q: Queryable = db): Promise<void> {
      await q.query('insert into sessions (token_hash, user_id, expires_at) values ($1, $2, $3)', [tokenHash, userId, expiresAt]);
    },
    async deleteSession(tokenHash: string, q: Queryable = db): Promise<void> {
      await q.query('delete from sessions where token_hash = $1', [tokenHash]);
    },
    /** Ends every session of a user except `keep` (a session key). */
    async deleteSessionsOf(userId: number, keep: string | null = null, q: Queryable = db): Promise<number> {
      const r = await q.query('delete from sessions where user_id = $1 and token_hash <> coalesce($2, \'\')', [userId, keep]);
      return r.rowCount;
    },
    async insert(u: { username: string; displayName: string; passwordHash: string; role: Role; unitId: number; isDemo: boolean }, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ id: number }>(
        `insert into users (username, display_name, password_hash, role, unit_id, is_demo) values ($1, $2, $3, $4, $5, $6)
         on conflict (username) do nothing returning id`,
        [u.username, u.displayName, u.passwordHash, u.role, u.unitId, u.isDemo],
      );
      return rows[0]?.id ?? 0;
    },
    async list(f: UserFilter = {}, q: Queryable = db): Promise<UserRow[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => `$${params.push(v)}`;
      if (f.q?.trim()) {
        const like = p(contains(f.q.trim()));
        where.push(`(u.username ilike ${like} or u.display_name ilike ${like})`);
      }
      if (f.role) where.push(`u.role = ${p(f.role)}`);
      if (f.unitId !== undefined) where.push(`u.unit_id = ${p(f.unitId)}`);
      if (f.disabled !== undefined) where.push(`u.disabled = ${p(f.disabled)}`);
      const { rows } = await q.query<UserRow>(`${SELECT_ROW} ${where.length ? `where ${where.join(' and ')}` : ''} order by u.id`, params);
      return rows;
    },
    async byId(id: number, q: Queryable = db, lock = false): Promise<UserRow | null> {
      const { rows } = await q.query<UserRow>(`${SELECT_ROW} where u.id = $1${lock ? ' for update of u' : ''}`, [id]);
      return rows[0] ?? null;
    },
    /** Locks the active admins' rows (so two concurrent demotions cannot both pass) and returns their ids. */
    async lockActiveAdmins(q: Queryable): Promise<number[]> {
      const { rows } = await q.query<{ id: number }>(`select id from users where role = 'admin' and not disabled order by id for update`);
      return rows.map((r) => r.id);
    },
    async update(id: number, patch: { displayName?: string; role?: Role; unitId?: number; disabled?: boolean }, q: Queryable = db): Promise<void> {
      await q.query(
        `update users set display_name = coalesce($2, display_name), role = coalesce($3, role), unit_id = coalesce($4, unit_id),
         disabled = coalesce($5, disabled) where id = $1`,
        [id, patch.displayName ?? null, patch.role ?? null, patch.unitId ?? null, patch.disabled ?? null],
      );
    },
    async setPassword(id: number, passwordHash: string, mustChange: boolean, q: Queryable = db): Promise<void> {
      await q.query('update users set password_hash = $2, must_change_password = $3 where id = $1', [id, passwordHash, mustChange]);
    },
    async demoUsersExist(q: Queryable = db): Promise<boolean> {
      const { rows } = await q.query('select 1 from users where is_demo and not disabled limit 1');
      return rows.length > 0;
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
