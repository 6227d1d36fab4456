// Read replicas (DATABASE_READ_URL): streaming standbys of the primary that answer the reads of lists,
// dashboards, assessment and search (src/http/read-routing.ts). Each is probed every second for whether it is
// up and how far it has replayed the primary's WAL; a read goes to a replica only when it is up and has replayed
// the caller's last write, else to the primary — so a user always sees their own writes, a lagging replica
// serves only those who have nothing newer to see, and a replica that is down costs nothing but its probe.
// A replica further behind than `maxLagMs` serves no one: its staleness is measured against the primary's WAL
// position sampled at each probe (how long ago the primary was where the replica is now).
// The probe's state is this instance's own view of the replicas, not coordination between instances.
import pg from 'pg';
import type { QueryResult } from './types';
import { lsnValue } from './read-scope';

export interface ReplicaStatus {
  /** host:port/database of the replica (no user or password) */
  name: string;
  up: boolean;
  /** the WAL position it has replayed, as of its last probe */
  replayLsn: string | null;
  /** how far behind the primary it is, in milliseconds (null: not known yet) */
  lagMs: number | null;
}

export interface ReplicaSet {
  readonly count: number;
  /** The query's answer from a replica that is up and has replayed `afterLsn`, or null: then ask the primary. */
  query<T>(sql: string, params: unknown[] | undefined, afterLsn: string | null): Promise<QueryResult<T> | null>;
  /** Probes every replica now (tests and the start; the timer does it every second). */
  probe(): Promise<void>;
  status(): ReplicaStatus[];
  close(): Promise<void>;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  up: boolean;
  replay: bigint | null;
  replayText: string | null;
  lagMs: number | null;
}

/** Connection failures (the replica is down or restarting); other errors are the statement's own. */
function isConnectionError(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code !== 'string' || /^(08|57P)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code);
}

function nameOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'replica';
  }
}

export interface ReplicaOptions {
  poolSize: number;
  /** the primary's current WAL position */
  primaryLsn: () => Promise<string>;
  /** a replica further behind than this serves no reads (default 10 s) */
  maxLagMs?: number;
  probeMs?: number;
}

export function openReplicas(urls: string[], o: ReplicaOptions): ReplicaSet {
  const probeMs = o.probeMs ?? 1000;
  const maxLagMs = o.maxLagMs ?? 10_000;
  /** the primary's WAL position at recent probes, oldest first (enough to measure lags up to maxLagMs) */
  const samples: { at: number; lsn: bigint }[] = [];
  const replicas: Replica[] = urls.map((url) => {
    const pool = new pg.Pool({ connectionString: url, max: o.poolSize, connectionTimeoutMillis: 2000, idleTimeoutMillis: 30_000 });
    pool.on('error', () => {
      /* an idle client died (replica restart); the probe notices */
    });
    return { name: nameOf(url), pool, up: false, replay: null, replayText: null, lagMs: null };
  });
  let next = 0;
  let closed = false;
  const probeOne = async (r: Replica) => {
    try {
      const { rows } = await r.pool.query<{ standby: boolean; lsn: string | null }>('select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn');
      // A server that is no longer in recovery was promoted: it no longer follows this primary.
      r.replayText = rows[0].lsn;
      r.replay = lsnValue(rows[0].lsn);
      r.lagMs = lagOf(r.replay);
      r.up = rows[0].standby && r.replay !== null && r.lagMs !== null && r.lagMs <= maxLagMs;
    } catch {
      r.up = false;
    }
  };
  /** at most how many ms of the primary's writes the replica misses (0: it has all the primary had at the last probe) */
  const lagOf = (replay: bigint | null): number | null => {
    if (replay === null || !samples.length) return null;
    const now = Date.now();
    if (replay >= samples[samples.length - 1].lsn) return 0;
    // the newest sample the replica has reached: it may miss whatever the primary wrote since then
    for (let i = samples.length - 1; i >= 0; i--) if (samples[i].lsn <= replay) return now - samples[i].at;
    return now - samples[0].at + probeMs;
  };
  const caughtUp = async (r: Replica, after: bigint): Promise<boolean> => {
    try {
      const { rows } = await r.pool.query<{ lsn: string | null }>('select pg_last_wal_replay_lsn()::text as lsn');
      const v = lsnValue(rows[0].lsn);
      if (v !== null && (r.replay === null || v > r.replay)) (r.replay = v), (r.replayText = rows[0].lsn);
      return v !== null && v >= after;
    } catch (e) {
      if (isConnectionError(e)) r.up = false;
      return false;
    }
  };
  const probe = async () => {
    try {
      const lsn = lsnValue(await o.primaryLsn());
      if (lsn !== null) samples.push({ at: Date.now(), lsn });
      const keep = Math.ceil(maxLagMs / probeMs) + 2;
      if (samples.length > keep) samples.splice(0, samples.length - keep);
    } catch {
      // the primary's position is unknown this time; the replicas' lags use the earlier samples
    }
    await Promise.all(replicas.map(probeOne));
  };
  let probing = false;
  const timer = setInterval(() => {
    if (probing || closed) return;
    probing = true;
    void probe().finally(() => (probing = false));
  }, probeMs);
  timer.unref();
  return {
    count: replicas.length,
    async query<T>(sql: string, params: unknown[] | undefined, afterLsn: string | null) {
      const after = afterLsn === null ? null : lsnValue(afterLsn);
      // An unreadable position is treated as one no replica has reached: the primary answers.
      if (afterLsn !== null && after === null) return null;
      for (let i = 0; i < replicas.length; i++) {
        const r = replicas[(next + i) % replicas.length];
        if (!r.up) continue;
        // Behind the caller's write as of the last probe: it may have replayed it since (streaming takes
        // milliseconds), so ask it once more before sending the read to the primary.
        if (after !== null && (r.replay === null || r.replay < after) && !(await caughtUp(r, after))) continue;
        next = (next + i + 1) % replicas.length;
        try {
          const res = await r.pool.query(sql, params as unknown[]);
          return { rows: res.rows as T[], rowCount: res.rowCount ?? res.rows.length };
        } catch (e) {
          // Down: skip it until a probe finds it back. Any other failure (a write in a read, a query cancelled by
          // recovery, bad input) is answered by the primary, which gives the statement's own answer.
          if (isConnectionError(e)) r.up = false;
          return null;
        }
      }
      return null;
    },
    probe,
    status: () => replicas.map((r) => ({ name: r.name, up: r.up, replayLsn: r.replayText, lagMs: r.lagMs })),
    async close() {
      closed = true;
      clearInterval(timer);
      await Promise.all(replicas.map((r) => r.pool.end().catch(() => undefined)));
    },
  };
}
