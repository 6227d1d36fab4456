// Which requests read from a replica (when DATABASE_READ_URL names some), and read-your-writes.
// - Replica reads: the GET routes below — lists, dashboards, assessment, search: what many people read and nobody
//   acts on. Everything else (an order's detail, every action, the session check) reads from the primary.
// - Read-your-writes: after a state-changing request succeeds, the answer carries the primary's WAL position in
//   the cookie `minhu_wal` (and the header `x-minhu-wal-position` for API clients, which send it back as
//   `x-minhu-read-after`). A replica serves that caller only once it has replayed that position; until then the
//   primary does. Nothing is kept on the server, so any instance answers any request the same way.
// - The answer of a replica-read route says who answered in `x-minhu-reads: replica=N primary=M`.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db';
import { lsnValue, withReplicaReads, type ReadScope } from '../db/read-scope';

export const WAL_COOKIE = 'minhu_wal';
export const READ_AFTER_HEADER = 'x-minhu-read-after';

/** method + route pattern of every replica-read route */
export const REPLICA_READ_ROUTES: ReadonlySet<string> = new Set([
  'GET /api/v1/orders',
  'GET /api/v1/orders/export',
  'GET /api/v1/dashboard/summary',
  'GET /api/v1/dashboard/summary.xlsx',
  'GET /api/v1/dashboard/summary.csv',
  'GET /api/v1/assessment/rankings',
  'GET /api/v1/assessment/units/:unitId',
  'GET /api/v1/assessment/months/:month/report.xlsx',
  'GET /api/v1/assessment/months/:month/report.csv',
  'GET /api/v1/insight/hotspots',
  'GET /api/v1/kb/search',
]);

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** past this, every replica that is up has long replayed the write (MINHU_READ_MAX_LAG_MS is 10 s by default) */
const WAL_COOKIE_MAX_AGE_S = 300;

const scopes = new WeakMap<FastifyRequest, ReadScope>();

/** The newest of the positions the caller sent (cookie, header); 'invalid' when one is not a WAL position. */
function afterLsnOf(req: FastifyRequest): string | null {
  const sent = [req.cookies?.[WAL_COOKIE], req.headers[READ_AFTER_HEADER]].filter((v): v is string => typeof v === 'string' && v !== '');
  let best: { v: bigint; text: string } | null = null;
  for (const text of sent) {
    const v = lsnValue(text);
    // a position this server cannot read: the caller may have written anything, so the primary answers
    if (v === null) return 'invalid';
    if (!best || v > best.v) best = { v, text };
  }
  return best?.text ?? null;
}

export function registerReadRouting(app: FastifyInstance, db: Db, opts: { cookieSecure: boolean }): void {
  if (!db.replicas) return;
  const routes = new Set<string>();
  app.addHook('onRoute', (r) => {
    for (const m of [r.method].flat()) if (REPLICA_READ_ROUTES.has(`${m} ${r.url}`)) routes.add(`${m} ${r.url}`);
  });
  // The last hook before the handler: the handler and everything it awaits run in the scope.
  app.addHook('preHandler', (req, _reply, done) => {
    if (!routes.has(`${req.method} ${req.routeOptions.url}`)) return done();
    const scope: ReadScope = { afterLsn: afterLsnOf(req) };
    scopes.set(req, scope);
    withReplicaReads(scope, () => done());
  });
  app.addHook('onSend', async (req, reply) => {
    const scope = scopes.get(req);
    if (scope) reply.header('x-minhu-reads', `replica=${scope.replicaQueries ?? 0} primary=${scope.primaryQueries ?? 0}`);
    if (UNSAFE.has(req.method) && reply.statusCode < 400 && req.url.startsWith('/api/')) {
      const lsn = await db.writePosition().catch(() => null);
      if (lsn) {
        reply.setCookie(WAL_COOKIE, lsn, { path: '/', httpOnly: true, sameSite: 'strict', secure: opts.cookieSecure, maxAge: WAL_COOKIE_MAX_AGE_S });
        reply.header('x-minhu-wal-position', lsn);
      }
    }
  });
}
