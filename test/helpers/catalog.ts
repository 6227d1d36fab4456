// Leaf categories of the demo catalog for tests: a dispatch names a leaf (dispatch_category_required),
// so tests that register orders without one give it at registration or in the dispatch body.
import type { Queryable } from '../../src/db';

/** 环境卫生: a 属地 (jurisdiction) leaf of tier 3 — the default tier, so no deadline changes with it. */
export const TEST_LEAF = '环境卫生';

/** The id of the demo leaf category with this name. */
export async function leafId(db: Queryable, name = TEST_LEAF): Promise<number> {
  const { rows } = await db.query<{ id: number }>(`select id from catalog_categories where level = 3 and name = $1 order by id limit 1`, [name]);
  if (!rows.length) throw new Error(`no demo leaf category ${name}`);
  return rows[0].id;
}
