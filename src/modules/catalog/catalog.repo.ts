import type { Queryable } from '../../db';

export type HandlerKind = 'jurisdiction' | 'department' | 'company';
export interface Category {
  id: number;
  parentId: number | null;
  level: 1 | 2 | 3;
  name: string;
  tier: number | null;
  handlerKind: HandlerKind | null;
  handlerUnitId: number | null;
  keywords: string[];
  active: boolean;
}
const COLS = `id, parent_id as "parentId", level, name, tier, handler_kind as "handlerKind", handler_unit_id as "handlerUnitId", keywords, active`;

export function catalogRepo(db: Queryable) {
  return {
    async all(q: Queryable = db): Promise<Category[]> {
      return (await q.query<Category>(`select ${COLS} from catalog_categories order by level, parent_id nulls first, id`)).rows;
    },
    async byId(id: number, q: Queryable = db): Promise<Category | null> {
      return (await q.query<Category>(`select ${COLS} from catalog_categories where id = $1`, [id])).rows[0] ?? null;
    },
    async find(parentId: number | null, name: string, q: Queryable = db): Promise<Category | null> {
      return (await q.query<Category>(`select ${COLS} from catalog_categories where coalesce(parent_id, 0) = $1 and name = $2`, [parentId ?? 0, name])).rows[0] ?? null;
    },
    async insert(c: Omit<Category, 'id' | 'active'>, q: Queryable = db): Promise<Category> {
      const { rows } = await q.query<Category>(
        `insert into catalog_categories (parent_id, level, name, tier, handler_kind, handler_unit_id, keywords) values ($1,$2,$3,$4,$5,$6,$7) returning ${COLS}`,
        [c.parentId, c.level, c.name, c.tier, c.handlerKind, c.handlerUnitId, c.keywords],
      );
      return rows[0];
    },
    async update(id: number, c: Partial<Omit<Category, 'id' | 'level' | 'parentId'>>, q: Queryable = db): Promise<Category | null> {
      const { rows } = await q.query<Category>(
        `update catalog_categories set name = coalesce($2, name), tier = case when $3::boolean then $4 else tier end,
           handler_kind = case when $5::boolean then $6 else handler_kind end, handler_unit_id = case when $5::boolean then $7 else handler_unit_id end,
           keywords = coalesce($8, keywords), active = coalesce($9, active), updated_at = now()
         where id = $1 returning ${COLS}`,
        [id, c.name ?? null, c.tier !== undefined, c.tier ?? null, c.handlerKind !== undefined, c.handlerKind ?? null, c.handlerUnitId ?? null, c.keywords ?? null, c.active ?? null],
      );
      return rows[0] ?? null;
    },
    async bumpVersion(kind: string, summary: object, userId: number | null, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ version: number }>('insert into catalog_versions (kind, summary, created_by) values ($1, $2, $3) returning version', [kind, JSON.stringify(summary), userId]);
      return rows[0].version;
    },
    async currentVersion(q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ v: number | null }>('select max(version) as v from catalog_versions');
      return rows[0].v ?? 0;
    },
  };
}
export type CatalogRepo = ReturnType<typeof catalogRepo>;
