// Resolves the session cookie to a user on every request; routes ask for it with requireUser.
//
// Resolved sessions are kept for a few seconds (SESSION_CACHE_MS of both wall and app time), so a busy
// client does not pay a session query per request. Signing out drops the entry at once on this instance
// and, through NOTIFY on SESSION_CHANNEL, on every other instance. Anything that disables a user or
// changes a role/unit must notify SESSION_CHANNEL with '*' (or accept up to SESSION_CACHE_MS of delay).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fail } from '../shared/errors';
import type { Clock } from '../shared/clock';
import { hashToken, type AuthService } from '../modules/users/auth.service';
import type { Role } from '../modules/users/roles';
import type { AuthUser } from '../modules/users/users.repo';

export const SESSION_COOKIE = 'minhu_session';
export const SESSION_CHANNEL = 'minhu_sessions';
const SESSION_CACHE_MS = 5_000;
const SESSION_CACHE_MAX = 10_000;

declare module 'fastify' {
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export interface AuthOptions {
  /** The app clock: a cached session is re-checked once app time moved on (tests jump it by days). */
  clock?: Clock;
  /** Cross-instance invalidation (PostgreSQL NOTIFY; in-process on PGlite). */
  bus?: { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>; notify(channel: string, payload: string): Promise<void> };
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
  app.addHook('preHandler', async (req) => {
    if (!req.url.startsWith('/api/')) return;
    const token = req.cookies?.[SESSION_COOKIE];
    if (token && isLogout(req)) cache.delete(hashToken(token));
    req.user = token ? await resolve(token) : null;
  });
  // After a sign-out has deleted the session: forget it here and on every other instance.
  app.addHook('onResponse', async (req) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (!token || !isLogout(req)) return;
    const key = hashToken(token);
    cache.delete(key);
    await opts.bus?.notify(SESSION_CHANNEL, key).catch(() => undefined);
  });
  if (opts.bus) {
    const bus = opts.bus;
    let unlisten: (() => Promise<void>) | null = null;
    app.addHook('onReady', async () => {
      unlisten = await bus.listen(SESSION_CHANNEL, (key) => {
        if (key === '*') cache.clear();
        else cache.delete(key);
      });
    });
    app.addHook('onClose', async () => {
      await unlisten?.();
    });
  }
}

export function requireUser(req: FastifyRequest, ...roles: Role[]): AuthUser {
  const u = req.user;
  if (!u) fail('not_authenticated');
  if (roles.length && !roles.includes(u.role)) fail('forbidden', `this needs one of the roles ${roles.join(', ')}; you are ${u.role}`);
  return u;
}
