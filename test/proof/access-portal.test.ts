// The access matrix of the portal and 幸福码 routes: the public portal answers a console session exactly as
// anyone (a session is no proof of a phone), and its service user cannot sign in; the 幸福码 staff routes
// refuse anonymous callers (401), roles outside (403), and answer a street outside the caller's unit like a
// missing one (404) — admins everywhere, a street's own staff for their street, only admins and unit leaders rotate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE, createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter } from './_support';

let t: TestApp;
let admin: Client;
let east = 0;
let other = 0;
let eastCommunity = 0;
let otherCommunity = 0;

before(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  const units = JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string; type: string; parentId: number }[];
  east = units.find((u) => u.code === '350102004')!.id;
  other = units.find((u) => u.code === '350102005')!.id;
  eastCommunity = units.find((u) => u.type === 'community' && u.parentId === east)!.id;
  otherCommunity = units.find((u) => u.type === 'community' && u.parentId === other)!.id;
  for (const [username, role, code] of [['leader.east', 'unit_leader', '350102004'], ['leader.district', 'unit_leader', '350102'], ['grid.east', 'grid_worker', '350102004001']]) {
    const id = units.find((u) => u.code === code)!.id;
    assert.equal((await admin('POST', '/api/v1/users', { username, displayName: username, password: 'test-demo-pw', role, unitId: id })).statusCode, 201);
  }
});
after(() => t?.close());

const reads = () => [`/api/v1/happy-codes?streetId=${east}`, `/api/v1/happy-codes/sheet.svg?streetId=${east}`];
const rotate = (unit: number) => ['POST', `/api/v1/happy-codes/${unit}/rotate`, { reason: '被覆盖' }] as const;

test('幸福码 routes: 401 anonymous, 403 for roles outside, 404 for another street, nothing changed by a refusal', async () => {
  const c: Record<string, Client> = {};
  for (const who of ['operator', 'dispatcher', 'callback', 'supervisor', 'leader', 'grid.east', 'handler.350102005', 'handler.350102004', 'leader.east']) c[who] = await t.as(who);
  const fp = await fingerprinter(t.s.db);
  const before = await fp();
  for (const url of [...reads(), '/api/v1/happy-codes/streets']) {
    const r = await t.app.inject({ url });
    assert.equal(assertProblem(r, url).code, 'not_authenticated');
  }
  assert.equal(assertProblem(await t.app.inject({ method: 'POST', url: rotate(eastCommunity)[1], payload: { reason: 'x' }, headers: CONSOLE }), 'anon rotate').code, 'not_authenticated');
  for (const who of ['operator', 'dispatcher', 'callback', 'supervisor', 'leader', 'grid.east']) {
    for (const url of [...reads(), '/api/v1/happy-codes/streets']) assert.equal(assertProblem(await c[who]('GET', url), `${who} ${url}`).code, 'forbidden', `${who} ${url}`);
    assert.equal((await c[who](...rotate(eastCommunity))).statusCode, 403, who);
  }
  // Another street's handler and leader: this street is not theirs.
  const outside = c['handler.350102005'];
  for (const url of reads()) assert.equal(assertProblem(await outside('GET', url), `outside ${url}`).code, 'unit_not_found');
  const streets = JSON.parse((await outside('GET', '/api/v1/happy-codes/streets')).body).items as { id: number }[];
  assert.deepEqual(streets.map((s) => s.id), [other]);
  const leader = c['leader.east'];
  assert.equal(assertProblem(await leader(...rotate(otherCommunity)), 'other street').code, 'unit_not_found');
  assert.equal(assertProblem(await leader(...rotate(east)), 'a street has no code').code, 'unit_not_found');
  // A handler reads but does not rotate.
  assert.equal((await c['handler.350102004'](...rotate(eastCommunity))).statusCode, 403);
  assert.equal(await fp(), before, 'a refused request changed something');
});

test("幸福码 routes: the street's own staff and its district read; leaders and admins rotate", async () => {
  for (const who of ['handler.350102004', 'leader.east', 'leader.district', 'admin']) {
    const c = await t.as(who);
    for (const url of reads()) assert.equal((await c('GET', url)).statusCode, 200, `${who} ${url}`);
  }
  assert.equal((await (await t.as('leader.east'))(...rotate(eastCommunity))).statusCode, 200);
  assert.equal((await (await t.as('leader.district'))(...rotate(otherCommunity))).statusCode, 200);
  assert.equal((await admin(...rotate(otherCommunity))).statusCode, 200);
});

test('the public portal: a console session changes no answer; the portal user cannot sign in', async () => {
  const code = (await t.s.db.query<{ code: string }>('select code from happy_codes where revoked_at is null limit 1')).rows[0].code;
  const operator = await t.as('operator');
  const requests: [string, string, unknown?][] = [
    ['GET', '/api/v1/portal/kinds'], ['GET', `/api/v1/portal/places/${code}`], ['GET', '/api/v1/portal/disclosure?month=2026-02'], ['GET', '/api/v1/portal/map'],
    ['POST', '/api/v1/portal/track', { number: '20260302000001', phone: '13812345678' }],
    ['POST', '/api/v1/portal/orders', { kind: 'road', description: '路面坑洼很深', address: '东街', phone: '13812345678', code: '123456' }],
    ['POST', '/api/v1/portal/evaluate', { number: '20260302000001', phone: '13812345678', code: '123456', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' }],
  ];
  for (const [method, url, body] of requests) {
    const anon = await t.app.inject({ method: method as 'GET', url, payload: body as object, headers: CONSOLE, remoteAddress: '198.51.100.1' });
    const signed = await operator(method, url, body, {});
    assert.equal(signed.statusCode, anon.statusCode, `${method} ${url}`);
    if (method === 'GET') assert.equal(signed.body, anon.body, url);
    else assert.equal(JSON.parse(signed.body).code, JSON.parse(anon.body).code, url);
  }
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'portal.residents', password: '!' }, headers: CONSOLE });
  assert.equal(login.statusCode, 401);
});

test('the portal keeps the forged-request check: a cross-site form cannot send codes or file orders', async () => {
  const fp = await fingerprinter(t.s.db, []);
  const before = await fp();
  for (const url of ['/api/v1/portal/otp', '/api/v1/portal/orders', '/api/v1/portal/track', '/api/v1/portal/evaluate']) {
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'application/json', origin: 'https://evil.example', 'x-minhu-request': '1' }, { 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }]) {
      const r = await t.app.inject({ method: 'POST', url, payload: 'phone=13812345678&purpose=submit', headers });
      assert.equal(assertProblem(r, url).code, 'csrf_rejected', `${url} ${JSON.stringify(headers)}`);
    }
  }
  assert.equal(await fp(), before);
});
