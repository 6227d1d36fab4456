import type { Queryable } from '../../db';

export type UnitType = 'center' | 'district' | 'street' | 'town' | 'community' | 'grid' | 'department' | 'company' | 'property';
export interface Unit {
  id: number;
  code: string;
  name: string;
  aliases: string[];
  type: UnitType;
  parentId: number | null;
  path: string;
  geojson: unknown | null;
  contact: Record<string, string>;
}

const COLS = `id, code, name, aliases, type, parent_id as "parentId", path, geojson, contact`;

export function orgRepo(db: Queryable) {
  return {
    async all(q: Queryable = db): Promise<Unit[]> {
      return (await q.query<Unit>(`select ${COLS} from units order by path`)).rows;
    },
    async byId(id: number, q: Queryable = db): Promise<Unit | null> {
      return (await q.query<Unit>(`select ${COLS} from units where id = $1`, [id])).rows[0] ?? null;
    },
    async byCode(code: string, q: Queryable = db): Promise<Unit | null> {
      return (await q.query<Unit>(`select ${COLS} from units where code = $1`, [code])).rows[0] ?? null;
    },
    async byIds(ids: number[], q: Queryable = db): Promise<Unit[]> {
      if (!ids.length) return [];
      return (await q.query<Unit>(`select ${COLS} from units where id = any($1::int[])`, [ids])).rows;
    },
    /** Inserts a unit under its parent (or as root) and fills in its path. Idempotent by code. */
    async upsert(u: { code: string; name: string; aliases: string[]; type: UnitType; parentId: number | null; geojson: unknown | null; contact: object }, q: Queryable = db): Promise<Unit> {
      const parent = u.parentId ? await this.byId(u.parentId, q) : null;
      const { rows } = await q.query<Unit>(
        `insert into units (code, name, aliases, type, parent_id, path, geojson, contact) values ($1, $2, $3, $4, $5, '', $6, $7)
         on conflict (code) do update set name = excluded.name, aliases = excluded.aliases, type = excluded.type,
           parent_id = excluded.parent_id, geojson = excluded.geojson, contact = excluded.contact
         returning ${COLS}`,
        [u.code, u.name, u.aliases, u.type, u.parentId, u.geojson === null ? null : JSON.stringify(u.geojson), JSON.stringify(u.contact)],
      );
      const unit = rows[0];
      const path = `${parent ? parent.path : '/'}${unit.id}/`;
      await q.query('update units set path = $2 where id = $1', [unit.id, path]);
      return { ...unit, path };
    },
  };
}
export type OrgRepo = ReturnType<typeof orgRepo>;

/** True when `unitPath` is `scopePath` or below it. */
export const inSubtree = (unitPath: string, scopePath: string) => unitPath.startsWith(scopePath);
