// Which reads may go to a read replica: only those made while a request marked for replica reads is handled
// (lists, dashboards, assessment, search — src/http/read-routing.ts), never a transaction, never a background job.
// The scope is per request (AsyncLocalStorage), not shared state: every instance decides for its own requests.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ReadScope {
  /** the caller's last write on the primary (a WAL position, e.g. '0/3000148'): a replica that has not replayed
   *  up to it is not asked, so a user always sees their own writes; null = no recent write */
  afterLsn: string | null;
  /** how many of the scope's queries a replica answered, and how many the primary (the response says so) */
  replicaQueries?: number;
  primaryQueries?: number;
}

const scope = new AsyncLocalStorage<ReadScope>();

/** Runs fn with replica reads allowed (for its plain queries; transactions stay on the primary). */
export function withReplicaReads<T>(s: ReadScope, fn: () => T): T {
  return scope.run(s, fn);
}

export function currentReadScope(): ReadScope | undefined {
  return scope.getStore();
}

/** A WAL position 'X/Y' (hex) as a number that compares correctly; null when it is not one. */
export function lsnValue(lsn: string | null | undefined): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(lsn ?? '');
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}
