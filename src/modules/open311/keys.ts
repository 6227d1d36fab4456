// Open311 API keys: issued by an admin per client application, shown once, stored as a SHA-256 hash (the
// key is 192 random bits, so a fast hash is enough), revocable; a per-key rate limit counted in the database.
import { createHash, randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db';
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const COLS = `k.id, k.name, k.prefix, k.created_at as "createdAt", k.revoked_at as "revokedAt", k.last_used_at as "lastUsedAt"`;
const hash = (key: string) => createHash('sha256').update(key).digest('hex');

export function keysRepo(db: Db) {
  return {
    async issue(name: string, by: number, at: Date): Promise<ApiKey & { key: string }> {
      const key = `mh311_${randomBytes(24).toString('base64url')}`;
      return db.tx(async (q) => {
        const centre = (await q.query<{ id: number }>(`select id from units where type = 'center' order by id limit 1`)).rows[0];
        if (!centre) fail('unit_not_found', 'the 12345 centre unit does not exist yet');
        // The service user that files this application's orders: disabled, with no usable password.
        const user = (await q.query<{ id: number }>(
          `insert into users (username, display_name, password_hash, role, unit_id, disabled) values ($1, $2, '!', 'operator', $3, true) returning id`,
          [`open311.${randomBytes(6).toString('hex')}`, `Open311：${name}`, centre.id],
        )).rows[0];
        const { rows } = await q.query<ApiKey>(
          `insert into open311_keys (name, key_hash, prefix, user_id, created_by, created_at) values ($1, $2, $3, $4, $5, $6) returning ${COLS.replace(/k\./g, '')}`,
          [name, hash(key), key.slice(0, 10), user.id, by, at],
        );
        return { ...rows[0], key };
      });
    },
    async list(): Promise<ApiKey[]> {
      return (await db.query<ApiKey>(`select ${COLS} from open311_keys k order by k.id`)).rows;
    },
    async revoke(id: number, at: Date): Promise<void> {
      const { rowCount } = await db.query('update open311_keys set revoked_at = coalesce(revoked_at, $2) where id = $1', [id, at]);
      if (!rowCount) fail('api_key_not_found', `no Open311 API key ${id}`);
    },
    /** The key's id and service user, or null for an unknown or revoked key. */
    async authenticate(key: string, at: Date): Promise<{ keyId: number; user: AuthUser } | null> {
      if (!key || key.length > 200) return null;
      const { rows } = await db.query<AuthUser & { keyId: number }>(
        `update open311_keys k set last_used_at = $2 from users u join units un on un.id = u.unit_id
         where k.key_hash = $1 and k.revoked_at is null and u.id = k.user_id
         returning k.id as "keyId", u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId",
           un.code as "unitCode", un.name as "unitName", un.type as "unitType", un.path as "unitPath"`,
        [hash(key), at],
      );
      const r = rows[0];
      if (!r) return null;
      const { keyId, ...user } = r;
      return { keyId, user: { ...user, isCenter: true } };
    },
    /** Counts one request in the key's current minute; true while within `limit`. */
    async allow(keyId: number, at: Date, limit: number, q: Queryable = db): Promise<boolean> {
      const window = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
      const { rows } = await q.query<{ count: number }>(
        `insert into open311_rate (key_id, window_start, count) values ($1, $2, 1)
         on conflict (key_id, window_start) do update set count = open311_rate.count + 1 returning count`,
        [keyId, window],
      );
      if (Math.random() < 0.01) await q.query('delete from open311_rate where window_start < $1', [new Date(window.getTime() - 3_600_000)]);
      return rows[0].count <= limit;
    },
  };
}
export type KeysRepo = ReturnType<typeof keysRepo>;
