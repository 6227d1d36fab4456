// The join passes of this instance (hotspot-join.ts): woken by the orders' NOTIFY (a registration's change, on any
// instance), and every `pollMs` as a backstop for a lost notification or a pass that another instance left unfinished
// by dying. Passes on one instance run one at a time; a wake during a pass runs one more after it. Several instances
// share the queue through its try-lock, never through this process's state: a busy answer leaves the orders to the
// instance that holds it.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import type { JobLog } from '../../jobs/runner';
import { JOIN_BATCH, joinQueued } from './hotspot-join';

export interface JoinQueueOptions {
  /** the NOTIFY channel of order changes */
  channel: string;
  pollMs: number;
  /** how long a wake waits for more registrations to share its pass */
  gatherMs?: number;
}

export function startJoinQueue(db: Db, clock: Clock, log: JobLog, o: JoinQueueOptions): () => Promise<void> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let wake: NodeJS.Timeout | null = null;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const r = await joinQueued(db, clock.now());
          if (r.taken >= JOIN_BATCH) again = true;
        } catch (err) {
          if (!stopped) log.error({ err, job: 'insight.join' }, 'hotspot join pass failed');
        }
      } while (again && !stopped);
    })().finally(() => (running = null));
  };
  const poll = o.pollMs > 0 ? setInterval(pass, o.pollMs) : null;
  const onNotify = (payload: string) => {
    // Only a registration queues an order (status registered, nobody assigned yet).
    if (!payload.includes('"status":"registered"') || wake) return;
    wake = setTimeout(() => {
      wake = null;
      pass();
    }, o.gatherMs ?? 10);
  };
  const unlisten = db.listen(o.channel, onNotify, pass).catch((err) => {
    log.error({ err, job: 'insight.join' }, 'hotspot join: cannot listen for registrations; polling only');
    return async () => undefined;
  });
  pass();
  return async () => {
    stopped = true;
    if (poll) clearInterval(poll);
    if (wake) clearTimeout(wake);
    await (await unlisten)();
    await running;
  };
}
