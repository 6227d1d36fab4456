// The service user the portal acts as: it files residents' orders (channel web / qr) and records their
// evaluations as callbacks. Disabled, with no usable password: nobody can sign in as it.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';

export const PORTAL_USERNAME = 'portal.residents';

export function portalUser(db: Queryable) {
  let cached: AuthUser | null = null;
  const read = async () =>
    (await db.query<Omit<AuthUser, 'isCenter' | 'mustChangePassword'>>(
      `select u.id, u.username, u.display_name as "displayName", u.role, u.unit_id as "unitId", un.code as "unitCode", un.name as "unitName",
         un.type as "unitType", un.path as "unitPath" from users u join units un on un.id = u.unit_id where u.username = $1`,
      [PORTAL_USERNAME],
    )).rows[0];
  return async (): Promise<AuthUser> => {
    if (cached) return cached;
    let u = await read();
    if (!u) {
      const centre = (await db.query<{ id: number }>(`select id from units where type = 'center' order by id limit 1`)).rows[0];
      if (!centre) fail('unit_not_found', 'the 12345 centre unit does not exist yet');
      // callback_agent: the role that records callbacks; creating orders is open to the service itself.
      await db.query(
        `insert into users (username, display_name, password_hash, role, unit_id, disabled) values ($1, '市民（网上）', '!', 'callback_agent', $2, true) on conflict (username) do nothing`,
        [PORTAL_USERNAME, centre.id],
      );
      u = (await read())!;
    }
    cached = { ...u, isCenter: u.unitType === 'center', mustChangePassword: false };
    return cached;
  };
}
