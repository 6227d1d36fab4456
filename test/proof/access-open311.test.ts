// The access matrix for the notification and Open311 routes (access.test.ts covers the order routes): the
// admin routes refuse every other role (403) and anonymous callers (401); Open311 answers the same to a
// console session as to anyone (a session is no api_key), and a revoked key is refused everywhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem } from './_support';

let t: TestApp;
let admin: Client;
let key = '';
let keyId = 0;
const ROLES = ['operator', 'dispatcher', 'supervisor', 'callback', 'leader', 'handler.350102004'];
const ADMIN_ROUTES: [string, string, unknown?][] = [
  ['GET', '/api/v1/notifications'],
  ['GET', '/api/v1/notifications/templates'],
  ['GET', '/api/v1/notifications/templates/receipt'],
  ['PUT', '/api/v1/notifications/templates/receipt', { body: '篡改' }],
  ['POST', '/api/v1/notifications/1/retry'],
  ['GET', '/api/v1/open311/keys'],
  ['POST', '/api/v1/open311/keys', { name: 'x' }],
  ['DELETE', '/api/v1/open311/keys/1'],
];

before(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  const k = JSON.parse((await admin('POST', '/api/v1/open311/keys', { name: '矩阵' })).body);
  key = k.key;
  keyId = k.id;
});
after(() => t?.close());

test('notification and API-key routes: admin only; 401 without a session', async () => {
  for (const who of ROLES) {
    const c = await t.as(who);
    for (const [method, url, body] of ADMIN_ROUTES) {
      const r = await c(method, url, body);
      assert.equal(r.statusCode, 403, `${who} ${method} ${url}: ${r.body}`);
      assert.equal(assertProblem(r, url).code, 'forbidden');
    }
  }
  for (const [method, url, body] of ADMIN_ROUTES) {
    const r = await t.app.inject({ method: method as 'GET', url, payload: body as object, headers: { 'x-minhu-request': '1' } });
    assert.equal(r.statusCode, 401, `${method} ${url}`);
  }
  // Nothing changed: the template is intact, the key still works.
  assert.notEqual(JSON.parse((await admin('GET', '/api/v1/notifications/templates/receipt')).body).body, '篡改');
  assert.equal(JSON.parse((await admin('GET', '/api/v1/open311/keys')).body).items.find((k: { id: number }) => k.id === keyId).revokedAt, null);
});

test('Open311: a console session changes nothing (same answers; POST still needs an api_key)', async () => {
  const c = await t.as('operator');
  const code = JSON.parse((await t.app.inject({ url: '/open311/v2/services.json' })).body)[0].service_code;
  for (const url of ['/open311/v2/discovery.json', '/open311/v2/services.xml', `/open311/v2/services/${code}.json`, '/open311/v2/requests.json']) {
    const anon = await t.app.inject({ url });
    const signed = await c('GET', url);
    assert.equal(signed.statusCode, anon.statusCode, url);
    assert.equal(signed.body, anon.body, url);
  }
  const post = await c('POST', '/open311/v2/requests.json', { service_code: code, address_string: '东街' });
  assert.equal(post.statusCode, 403, post.body);
});

test('a revoked key is refused by every endpoint that reads one', async () => {
  assert.equal((await admin('DELETE', `/api/v1/open311/keys/${keyId}`)).statusCode, 204);
  const code = JSON.parse((await t.app.inject({ url: '/open311/v2/services.json' })).body)[0].service_code;
  for (const url of ['/open311/v2/services.json', `/open311/v2/services/${code}.xml`, '/open311/v2/requests.json', '/open311/v2/requests/MH-1.json', '/open311/v2/tokens/abc.json']) {
    const r = await t.app.inject({ url: `${url}?api_key=${key}` });
    assert.equal(r.statusCode, 403, `${url}: ${r.body}`);
  }
  const r = await t.app.inject({ method: 'POST', url: '/open311/v2/requests.json', payload: `api_key=${key}&service_code=${code}&address_string=x`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(r.statusCode, 403);
});
