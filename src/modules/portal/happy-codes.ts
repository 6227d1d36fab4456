// 幸福码: one active QR code per community and grid. The code is random (40 bits, Crockford base32), its URL
// `<public URL>/q/<code>` opens the portal pre-located to the unit. Rotating a misused code revokes it (a scan
// then says so) and issues a new one; both are in the audit log.
import { randomBytes } from 'node:crypto';
import type { Db, Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { polygonCentroid } from '../geo/geometry';
import { asAreaGeometry, type LatLng } from '../geo/types';
import type { AuthUser } from '../users/users.repo';

export const CODE_UNIT_TYPES = ['community', 'grid'] as const;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CODE_PATTERN = '^[0-9A-HJKMNP-TV-Z]{8}$';

export function newCode(): string {
  const b = randomBytes(5);
  let bits = 0n;
  for (const x of b) bits = (bits << 8n) | BigInt(x);
  let s = '';
  for (let i = 0; i < 8; i++) s = ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)] + s;
  return s;
}

export interface HappyCode {
  code: string;
  url: string;
  unitId: number;
  unitName: string;
  unitType: string;
  parentName: string | null;
  createdAt: string;
}

export interface Place {
  code: string;
  unitId: number;
  unitName: string;
  unitType: string;
  /** The street/town and community above the unit, for the resident to recognise the place. */
  fullName: string;
  center: LatLng | null;
}

export function happyCodes(db: Db, publicUrl: string) {
  const urlOf = (code: string) => `${publicUrl}/q/${code}`;
  return {
    urlOf,
    /** Gives every community and grid without an active code one (safe to run on several instances at once). */
    async ensure(at: Date, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ id: number }>(
        `select u.id from units u where u.type = any($1::text[]) and not exists (select 1 from happy_codes h where h.unit_id = u.id and h.revoked_at is null) order by u.id`,
        [CODE_UNIT_TYPES],
      );
      if (!rows.length) return 0;
      const r = await q.query(
        `insert into happy_codes (code, unit_id, created_at) select c, u, $3 from unnest($1::text[], $2::int[]) as x(c, u) on conflict do nothing`,
        [rows.map(() => newCode()), rows.map((x) => x.id), at],
      );
      return r.rowCount ?? 0;
    },

    /** The place an active code stands for, or 404 (unknown or rotated code). */
    async resolve(code: string, q: Queryable = db): Promise<Place> {
      const { rows } = await q.query<{ unitId: number; unitName: string; unitType: string; geojson: unknown; path: string }>(
        `select u.id as "unitId", u.name as "unitName", u.type as "unitType", u.geojson, u.path from happy_codes h join units u on u.id = h.unit_id
         where h.code = $1 and h.revoked_at is null`,
        [code],
      );
      const r = rows[0];
      if (!r) fail('happy_code_not_found', '这个幸福码已停用或不存在，请直接填写问题地点，或扫描现场张贴的新码。');
      const ids = r.path.split('/').filter(Boolean).map(Number);
      const { rows: above } = await q.query<{ name: string }>(`select name from units where id = any($1::int[]) and type in ('street','town','community') and id <> $2 order by length(path)`, [ids, r.unitId]);
      const g = asAreaGeometry(r.geojson);
      return { code, unitId: r.unitId, unitName: r.unitName, unitType: r.unitType, fullName: [...above.map((a) => a.name), r.unitName].join(' · '), center: g ? polygonCentroid(g) : null };
    },

    /** The active codes under a street (or town): its communities, then each community's grids. */
    async list(streetId: number, q: Queryable = db): Promise<HappyCode[]> {
      const { rows } = await q.query<{ code: string; unitId: number; unitName: string; unitType: string; parentName: string | null; createdAt: Date }>(
        `select h.code, u.id as "unitId", u.name as "unitName", u.type as "unitType", p.name as "parentName", h.created_at as "createdAt"
         from units s join units u on u.path like s.path || '%' and u.id <> s.id join happy_codes h on h.unit_id = u.id and h.revoked_at is null
         left join units p on p.id = u.parent_id
         where s.id = $1 order by coalesce(case when u.type = 'community' then u.id else u.parent_id end, u.id), u.type = 'grid', u.id`,
        [streetId],
      );
      return rows.map((r) => ({ ...r, url: urlOf(r.code), createdAt: r.createdAt.toISOString() }));
    },

    /** Revokes the unit's code and issues a new one, audited. */
    async rotate(user: AuthUser, unitId: number, reason: string, at: Date): Promise<HappyCode> {
      return db.tx(async (q) => {
        const { rows } = await q.query<{ code: string }>(`update happy_codes set revoked_at = $2, revoked_by = $3, revoked_reason = $4 where unit_id = $1 and revoked_at is null returning code`, [unitId, at, user.id, reason]);
        const code = newCode();
        await q.query('insert into happy_codes (code, unit_id, created_at, created_by) values ($1, $2, $3, $4)', [code, unitId, at, user.id]);
        await q.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,null,$5)', [
          at, user.id, user.unitId, 'happy_code_rotated', JSON.stringify({ unitId, old: rows[0]?.code ?? null, new: code, reason }),
        ]);
        const { rows: u } = await q.query<{ unitName: string; unitType: string; parentName: string | null }>(
          `select u.name as "unitName", u.type as "unitType", p.name as "parentName" from units u left join units p on p.id = u.parent_id where u.id = $1`,
          [unitId],
        );
        return { code, url: urlOf(code), unitId, ...u[0], createdAt: at.toISOString() };
      });
    },
  };
}
export type HappyCodes = ReturnType<typeof happyCodes>;
