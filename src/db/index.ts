import type { Config } from '../config';
import type { Db } from './types';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
export type { Db, Queryable, QueryResult } from './types';
export { migrate } from './migrate';

/** Server PostgreSQL when DATABASE_URL is set, else embedded PGlite in the data folder. */
export function openDb(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  return config.databaseUrl ? openPostgres(config.databaseUrl) : openPglite(config.dataDir);
}
