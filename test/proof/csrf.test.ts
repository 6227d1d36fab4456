// Forged requests (CSRF): a page of another site — or of the same site on another port, which SameSite=Lax
// cookies do not stop — posts a form with the victim's cookie. Every state-changing route the app has
// (enumerated from the app, so new routes are covered by themselves) must refuse it with 403 csrf_rejected
// and change nothing; the console's own requests (X-Minhu-Request: 1, same origin) pass.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CONSOLE, createTestApp, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter } from './_support';
import { leafId } from '../helpers/catalog';

const HOST = 'minhu.example:8080';
const OTHER_PORT = 'http://minhu.example:5173';
let t: TestApp;
let cookies: Record<string, string> = {};
let orderId = 0;

before(async () => {
  t = await createTestApp({
    // A route with its own (non-cookie) authentication opts out: the Open311/portal shape.
    modules: [async (app) => {
      app.post('/api/v1/test-open/ping', { config: { csrf: false } }, async () => ({ ok: true }));
    }],
  });
  for (const u of ['admin', 'handler.350102004']) {
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: u, password: 'test-demo-pw' }, headers: CONSOLE });
    assert.equal(r.statusCode, 200, r.body);
    cookies[u] = `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  }
  const admin = await t.as('admin');
  const units = (await admin('GET', '/api/v1/units')).json().items as { id: number; code: string }[];
  const o = (await admin('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title: '伪造请求测试', requester: { name: '王', phone: '13700000000' } })).json();
  const d = await admin('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: units.find((u) => u.code === '350102004')!.id, tier: 3, categoryId: await leafId(t.s.db) });
  assert.equal(d.statusCode, 200, d.body);
  orderId = o.id;
});
after(() => t?.close());

const PARAMS: Record<string, () => string> = { id: () => String(orderId), tier: () => '3', year: () => '2040' };
const concrete = (url: string) => url.replace(/:(\w+)/g, (_m, p: string) => (PARAMS[p] ?? (() => '1'))());

/** What a browser sends for a form posted from another page: no custom header, a body a form can make. */
const FORMS = [
  { type: 'application/x-www-form-urlencoded', body: 'GIF89a=<html><script>alert(1)</script>&username=admin&password=test-demo-pw&version=1' },
  { type: 'text/plain', body: '{"username":"admin","password":"test-demo-pw","version":1,"text":"伪造","categoryId":1}=' },
  { type: 'multipart/form-data; boundary=XyZ', body: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.gif"\r\nContent-Type: image/gif\r\n\r\nGIF89a<html>\r\n--XyZ--\r\n' },
];
/** With and without the browser's marks of another page on the same host (another port). */
const MARKS: Record<string, string>[] = [
  {},
  { origin: OTHER_PORT, 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'navigate' },
  { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
  { origin: 'null' },
];
/** Even with the console header (e.g. through a careless CORS proxy), another origin is refused. */
const FOREIGN_WITH_HEADER: Record<string, string>[] = [
  { ...CONSOLE, origin: OTHER_PORT },
  { ...CONSOLE, 'sec-fetch-site': 'same-site' },
  { ...CONSOLE, 'sec-fetch-site': 'cross-site' },
  { ...CONSOLE, origin: 'null' },
  { ...CONSOLE, origin: 'https://minhu.example:8080.evil.example' },
];

const attachmentFiles = () => {
  const dir = path.join(t.s.config.dataDir, 'attachments');
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0;
};

test('the check covers every state-changing route of the app (and only the opted-out one is left out)', () => {
  const routes = t.app.csrfProtectedRoutes();
  const keys = routes.map((r) => `${r.method} ${r.url}`);
  for (const k of ['POST /api/v1/session', 'DELETE /api/v1/session', 'POST /api/v1/orders/:id/attachments', 'POST /api/v1/assist/examples', 'POST /api/v1/catalog/import']) assert.ok(keys.includes(k), `${k} is not protected`);
  assert.ok(!keys.includes('POST /api/v1/test-open/ping'));
  assert.ok(routes.length >= 30, `only ${routes.length} routes`);
  assert.ok(routes.every((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method)));
});

test('a forged form (urlencoded, text/plain, multipart; with or without Origin/Sec-Fetch-Site of another port) is refused on every state-changing route and changes nothing', async () => {
  const fingerprint = await fingerprinter(t.s.db, []);
  const before = await fingerprint();
  const filesBefore = attachmentFiles();
  let sent = 0;
  for (const r of t.app.csrfProtectedRoutes()) {
    const url = concrete(r.url) + (r.url.endsWith('/attachments') ? '?filename=x.gif' : '');
    for (const cookie of Object.values(cookies)) {
      const variants = [
        ...FORMS.flatMap((f) => MARKS.map((m) => ({ headers: { ...m, 'content-type': f.type }, body: f.body }))),
        ...FOREIGN_WITH_HEADER.map((h) => ({ headers: { ...h, 'content-type': 'application/json' }, body: '{"version":1}' })),
      ];
      for (const v of variants) {
        const res = await t.app.inject({ method: r.method as 'POST', url, payload: v.body, headers: { host: HOST, cookie, ...v.headers } });
        const what = `${r.method} ${url} ${JSON.stringify(v.headers)}`;
        assert.equal(res.statusCode, 403, `${what} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        const p = assertProblem(res, what);
        assert.equal(p.code, 'csrf_rejected', what);
        assert.match(String(p.detail), /X-Minhu-Request|another site|not by this server/);
        sent++;
      }
    }
  }
  assert.ok(sent > 500, `${sent} requests`);
  assert.equal(await fingerprint(), before, 'a forged request changed the database');
  assert.equal(attachmentFiles(), filesBefore, 'a forged upload stored a file');
});

test("the console's own requests pass the check on every route (same origin, or no Origin at all)", async () => {
  for (const r of t.app.csrfProtectedRoutes()) {
    if (r.url === '/api/v1/session' && r.method === 'DELETE') continue; // would sign the admin out
    const url = concrete(r.url) + (r.url.endsWith('/attachments') ? '?filename=x.png' : '');
    for (const marks of [{ origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' }, {}]) {
      const res = await t.app.inject({ method: r.method as 'POST', url, payload: {}, headers: { host: HOST, cookie: cookies.admin, ...CONSOLE, ...marks } });
      const code = res.headers['content-type']?.toString().includes('problem') ? res.json().code : null;
      assert.notEqual(code, 'csrf_rejected', `${r.method} ${url} ${JSON.stringify(marks)}: ${res.body.slice(0, 200)}`);
    }
  }
  // Behind a TLS-terminating proxy the browser says https while this server sees http.
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/assist', payload: { title: '路灯不亮' }, headers: { host: HOST, cookie: cookies.admin, ...CONSOLE, origin: `https://${HOST}` } });
  assert.notEqual(res.statusCode, 403, res.body);
});

test('a route with its own authentication can opt out (config: { csrf: false })', async () => {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/test-open/ping', payload: 'a=1', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' } });
  assert.equal(res.statusCode, 200, res.body);
});

test('safe methods are not checked (links, EventSource and downloads carry no custom header)', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: cookies.admin, origin: OTHER_PORT, 'sec-fetch-site': 'same-site' } });
  assert.equal(res.statusCode, 200, res.body);
});
