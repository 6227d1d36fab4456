// The orders.search-backfill job (migration 0036): orders written before the bigram column existed have none (null);
// this job fills them in batches, each one committed UPDATE of at most `limit` rows that skips rows other
// transactions hold (SKIP LOCKED), so several instances may run it at once and no handler waits long. A full batch
// runs the next one at once; when no row is left the job only looks (one probe of an empty partial index) every
// interval. The search takes null rows too until then (orders.list.ts), so nothing is missed meanwhile.
import type { Db, Queryable } from '../../db';
import type { Job, JobEntry } from '../../jobs/runner';

/** Fills the bigrams of at most `limit` orders that have none; returns how many it filled. */
export async function backfillSearchGrams(db: Queryable, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `update orders o set search_grams = minhu_order_search_grams(o.title, o.description, o.address, o.number)
      where o.id in (select id from orders where search_grams is null order by id limit $1 for update skip locked)`,
    [limit],
  );
  return rowCount ?? 0;
}

/**
 * The runner's entry: 200 orders a batch on server PostgreSQL, 100 on PGlite (one connection for everyone). Measured at
 * 1 M orders: ~590 orders/s; a batch holds its rows 0.1–0.7 s, up to ~8 s when it has to flush the GIN index's
 * pending list (docs/SCALING.md).
 */
export function searchBackfillJobEntry(db: Db, intervalMs = 60_000): JobEntry {
  const limit = db.kind === 'pglite' ? 100 : 200;
  const job: Job<number> = {
    name: 'orders.search-backfill',
    claim: async () => ((await db.query('select 1 from orders where search_grams is null limit 1')).rows.length ? [limit] : []),
    act: async (n) => {
      await backfillSearchGrams(db, n);
    },
  };
  return { job: job as JobEntry['job'], intervalMs, batch: 1 };
}
