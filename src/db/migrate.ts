// Numbered plain-SQL migrations, applied in order, each in its own transaction.
// A failing migration throws (the CLI exits non-zero); nothing after it runs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './types';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

export function listMigrations(dir = DIR): { id: string; sql: string }[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ id: f.replace(/\.sql$/, ''), sql: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

export async function migrate(db: Db, dir = DIR): Promise<string[]> {
  // Serialise concurrent starters (several instances on one PostgreSQL).
  await db.exec('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
  const applied: string[] = [];
  for (const m of listMigrations(dir)) {
    const done = await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock(724519)');
      const { rows } = await q.query('select 1 from schema_migrations where id = $1', [m.id]);
      if (rows.length) return false;
      try {
        await q.exec(m.sql);
      } catch (e) {
        throw new Error(`Migration ${m.id} failed: ${(e as Error).message}`);
      }
      await q.query('insert into schema_migrations (id) values ($1)', [m.id]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}
