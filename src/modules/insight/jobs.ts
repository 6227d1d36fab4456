// The insight module's periodic work on the one job runner: each named job (hotspot refresh, warning scan) is a
// row of insight_jobs claimed with a lease, so one instance runs each pass whatever the number of instances.
import type { Db } from '../../db';
import type { Job, JobEntry } from '../../jobs/runner';

const LEASE_MS = 5 * 60_000;

/** Claims the job if it is due and not leased; true when this caller holds it. */
export async function claimInsightJob(db: Db, name: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `update insight_jobs set claimed_until = $3 where name = $1 and due_at <= $2 and (claimed_until is null or claimed_until < $2)`,
    [name, now, new Date(now.getTime() + LEASE_MS)],
  );
  return rowCount === 1;
}

export async function finishInsightJob(db: Db, name: string, now: Date, intervalMs: number, ms: number): Promise<void> {
  await db.query(`update insight_jobs set claimed_until = null, due_at = $2, last_run_at = $3, last_ms = $4 where name = $1`, [name, new Date(now.getTime() + intervalMs), now, ms]);
}

/** A runner entry that runs `work` whenever the named job is due (the lease returns if an instance dies). */
export function insightJobEntry(db: Db, name: string, intervalMs: number, work: (now: Date) => Promise<unknown>): JobEntry {
  const job: Job<string> = {
    name: `insight.${name}`,
    claim: async (now) => ((await claimInsightJob(db, name, now)) ? [name] : []),
    act: async (_item, now) => {
      const started = Date.now();
      try {
        await work(now);
      } finally {
        await finishInsightJob(db, name, now, intervalMs, Date.now() - started);
      }
    },
  };
  // batch 2: one claimed pass never counts as a "full batch", so the runner waits its interval before the next.
  return { job: job as JobEntry['job'], intervalMs: Math.min(intervalMs, 5000) || 0, batch: 2 };
}
