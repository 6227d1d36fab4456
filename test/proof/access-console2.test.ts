// Access to the console's second-pass routes as a matrix (route × role): the order export, knowledge-base
// administration and import, and 批示 (instructions). Anonymous → 401; a role that may not write → 403 and the
// database unchanged; a unit outside the order → the answer of a missing order; an export never holds an order
// outside the exporting user's scope.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES } from '../../src/modules/users/roles';
import { parseCsv } from '../../src/shared/csv';
import { COMMUNITY, expectOk, OTHER_STREET, USER_OF_ROLE, World, type Order } from '../core/_support';
import { assertProblem, fingerprinter } from './_support';

const MISSING = 99999999;
const OUTSIDERS = [`handler.${OTHER_STREET}`, 'handler.D350102-JY', 'handler.E3501-WATER'];
let w: World;
let o: Order;
let instructionId: number;
let articleId: number;
let fingerprint: () => Promise<string>;

before(async () => {
  w = await World.open();
  o = await w.reach('accepted', { sub: false });
  instructionId = expectOk(await (await w.as('leader'))('POST', `/api/v1/orders/${o.id}/instructions`, { text: '矩阵测试批示' }), 201).id;
  articleId = expectOk(await (await w.as('admin'))('GET', '/api/v1/kb/articles?pageSize=1')).items[0].id;
  fingerprint = await fingerprinter(w.t.s.db);
});
after(() => w?.close());

type Probe = { name: string; method: string; url: string; body?: unknown; headers?: Record<string, string>; allowed: readonly string[] };
const probes = (): Probe[] => [
  { name: 'export', method: 'GET', url: '/api/v1/orders/export?format=csv', allowed: ROLES },
  { name: 'kb list', method: 'GET', url: '/api/v1/kb/articles', allowed: ROLES },
  { name: 'kb create', method: 'POST', url: '/api/v1/kb/articles', body: { question: '矩阵', answer: '矩阵' }, allowed: ['admin'] },
  { name: 'kb edit', method: 'PATCH', url: `/api/v1/kb/articles/${articleId}`, body: { source: '矩阵' }, allowed: ['admin'] },
  { name: 'kb retire', method: 'DELETE', url: `/api/v1/kb/articles/${articleId}`, allowed: ['admin'] },
  { name: 'kb import-file', method: 'POST', url: '/api/v1/kb/import-file', body: 'question,answer\n矩阵问题,矩阵答案\n', headers: { 'content-type': 'text/csv' }, allowed: ['admin'] },
  { name: 'instructions', method: 'GET', url: `/api/v1/orders/${o.id}/instructions`, allowed: ['admin', 'operator', 'dispatcher', 'callback_agent', 'supervisor', 'leader', 'handler', 'unit_leader'] },
  { name: 'instruct', method: 'POST', url: `/api/v1/orders/${o.id}/instructions`, body: { text: '矩阵' }, allowed: ['leader'] },
  { name: 'answer', method: 'POST', url: `/api/v1/orders/${o.id}/instructions/${instructionId}/answer`, body: { answer: '矩阵' }, allowed: ['handler', 'unit_leader'] },
];

test('anonymous callers get 401 problem+json on every route', async () => {
  for (const p of probes()) {
    const res = await w.t.app.inject({ method: p.method as 'GET', url: p.url, payload: p.body as string, headers: { 'x-minhu-request': '1', ...(p.headers ?? {}) } });
    assert.equal(res.statusCode, 401, `${p.name}: ${res.body}`);
    assertProblem(res, p.name);
  }
});

test('route × role: refused roles get 403 (or the missing-order 404) and change nothing', async () => {
  let refused = 0;
  for (const role of ROLES) {
    const user = USER_OF_ROLE[role];
    const c = await w.as(user);
    for (const p of probes()) {
      if (p.allowed.includes(role)) continue;
      const before = await fingerprint();
      const res = await c(p.method, p.url, p.body, p.headers);
      assertProblem(res, `${role} ${p.name}`);
      // the grid worker does not see this order (not sub-dispatched): it learns nothing of it
      assert.ok(res.statusCode === 403 || (role === 'grid_worker' && res.statusCode === 404), `${role} ${p.name}: ${res.statusCode} ${res.body}`);
      assert.equal(await fingerprint(), before, `${role} ${p.name} changed the database`);
      refused++;
    }
  }
  assert.ok(refused >= 30);
});

test('allowed roles succeed on the write routes (the matrix is not all refusals)', async () => {
  const admin = await w.as('admin');
  assert.equal((await admin('POST', '/api/v1/kb/import-file', 'question,answer\n矩阵问题,矩阵答案\n', { 'content-type': 'text/csv' })).statusCode, 200);
  assert.equal((await (await w.as(USER_OF_ROLE.unit_leader))('POST', `/api/v1/orders/${o.id}/instructions/${instructionId}/answer`, { answer: '已办' })).statusCode, 200);
});

test('units outside the order: instructions answer like a missing order; their export never holds the order', async () => {
  const leader = await w.as('leader');
  const ins = expectOk(await leader('POST', `/api/v1/orders/${o.id}/instructions`, { text: '外单位不可见' }), 201);
  const norm = (s: string, id: number) => s.replaceAll(String(id), '«id»');
  for (const who of OUTSIDERS) {
    const c = await w.as(who);
    for (const [name, send] of [
      ['list', (id: number) => c('GET', `/api/v1/orders/${id}/instructions`)],
      ['answer', (id: number) => c('POST', `/api/v1/orders/${id}/instructions/${ins.id}/answer`, { answer: '越界' })],
    ] as const) {
      const before = await fingerprint();
      const real = await send(o.id);
      const missing = await send(MISSING);
      assert.equal(real.statusCode, 404, `${who} ${name}: ${real.body}`);
      assert.equal(norm(real.body, o.id), norm(missing.body, MISSING), `${who} ${name} differs from a missing order`);
      assert.ok(!real.body.includes('外单位不可见'));
      assert.equal(await fingerprint(), before);
    }
    const csv = (await c('GET', '/api/v1/orders/export?format=csv')).body;
    assert.ok(!parseCsv(csv).some((r) => r.cells[0] === o.number), `${who} exported an order outside its unit`);
  }
  // the community below the street, not sub-dispatched, does not see it either
  await w.createUser(`handler.${COMMUNITY}`, 'handler', COMMUNITY);
  const csv = (await (await w.as(`handler.${COMMUNITY}`))('GET', '/api/v1/orders/export?format=csv')).body;
  assert.ok(!parseCsv(csv).some((r) => r.cells[0] === o.number));
});
