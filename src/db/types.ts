// One interface over both drivers: embedded PGlite and server PostgreSQL (pg).
import type { ReplicaSet } from './replicas';
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a multi-statement SQL script without parameters (migrations). */
  exec(sql: string): Promise<void>;
}
export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to a NOTIFY channel; returns the unsubscribe function. `onResync` runs after the listening session
   * was lost and is back (server PostgreSQL only): NOTIFYs sent meanwhile are gone, so whatever the channel keeps
   * fresh must be re-read.
   */
  listen(channel: string, onPayload: (payload: string) => void, onResync?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Read replicas (server PostgreSQL with DATABASE_READ_URL), null without. Plain queries made inside a replica-read
   * scope (src/db/read-scope.ts) go to one of them when it is up and has replayed the scope's `afterLsn`.
   */
  readonly replicas: ReplicaSet | null;
  /** The primary's current WAL position after a write (for read-your-writes), null when there are no replicas. */
  writePosition(): Promise<string | null>;
  /** Embedded only: the whole data directory as an uncompressed tar image (openPglite's `image`). */
  dump?(): Promise<Uint8Array>;
  close(): Promise<void>;
}
