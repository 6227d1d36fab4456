import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './types';
import { lockDataDir } from './lock';

function wrap(q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable {
  return {
    async query<T>(sql: string, params?: unknown[]): Promise<QueryResult<T>> {
      const r = await q.query<T>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
  };
}

/**
 * Opens embedded PostgreSQL. dataDir null = in memory (tests); `image`, in memory only, starts from a dumped data
 * directory (`dumpPglite`), e.g. an already migrated database.
 */
export async function openPglite(dataDir: string | null, image?: Blob): Promise<Db> {
  const lock = dataDir ? lockDataDir(dataDir) : null;
  let pg: PGlite;
  try {
    pg = dataDir ? new PGlite(path.join(dataDir, 'pgdata')) : new PGlite(image ? { loadDataDir: image } : {});
    await pg.waitReady;
  } catch (e) {
    lock?.release();
    throw e;
  }
  const base = wrap(pg);
  // One process owns an embedded database (see lock.ts), so LISTEN/NOTIFY is delivered in-process:
  // same semantics for our callers (asynchronous, after the change committed), no query per notify. Nothing is
  // ever lost between a NOTIFY and its listeners here, so onResync never runs.
  const handlers = new Map<string, Set<(payload: string) => void>>();
  return {
    kind: 'pglite',
    // one embedded database: no replicas
    replicas: null,
    writePosition: async () => null,
    query: base.query,
    tx: (fn) => pg.transaction((t) => fn(wrap(t))),
    exec: base.exec,
    listen: async (channel, cb) => {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(cb);
      return async () => {
        set.delete(cb);
      };
    },
    notify: async (channel, payload) => {
      const set = handlers.get(channel);
      if (!set?.size) return;
      const targets = [...set];
      setImmediate(() => {
        for (const h of targets) {
          try {
            h(payload);
          } catch {
            /* a listener's failure is its own */
          }
        }
      });
    },
    dump: async () => new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer()),
    close: async () => {
      await pg.close();
      lock?.release();
    },
  };
}
