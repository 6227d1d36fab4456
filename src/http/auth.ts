// Resolves the session cookie to a user on every request; routes ask for it with requireUser.
//
// Resolved sessions are kept for a few seconds (SESSION_CACHE_MS of both wall and app time), so a busy
// client does not pay a session query per request. Signing out, disabling a user, changing their role or
// unit, or a password change drops the entries at once on this instance and, through session events
// (NOTIFY on SESSION_CHANNEL), on every other instance.
// A user whose password an admin reset may do nothing but set a new one (or sign in/out) until they have.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../shared/errors';
import type { Clock } from '../shared/clock';
import { hashToken, type AuthService } from '../modules/users/auth.service';
import type { SessionEvents } from '../modules/users/session-events';
import type { Role } from '../modules/users/roles';
import type { AuthUser } from '../modules/users/users.repo';

export { SESSION_CHANNEL } from '../modules/users/session-events';
export const SESSION_COOKIE = 'minhu_session';
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;
/** What a user who must change their password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['POST /api/v1/me/password', 'POST /api/v1/session', 'DELETE /api/v1/session']);

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export interface AuthOptions {
  /** The app clock: a cached session is re-checked once app time moved on (tests jump it by days). */
  clock?: Clock;
  /** Cross-instance session events (PostgreSQL NOTIFY; in-process on PGlite). */
  events?: SessionEvents;
}

/** The session key (sha-256 of the cookie) of a request, or null without a session cookie. */
export function sessionKeyOf(req: FastifyRequest): string | null {
  const token = req.cookies?.[SESSION_COOKIE];
  return token && token.length <= 200 ? hashToken(token) : null;
}

export function registerAuth(app: FastifyInstance, auth: AuthService, opts: AuthOptions = {}): void {
  const cache = new Map<string, { user: AuthUser; wall: number; app: number }>();
  const appNow = () => (opts.clock ? opts.clock.now().getTime() : Date.now());
  const isLogout = (req: FastifyRequest) => req.method === 'DELETE' && req.routeOptions.url === '/api/v1/session';

  async function resolve(token: string): Promise<AuthUser | null> {
    if (token.length > 200) return null;
    const key = hashToken(token);
    const hit = cache.get(key);
    const wall = Date.now();
    const at = appNow();
    if (hit && wall - hit.wall < SESSION_CACHE_MS && Math.abs(at - hit.app) < SESSION_CACHE_MS) return hit.user;
    cache.delete(key);
    const user = await auth.userForToken(token);
    if (user) {
      if (cache.size >= SESSION_CACHE_MAX) cache.clear();
      cache.set(key, { user, wall, app: at });
    }
    return user;
  }

  app.decorateRequest('user', null);
  // onRequest (before body parsing and validation): a user who must change their password gets the same 403
  // from every route, whatever they send.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token && isLogout(req)) cache.delete(hashToken(token));
    req.user = token ? await resolve(token) : null;
    if (req.user?.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(`${req.method} ${req.routeOptions.url}`)) fail('password_change_required');
  });
  // After a sign-out has deleted the session: forget it here and on every other instance (and end its streams).
  app.addHook('onResponse', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token || !isLogout(req)) return;
    const key = hashToken(token);
    cache.delete(key);
    await opts.events?.publish(key);
  });
  if (opts.events) {
    const events = opts.events;
    let unlisten: (() => void) | null = null;
    app.addHook('onReady', async () => {
      unlisten = await events.listen((e) => {
        if (e.kind === 'all') cache.clear();
        else if (e.kind === 'session') cache.delete(e.key);
        else for (const [k, v] of cache) if (v.user.id === e.userId) cache.delete(k);
      });
    });
    app.addHook('onClose', async () => {
      unlisten?.();
      await events.close();
    });
  }
}

export function requireUser(req: FastifyRequest, ...roles: Role[]): AuthUser {
  const u = req.user;
  if (!u) fail('not_authenticated');
  if (roles.length && !roles.includes(u.role)) fail('forbidden', `this needs one of the roles ${roles.join(', ')}; you are ${u.role}`);
  return u;
}
