// Standard security headers on every answer (console, API, docs, errors), through @fastify/helmet.
// The console is a Vite build with no inline script; Ant Design injects inline styles, so only style-src
// allows 'unsafe-inline'. Attachment downloads set their own, stricter policy (ATTACHMENT_CSP).
import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/** Downloads: nothing in the file may run, load or navigate, even when opened directly. */
export const ATTACHMENT_CSP = "default-src 'none'; sandbox";

const DIRECTIVES = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
  'media-src': ["'self'", 'blob:'],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** The console's Content-Security-Policy as one header value (swagger-ui at /docs uses the same). */
export function consoleCsp(): string {
  return Object.entries(DIRECTIVES).map(([k, v]) => `${k} ${v.join(' ')}`).join('; ');
}

export async function registerSecurityHeaders(app: FastifyInstance, opts: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    // HSTS only where the operator said users come over HTTPS (cookieSecure); on plain HTTP it is noise.
    strictTransportSecurity: opts.https ? { maxAge: 15552000, includeSubDomains: false } : false,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
  });
}

/** The headers of a raw answer written outside Fastify (client errors, see client-error.ts). */
export const RAW_SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
};
