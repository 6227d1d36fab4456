// A fresh, migrated database for one test file: in-memory PGlite, or a new database on the server
// PostgreSQL named by MINHU_TEST_DATABASE_URL (dropped again by close()).
//
// Migrating from nothing costs seconds per database (dozens of migrations), and the suite opens about a hundred.
// So the first file to need one migrates it once and keeps it as a template for the migrations as they are
// (keyed by a hash of every migration's name and text): a data-directory image in the temp folder for PGlite, a
// template database for PostgreSQL. Every later database starts as a copy of it, and migrate() still runs on it
// (finding nothing to do), so a test database is always exactly what migrate() makes.
import pg from 'pg';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDatabaseUrl } from '../../src/config';
import { migrate, type Db } from '../../src/db';
import { listMigrations } from '../../src/db/migrate';
import { openPglite } from '../../src/db/pglite';
import { openPostgres } from '../../src/db/postgres';

export interface TestDb {
  db: Db;
  /** Connection URL when on server PostgreSQL (for spawning servers), else null. */
  url: string | null;
  close(): Promise<void>;
}

/** A short hash of the migrations as they are now: a template made from other migrations is never used. */
function migrationsKey(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m.id).update('\0').update(m.sql).update('\0');
  return h.digest('hex').slice(0, 16);
}

async function withAdmin<T>(base: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function dbUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The migrated template database on the server (made once per set of migrations; concurrent makers race safely). */
async function serverTemplate(base: string): Promise<string> {
  const name = `minhu_tpl_${migrationsKey()}`;
  const exists = await withAdmin(base, (c) => c.query('select 1 from pg_database where datname = $1', [name]));
  if (exists.rowCount) return name;
  const work = `${name}_${randomBytes(3).toString('hex')}`;
  await withAdmin(base, (c) => c.query(`create database ${work}`));
  const db = await openPostgres(dbUrl(base, work), 2);
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
  await withAdmin(base, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`alter database ${work} rename to ${name}`);
        return;
      } catch (e) {
        if ((await c.query('select 1 from pg_database where datname = $1', [name])).rowCount) {
          // another file made it first
          await c.query(`drop database if exists ${work} with (force)`);
          return;
        }
        // the closed pool's backends may not have left yet
        if (attempt >= 50) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  return name;
}

/**
 * A new database on the test server, migrated (a copy of the template), or `empty` for tests whose subject is the
 * migration itself (servers migrating a new database, migrations through a pooler).
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = testDatabaseUrl();
  if (!base) return null;
  const name = `minhu_t_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const drop = async () => {
    await withAdmin(base, (c) => c.query(`drop database if exists ${name} with (force)`));
  };
  if (opts.empty) {
    await withAdmin(base, (c) => c.query(`create database ${name}`));
    return { url: dbUrl(base, name), drop };
  }
  const template = await serverTemplate(base);
  await withAdmin(base, async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`create database ${name} template ${template}`);
        break;
      } catch (e) {
        // "source database is being accessed by other users": another file is copying it this instant
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    // Per-database settings (e.g. the sweep migration's jit = off) live outside the copied files: carry them over.
    const settings = await c.query<{ s: string }>(
      `select unnest(setconfig) as s from pg_db_role_setting where setrole = 0 and setdatabase = (select oid from pg_database where datname = $1)`,
      [template],
    );
    for (const { s } of settings.rows) {
      const i = s.indexOf('=');
      await c.query(`alter database ${name} set ${s.slice(0, i)} = ${pg.escapeLiteral(s.slice(i + 1))}`);
    }
  });
  return { url: dbUrl(base, name), drop };
}

/** The migrated PGlite image in the temp folder (made once per set of migrations, written atomically). */
async function pgliteImage(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `minhu-pglite-${migrationsKey()}.tar`);
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)]);
  const db = await openPglite(null);
  try {
    await migrate(db);
    const image = await db.dump!();
    const tmp = `${file}.${process.pid}.${randomBytes(3).toString('hex')}`;
    fs.writeFileSync(tmp, image);
    fs.renameSync(tmp, file);
    return new Blob([fs.readFileSync(file)]);
  } finally {
    await db.close();
  }
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
  const db = await openPglite(null, await pgliteImage());
  await migrate(db);
  return { db, url: null, close: () => db.close() };
}

/** The backends of the client's database that are listening (a listener's last statement is its LISTEN). */
export async function listeningBackends(sql: { query<R>(text: string): Promise<{ rows: R[] }> }): Promise<number[]> {
  const r = await sql.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen %' and pid <> pg_backend_pid()`);
  return r.rows.map((x) => x.pid);
}
