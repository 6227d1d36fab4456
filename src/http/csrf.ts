// Refuses forged state-changing requests (CSRF), also from the same site (another port of this host):
// SameSite=Lax cookies do not stop those. Every POST/PUT/PATCH/DELETE must
//   1. carry `X-Minhu-Request: 1` — a form cannot set a header, and a page of another origin can only set
//      one after a CORS preflight, which this server never grants;
//   2. not be marked by the browser as `Sec-Fetch-Site: cross-site | same-site`;
//   3. when it names an Origin, name this server's own (scheme + the request's Host).
// Routes with their own, non-cookie authentication (API keys, one-time codes) opt out with the route
// option `config: { csrf: false }` or by prefix (`exemptPrefixes`); nothing does so yet.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from './problem';

export const CSRF_HEADER = 'x-minhu-request';
export const CSRF_HEADER_VALUE = '1';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this route authenticates without cookies and is not checked for forged requests. */
    csrf?: boolean;
  }
  interface FastifyInstance {
    /** Every state-changing route the check protects (for tests that must cover all of them). */
    csrfProtectedRoutes(): { method: string; url: string }[];
  }
}

export interface CsrfOptions {
  /** Path prefixes whose routes authenticate without cookies (e.g. '/open311/'); not checked. */
  exemptPrefixes?: string[];
}

/** Why the request looks forged, or null when it may proceed. */
export function csrfRefusal(req: FastifyRequest): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') {
    return `Your browser says this request was sent by a page of another site (Sec-Fetch-Site: ${site}). Open the Minhu console at this server's own address and do it there.`;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !sameOrigin(origin, req)) {
    return `The request was sent by the page at ${origin.slice(0, 100)}, not by this server's console (${req.protocol}://${req.headers.host ?? '?'}). Open the console at this server's own address and do it there.`;
  }
  if (req.headers[CSRF_HEADER] !== CSRF_HEADER_VALUE) {
    return `The request lacks the header X-Minhu-Request: 1 that the Minhu console sends. Reload the console page and try again; API clients must send this header on every POST, PUT, PATCH and DELETE.`;
  }
  return null;
}

function sameOrigin(origin: string, req: FastifyRequest): boolean {
  const host = req.headers.host;
  if (!host) return false;
  let o: URL;
  let h: URL;
  try {
    o = new URL(origin);
    h = new URL(`${o.protocol}//${host}`); // normalises the Host header the same way (default ports, case)
  } catch {
    return false; // "null" (sandboxed frames, privacy redirects) or garbage
  }
  // https is accepted when we see plain http: a TLS-terminating proxy in front (trustProxy is off).
  const schemeOk = o.protocol === `${req.protocol}:` || o.protocol === 'https:';
  return schemeOk && o.host === h.host;
}

function exempt(url: string, prefixes: string[]): boolean {
  return prefixes.some((p) => url.startsWith(p));
}

export function registerCsrf(app: FastifyInstance, opts: CsrfOptions = {}): void {
  const prefixes = opts.exemptPrefixes ?? [];
  const routes: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    if (r.config?.csrf === false || exempt(r.url, prefixes)) return;
    for (const m of [r.method].flat()) if (UNSAFE.has(m)) routes.push({ method: m, url: r.url });
  });
  app.decorate('csrfProtectedRoutes', () => [...routes]);
  // onRequest: refused before the body is read or parsed, before auth and before any handler.
  app.addHook('onRequest', async (req, reply) => {
    if (!UNSAFE.has(req.method)) return;
    if (req.routeOptions.config?.csrf === false || exempt(req.url, prefixes)) return;
    const why = csrfRefusal(req);
    if (why) return sendProblem(reply, 'csrf_rejected', why);
  });
}
