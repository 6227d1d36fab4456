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
}

const SELECT_AUTH = `select u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId",
  un.code as "unitCode", un.name as "unitName", un.type as "unitType", un.path as "unitPath"
  from users u join units un on un.id = u.unit_id`;

function toAuth(r: Omit<AuthUser, 'isCenter'>): AuthUser {
  return { ...r, isCenter: r.unitType === 'center' };
}

export function usersRepo(db: Queryable) {
  return {
    async byUsername(username: string, q: Queryable = db): Promise<(AuthUser & { passwordHash: string; disabled: boolean }) | null> {
      const { rows } = await q.query<Omit<AuthUser, 'isCenter'> & { passwordHash: string; disabled: boolean }>(
        `${SELECT_AUTH.replace('select ', 'select u.password_hash as "passwordHash", u.disabled, ')} where u.username = $1`,
        [username],
      );
      return rows[0] ? { ...toAuth(rows[0]), passwordHash: rows[0].passwordHash, disabled: rows[0].disabled } : null;
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
    async insert(u: { username: string; displayName: string; passwordHash: string; role: Role; unitId: number; isDemo: boolean }, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ id: number }>(
        `insert into users (username, display_name, password_hash, role, unit_id, is_demo) values ($1, $2, $3, $4, $5, $6)
         on conflict (username) do nothing returning id`,
        [u.username, u.displayName, u.passwordHash, u.role, u.unitId, u.isDemo],
      );
      return rows[0]?.id ?? 0;
    },
    async list(q: Queryable = db) {
      const { rows } = await q.query(
        `select u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId", un.name as "unitName", u.is_demo as "isDemo", u.disabled
         from users u join units un on un.id = u.unit_id order by u.id`,
      );
      return rows;
    },
    async demoUsersExist(q: Queryable = db): Promise<boolean> {
      const { rows } = await q.query('select 1 from users where is_demo and not disabled limit 1');
      return rows.length > 0;
    },
    async recordLoginFailure(key: string, at: Date, q: Queryable = db): Promise<void> {
      await q.query('insert into login_failures (key, at) values ($1, $2)', [key, at]);
    },
    async recentLoginFailures(key: string, since: Date, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ n: number }>('select count(*)::int as n from login_failures where key = $1 and at > $2', [key, since]);
      return rows[0].n;
    },
  };
}
export type UsersRepo = ReturnType<typeof usersRepo>;
