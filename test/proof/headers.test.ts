// Security headers on every kind of answer (console, API, docs, errors), the Secure cookie option, and
// demo mode listening on localhost unless HOST says otherwise.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { WEB_DIST } from '../../src/http/web';
import { CONSOLE, createTestApp, DEMO_PASSWORD, type TestApp } from '../helpers/app';

let t: TestApp;
let web: FastifyInstance;
let cookie = '';
before(async () => {
  t = await createTestApp();
  web = await buildApp(t.s, { logger: false }); // with the console (web/dist when built, else the placeholder page)
  await web.ready();
  const r = await web.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'admin', password: DEMO_PASSWORD }, headers: CONSOLE });
  cookie = `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
});
after(async () => {
  await web?.close();
  await t?.close();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));
}

test('every kind of answer carries CSP (no inline script, frame-ancestors none), nosniff, a frame and a referrer policy', async () => {
  const answers = {
    console: await web.inject({ url: '/' }),
    'client-side route': await web.inject({ url: '/orders/1' }),
    api: await web.inject({ url: '/api/v1/orders', headers: { cookie } }),
    'api error 401': await web.inject({ url: '/api/v1/me' }),
    'api 404': await web.inject({ url: '/api/v1/nothing-here' }),
    'forged request 403': await web.inject({ method: 'POST', url: '/api/v1/orders', payload: 'a=1', headers: { cookie, 'content-type': 'text/plain' } }),
    'bad body 400': await web.inject({ method: 'POST', url: '/api/v1/orders', payload: '{', headers: { cookie, ...CONSOLE, 'content-type': 'application/json' } }),
    docs: await web.inject({ url: '/docs' }),
    'docs script': await web.inject({ url: '/docs/static/swagger-initializer.js' }),
    'docs json': await web.inject({ url: '/docs/json' }),
  };
  for (const [what, r] of Object.entries(answers)) {
    assert.ok(r.statusCode < 500, `${what}: ${r.statusCode}`);
    const csp = String(r.headers['content-security-policy'] ?? '');
    assert.ok(csp, `${what}: no Content-Security-Policy`);
    const d = directives(csp);
    assert.deepEqual(d.get('frame-ancestors'), ["'none'"], `${what}: ${csp}`);
    assert.deepEqual(d.get('script-src'), ["'self'"], `${what}: scripts must come from files of this server only: ${csp}`);
    assert.ok(!d.get('default-src')?.includes("'unsafe-inline'"), csp);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', what);
    assert.equal(r.headers['x-frame-options'], 'DENY', what);
    assert.ok(r.headers['referrer-policy'], `${what}: no Referrer-Policy`);
    assert.equal(r.headers['strict-transport-security'], undefined, `${what}: HSTS without cookieSecure`);
  }
  assert.deepEqual(directives(String(answers.console.headers['content-security-policy'])).get('style-src'), ["'self'", "'unsafe-inline'"]);
  assert.equal(answers.docs.statusCode, 200);
});

test('the console has no inline script the CSP would block (web/index.html and the built web/dist)', () => {
  const pages = [path.resolve('web/index.html'), path.join(WEB_DIST, 'index.html')].filter((p) => fs.existsSync(p));
  for (const p of pages) {
    const html = fs.readFileSync(p, 'utf8');
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      assert.match(tag, /^<script\b[^>]*\bsrc=/i, `${p}: inline script ${tag.slice(0, 120)}`);
    }
    assert.ok(!/\son[a-z]+=/i.test(html), `${p}: inline event handler`);
  }
});

test('cookieSecure sets Secure on the session cookie (and HSTS); off by default', async () => {
  const plain = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'operator', password: DEMO_PASSWORD }, headers: CONSOLE });
  assert.equal(plain.cookies.find((c) => c.name === 'minhu_session')!.secure, undefined);
  const secure = await createTestApp({ seed: true, config: { cookieSecure: true } });
  try {
    const r = await secure.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'operator', password: DEMO_PASSWORD }, headers: CONSOLE });
    assert.equal(r.statusCode, 200, r.body);
    const c = r.cookies.find((x) => x.name === 'minhu_session')!;
    assert.equal(c.secure, true);
    assert.equal(c.httpOnly, true);
    assert.match(String(r.headers['strict-transport-security']), /max-age=\d+/);
  } finally {
    await secure.close();
  }
  assert.equal(loadConfig({}, { MINHU_COOKIE_SECURE: 'true' }).cookieSecure, true);
  assert.equal(loadConfig({}, {}).cookieSecure, false);
});

test('demo mode listens on 127.0.0.1 unless HOST is set; production on all interfaces', () => {
  assert.equal(loadConfig({}, {}).host, '127.0.0.1'); // PGlite without DATABASE_URL: demo by default
  assert.equal(loadConfig({}, { MINHU_DEMO: 'true', DATABASE_URL: 'postgres://x/y' }).host, '127.0.0.1');
  assert.equal(loadConfig({}, { MINHU_DEMO: 'true', HOST: '0.0.0.0' }).host, '0.0.0.0');
  assert.equal(loadConfig({}, { DATABASE_URL: 'postgres://x/y' }).host, '0.0.0.0');
  assert.equal(loadConfig({ demo: false }, {}).host, '0.0.0.0');
});
