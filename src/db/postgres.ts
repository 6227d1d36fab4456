import pg from 'pg';
import type { Db, Queryable, QueryResult } from './types';

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

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client died (server restart); the pool replaces it */
  });
  await pool.query('select 1');
  const base = wrap(pool);
  let listener: pg.PoolClient | null = null;
  const handlers = new Map<string, Set<(p: string) => void>>();
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
  return {
    kind: 'postgres',
    query: base.query,
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const out = await fn(wrap(client));
        await client.query('commit');
        return out;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    exec: base.exec,
    async listen(channel, cb) {
      if (!listener) {
        listener = await pool.connect();
        listener.on('notification', (n) => handlers.get(n.channel)?.forEach((h) => h(n.payload ?? '')));
      }
      if (!handlers.has(channel)) {
        handlers.set(channel, new Set());
        await listener.query(`listen "${channel.replace(/"/g, '')}"`);
      }
      handlers.get(channel)!.add(cb);
      return async () => {
        handlers.get(channel)?.delete(cb);
      };
    },
    notify: (channel, payload) =>
      new Promise<void>((resolve, reject) => {
        pending.push({ channel, payload, done: (e) => (e === undefined ? resolve() : reject(e)) });
        if (pending.length === 1) setImmediate(() => void flush());
      }),
    async close() {
      listener?.release();
      await pool.end();
    },
  };
}
