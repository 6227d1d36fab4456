// 关键小事 key matters: categories the city picks (垃圾分类, 物业管理 …), scored and ranked on their own over the
// stints dispatched with one of their categories (a level-1 or level-2 category covers its leaves). Published
// months rank from the frozen copy of their facts, live months from the live facts.
import type { Db, Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { addMonths } from './month';
import { monthSource } from './publish';
import { monthCounts } from './rates';
import { rankUnits, type AssessedType, type RankingItem } from './rankings';

export interface KeyMatter {
  id: number;
  name: string;
  categoryIds: number[];
  active: boolean;
}

const COLS = 'id, name, category_ids as "categoryIds", active';

export async function listKeyMatters(q: Queryable, activeOnly: boolean): Promise<KeyMatter[]> {
  return (await q.query<KeyMatter>(`select ${COLS} from assessment_key_matters ${activeOnly ? 'where active' : ''} order by id`)).rows;
}

export async function keyMatterOrFail(q: Queryable, id: number): Promise<KeyMatter> {
  const m = (await q.query<KeyMatter>(`select ${COLS} from assessment_key_matters where id = $1`, [id])).rows[0];
  if (!m) fail('not_found', `key matter ${id} does not exist`);
  return m;
}

/** Checks that every category exists; a duplicate name is a 409. */
export async function saveKeyMatter(q: Queryable, m: { id?: number; name: string; categoryIds: number[]; active?: boolean }, by: number, at: Date): Promise<KeyMatter> {
  const ids = [...new Set(m.categoryIds)];
  const { rows } = await q.query<{ id: number }>('select id from catalog_categories where id = any($1::int[])', [ids]);
  const missing = ids.filter((i) => !rows.some((r) => r.id === i));
  if (missing.length) fail('category_not_found', `categories ${missing.join(', ')} do not exist`);
  const taken = (await q.query<{ id: number }>('select id from assessment_key_matters where name = $1 and id <> $2', [m.name, m.id ?? 0])).rows[0];
  if (taken) fail('conflict', `a key matter named ${m.name} already exists`);
  const r = m.id
    ? await q.query<KeyMatter>(`update assessment_key_matters set name = $2, category_ids = $3, active = coalesce($4, active) where id = $1 returning ${COLS}`, [m.id, m.name, ids, m.active ?? null])
    : await q.query<KeyMatter>(`insert into assessment_key_matters (name, category_ids, active, created_by, created_at) values ($1,$2,coalesce($3, true),$4,$5) returning ${COLS}`, [m.name, ids, m.active ?? null, by, at]);
  return r.rows[0];
}

/** The matter's categories and every category below them. */
async function coveredCategories(q: Queryable, ids: number[]): Promise<number[]> {
  const { rows } = await q.query<{ id: number }>(
    `with recursive c(id) as (select unnest($1::int[]) union select k.id from catalog_categories k join c on k.parent_id = c.id) select id from c`,
    [ids],
  );
  return rows.map((r) => r.id);
}

/** The ranking of one unit type on one key matter, with the change against the same matter last month. */
export async function keyMatterRanking(db: Db, m: KeyMatter, month: string, type: AssessedType) {
  const cats = await coveredCategories(db, m.categoryIds);
  const { rows: units } = await db.query<{ id: number; name: string; population: number | null }>('select id, name, population from units where type = $1 order by id', [type]);
  const ids = new Set(units.map((u) => u.id));
  const at = async (mm: string) => {
    const w = await monthSource(db, mm);
    return { ...w, counts: (await monthCounts(db, mm, w.src, undefined, cats)).filter((c) => ids.has(c.unitId)) };
  };
  const [cur, prev] = [await at(month), await at(addMonths(month, -1))];
  const previous = new Map(rankUnits(units, prev.counts, prev.weights, new Map()).map((i) => [i.unitId, i.composite]));
  const items: RankingItem[] = rankUnits(units, cur.counts, cur.weights, previous);
  return { month, unitType: type, keyMatter: { id: m.id, name: m.name, categoryIds: m.categoryIds }, published: cur.published, version: cur.version, weights: cur.weights, items };
}
