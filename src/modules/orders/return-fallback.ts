// 首办负责制 — the fallback unit (兜底单位) an approved return goes to when the centre names no new owner.
// Set per district (and optionally for the centre, which covers city-level units); the nearest scope above the
// returning unit that has one wins, so a district's own setting beats the city-wide one.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';

export interface ReturnFallback {
  scopeUnitId: number;
  scopeUnitName: string;
  unitId: number;
  unitName: string;
  updatedAt: string;
}

/** Unit types that may be a fallback owner (the same as a dispatch's main unit, minus communities and grids). */
const OWNER_TYPES = ['district', 'street', 'town', 'department', 'company'];
const SCOPE_TYPES = ['district', 'center'];

const COLS = `f.scope_unit_id as "scopeUnitId", s.name as "scopeUnitName", f.unit_id as "unitId", u.name as "unitName", f.updated_at as "updatedAt"`;

export async function listFallbacks(q: Queryable): Promise<ReturnFallback[]> {
  const { rows } = await q.query<ReturnFallback & { updatedAt: Date }>(
    `select ${COLS} from return_fallbacks f join units s on s.id = f.scope_unit_id join units u on u.id = f.unit_id order by s.path`,
  );
  return rows.map((r) => ({ ...r, updatedAt: new Date(r.updatedAt).toISOString() }));
}

/** The fallback for a unit: the one set on its nearest scope (district or centre) at or above it; null if none. */
export async function fallbackFor(q: Queryable, unitId: number): Promise<number | null> {
  const { rows } = await q.query<{ unitId: number }>(
    `select f.unit_id as "unitId" from units me
       join units s on me.path like s.path || '%'
       join return_fallbacks f on f.scope_unit_id = s.id
      where me.id = $1
      order by length(s.path) desc limit 1`,
    [unitId],
  );
  return rows[0]?.unitId ?? null;
}

export async function setFallback(q: Queryable, scopeUnitId: number, unitId: number, by: number | null, now: Date): Promise<ReturnFallback> {
  const { rows } = await q.query<{ id: number; type: string }>(`select id, type from units where id = any($1::int[])`, [[scopeUnitId, unitId]]);
  const scope = rows.find((r) => r.id === scopeUnitId);
  const owner = rows.find((r) => r.id === unitId);
  if (!scope) fail('unit_not_found', `unit ${scopeUnitId} does not exist`);
  if (!owner) fail('unit_not_found', `unit ${unitId} does not exist`);
  if (!SCOPE_TYPES.includes(scope.type)) fail('fallback_scope_invalid', `unit ${scopeUnitId} is a ${scope.type}; a fallback is set for a district or the centre`);
  if (!OWNER_TYPES.includes(owner.type) || owner.id === scope.id) fail('fallback_scope_invalid', `unit ${unitId} (a ${owner.type}) cannot be the fallback owner here`);
  await q.query(
    `insert into return_fallbacks (scope_unit_id, unit_id, updated_by, updated_at) values ($1, $2, $3, $4)
     on conflict (scope_unit_id) do update set unit_id = excluded.unit_id, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    [scopeUnitId, unitId, by, now],
  );
  return (await listFallbacks(q)).find((f) => f.scopeUnitId === scopeUnitId)!;
}

export async function removeFallback(q: Queryable, scopeUnitId: number): Promise<void> {
  const r = await q.query(`delete from return_fallbacks where scope_unit_id = $1`, [scopeUnitId]);
  if (r.rowCount === 0) fail('not_found', `no fallback unit is set for unit ${scopeUnitId}`);
}
