// A fresh, migrated database for one test file: in-memory PGlite, or a new database on the server
// PostgreSQL named by MINHU_TEST_DATABASE_URL (dropped again by close()).
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { testDatabaseUrl } from '../../src/config';
import { migrate, type Db } from '../../src/db';
import { openPglite } from '../../src/db/pglite';
import { openPostgres } from '../../src/db/postgres';

export interface TestDb {
  db: Db;
  /** Connection URL when on server PostgreSQL (for spawning servers), else null. */
  url: string | null;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = testDatabaseUrl();
  if (!base) return null;
  const name = `minhu_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDbOptions {
  /** server PostgreSQL: read replicas of the test database (its URL on each replica), DATABASE_READ_URL */
  replicas?: { urls: (primaryUrl: string) => string[]; maxLagMs?: number };
}

export async function openTestDb(opts: TestDbOptions = {}): Promise<TestDb> {
  const server = await createTestDatabase();
  if (server) {
    const read = opts.replicas ? { urls: opts.replicas.urls(server.url), maxLagMs: opts.replicas.maxLagMs } : null;
    const db = await openPostgres(server.url, 5, null, read);
    await migrate(db);
    return {
      db,
      url: server.url,
      async close() {
        await db.close();
        await server.drop();
      },
    };
  }
  const db = await openPglite(null);
  await migrate(db);
  return { db, url: null, close: () => db.close() };
}

/** The backends of the client's database that are listening (a listener's last statement is its LISTEN). */
export async function listeningBackends(sql: { query<R>(text: string): Promise<{ rows: R[] }> }): Promise<number[]> {
  const r = await sql.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`);
  return r.rows.map((x) => x.pid);
}
