import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types';
import { currentReadScope } from './read-scope';
import { openReplicas, type ReplicaSet } from './replicas';

// Same JS types on both drivers: int8 as number (ids and counts stay far below 2^53).
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

function wrap(c: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await c.query(sql, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await c.query(sql);
    },
  };
}

const ident = (channel: string) => `"${channel.replace(/"/g, '')}"`;

/**
 * Server PostgreSQL. Queries and transactions go through `url`, which may be a transaction pooler (PgBouncer
 * pool_mode=transaction): nothing here keeps session state between transactions — no SET outside a transaction,
 * only transaction-scoped advisory locks, no temp tables, and pg's unnamed prepared statements (we never pass a
 * statement `name`), which every PgBouncer version forwards in transaction mode. LISTEN is session state, so the
 * listener is its own long-lived client on `directUrl` (the primary itself) when one is given.
 */
export interface ReadReplicaOptions {
  urls: string[];
  /** a replica further behind than this serves no reads */
  maxLagMs?: number;
}

export async function openPostgres(url: string, poolSize = 10, directUrl: string | null = null, read: ReadReplicaOptions | null = null): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client died (server restart); the pool replaces it */
  });
  await pool.query('select 1');
  const base = wrap(pool);
  /** the primary's current WAL position */
  const walPosition = async () => (await pool.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn;
  const replicas: ReplicaSet | null = read?.urls.length ? openReplicas(read.urls, { poolSize, maxLagMs: read.maxLagMs, primaryLsn: walPosition }) : null;
  // The first probe before the first request, so that a replica that is up serves from the start (one that is
  // down is skipped and probed again every second).
  await replicas?.probe();
  let listener: Promise<pg.Client> | null = null;
  let closed = false;
  const handlers = new Map<string, Set<(p: string) => void>>();
  const resyncs = new Set<() => void>();
  let listenedBefore = false;
  // NOTIFYs issued in the same tick go out in one statement (one round trip instead of one each);
  // listeners still receive every payload as its own notification.
  let pending: { channel: string; payload: string; done: (e?: unknown) => void }[] = [];
  const flush = async () => {
    const batch = pending.splice(0, 200);
    if (pending.length) setImmediate(() => void flush());
    const params = batch.flatMap((n) => [n.channel, n.payload]);
    const calls = batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(', ');
    try {
      await pool.query(`select ${calls}`, params);
      for (const n of batch) n.done();
    } catch (e) {
      for (const n of batch) n.done(e);
    }
  };
  // The listening session: a client of its own (never a pooled one, which a pooler would hand to someone else
  // after the LISTEN's transaction). When it drops, it reconnects (every second) and listens again on every
  // channel. NOTIFYs sent while it is down are lost, so once it listens again every subscriber's onResync runs
  // (sessions, the calendar and the assistant re-read what they cache; docs/SCALING.md).
  const connectListener = async (): Promise<pg.Client> => {
    const c = new pg.Client({ connectionString: directUrl ?? url });
    c.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h(n.payload ?? '')));
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      void c.end().catch(() => undefined);
      if (closed) return;
      listener = null;
      retry();
    };
    c.on('error', drop);
    c.on('end', drop);
    try {
      await c.connect();
      for (const ch of handlers.keys()) await c.query(`listen ${ident(ch)}`);
    } catch (e) {
      drop();
      throw e;
    }
    if (listenedBefore) {
      for (const r of [...resyncs]) {
        try {
          r();
        } catch {
          /* a subscriber's failure is its own */
        }
      }
    }
    listenedBefore = true;
    return c;
  };
  const retry = () => {
    setTimeout(() => {
      if (closed || listener) return;
      listener = connectListener();
      listener.catch(() => undefined); // a failed attempt schedules the next one itself
    }, 1000).unref();
  };
  return {
    kind: 'postgres',
    replicas,
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      // Inside a replica-read scope (a list, dashboard, assessment or search request) a replica answers when one
      // may; otherwise, and when it fails, the primary.
      const scope = replicas ? currentReadScope() : undefined;
      if (scope) {
        const r = await replicas!.query<T>(sql, params, scope.afterLsn);
        if (r) {
          scope.replicaQueries = (scope.replicaQueries ?? 0) + 1;
          return r;
        }
        scope.primaryQueries = (scope.primaryQueries ?? 0) + 1;
      }
      return base.query<T>(sql, params);
    },
    async writePosition() {
      return replicas ? walPosition() : null;
    },
    async tx(fn) {
      const client = await pool.connect();
      // A connection whose rollback failed may still be inside a transaction: it is closed, not reused
      // (behind a pooler, the open transaction would otherwise pin a server connection).
      let broken = false;
      try {
        await client.query('begin');
        const out = await fn(wrap(client));
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => (broken = true));
        throw e;
      } finally {
        client.release(broken);
      }
    },
    exec: base.exec,
    async listen(channel, cb, onResync) {
      const fresh = !handlers.has(channel);
      if (fresh) handlers.set(channel, new Set());
      handlers.get(channel)!.add(cb);
      if (onResync) resyncs.add(onResync);
      if (!listener) await (listener = connectListener());
      else if (fresh) await (await listener).query(`listen ${ident(channel)}`);
      return async () => {
        handlers.get(channel)?.delete(cb);
        if (onResync) resyncs.delete(onResync);
      };
    },
    notify: (channel, payload) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ channel, payload, done: (e) => (e === undefined ? resolve() : reject(e)) });
        if (pending.length === 1) setImmediate(() => void flush());
      }),
    async close() {
      closed = true;
      const l = listener;
      listener = null;
      await l?.then((c) => c.end()).catch(() => undefined);
      await replicas?.close();
      await pool.end();
    },
  };
}
