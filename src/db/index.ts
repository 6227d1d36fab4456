import type { Config } from '../config';
import type { Db } from './types';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import { migrate } from './migrate';
export type { Db, Queryable, QueryResult } from './types';
export { migrate } from './migrate';

type DbConfig = Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseDirectUrl' | 'databaseReadUrls' | 'readMaxLagMs'>>;

/** Server PostgreSQL when DATABASE_URL is set (LISTEN on DATABASE_DIRECT_URL if given, reads of lists and
 *  dashboards on the DATABASE_READ_URL replicas if any), else embedded PGlite. */
export function openDb(config: DbConfig): Promise<Db> {
  const read = config.databaseReadUrls?.length ? { urls: config.databaseReadUrls, maxLagMs: config.readMaxLagMs } : null;
  return config.databaseUrl ? openPostgres(config.databaseUrl, 10, config.databaseDirectUrl ?? null, read) : openPglite(config.dataDir);
}

/** Applies the migrations: on the direct connection when DATABASE_URL is a pooler (DDL and the migration lock
 *  are not a pooler's business), else on db itself. */
export async function migrateDb(config: DbConfig, db: Db): Promise<string[]> {
  if (!config.databaseDirectUrl) return migrate(db);
  const direct = await openPostgres(config.databaseDirectUrl, 1);
  try {
    return await migrate(direct);
  } finally {
    await direct.close();
  }
}
