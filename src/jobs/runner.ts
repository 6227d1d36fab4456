// One runner for every periodic job: claim a bounded batch of due items (each claim leased or conditional,
// so several instances can run the same job), act on each, record the outcome once. A full batch runs the
// next pass at once; otherwise the job sleeps for its interval. Errors are logged, never fatal.
import type { Clock } from '../shared/clock';

export interface Job<T> {
  name: string;
  /** Claims at most `limit` due items at `now`; an item claimed here is invisible to other claimers. */
  claim(now: Date, limit: number): Promise<T[]>;
  /** Acts on one claimed item and records the outcome (must not throw for an item's own failure). */
  act(item: T, now: Date): Promise<void>;
}

export interface JobLog {
  error(o: object, msg: string): void;
  info(o: object, msg: string): void;
}

/** One pass: claims a batch and acts on every item (concurrently); returns how many were claimed. */
export async function runJobOnce<T>(job: Job<T>, clock: Clock, batch: number, log?: JobLog): Promise<number> {
  const items = await job.claim(clock.now(), batch);
  await Promise.all(items.map(async (item) => {
    try {
      await job.act(item, clock.now());
    } catch (err) {
      log?.error({ err, job: job.name }, 'job item failed');
    }
  }));
  return items.length;
}

export interface JobEntry {
  job: Job<unknown>;
  intervalMs: number;
  batch: number;
}

/** Starts every job on its own timer; the returned function stops them and waits for passes in flight. */
export function startJobs(entries: JobEntry[], clock: Clock, log: JobLog): () => Promise<void> {
  let stopped = false;
  const running = new Set<Promise<void>>();
  const timers = new Set<NodeJS.Timeout>();
  for (const e of entries) {
    if (e.intervalMs <= 0) continue;
    const tick = () => {
      if (stopped) return;
      const p = (async () => {
        let n = 0;
        try {
          n = await runJobOnce(e.job, clock, e.batch, log);
        } catch (err) {
          log.error({ err, job: e.job.name }, 'job pass failed');
        }
        if (!stopped) {
          const t = setTimeout(() => { timers.delete(t); tick(); }, n >= e.batch ? 0 : e.intervalMs);
          timers.add(t);
        }
      })();
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    const t = setTimeout(() => { timers.delete(t); tick(); }, Math.min(e.intervalMs, 1000));
    timers.add(t);
  }
  return async () => {
    stopped = true;
    for (const t of timers) clearTimeout(t);
    await Promise.all([...running]);
  };
}
