// Issue 9 finding 5: a database constraint reachable from a route is never a 500. The service maps the
// ones it knows (a taken category name → 409 category_name_taken, a racing action → 409 version_conflict),
// and http/problem.ts turns any other unique violation into 409 `conflict`.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerProblemHandler } from '../../src/http/problem';
import { expectOk, expectProblem, STREET, USER_OF_ROLE, World } from './_support';

let w: World;
before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

const catalogVersion = async () => expectOk(await (await w.as('admin'))('GET', '/api/v1/catalog')).version as number;

async function twoSiblings() {
  const admin = await w.as('admin');
  const stamp = Math.random().toString(36).slice(2, 8);
  const parent = expectOk(await admin('POST', '/api/v1/catalog', { name: `约束测试-${stamp}` }), 201);
  const a = expectOk(await admin('POST', '/api/v1/catalog', { parentId: parent.id, name: `甲-${stamp}` }), 201);
  const b = expectOk(await admin('POST', '/api/v1/catalog', { parentId: parent.id, name: `乙-${stamp}` }), 201);
  return { admin, parent, a, b };
}

test('PATCH /catalog/{id} renaming onto a sibling\'s name → 409 category_name_taken (was 500 internal), nothing changes', async () => {
  const { admin, a, b } = await twoSiblings();
  const v = await catalogVersion();
  expectProblem(await admin('PATCH', `/api/v1/catalog/${b.id}`, { name: a.name }), 409, 'category_name_taken');
  assert.equal(await catalogVersion(), v);
  assert.equal(expectOk(await admin('GET', '/api/v1/catalog')).items.find((c: { id: number }) => c.id === b.id).name, b.name);
  // Its own name, or a name used under another parent, is fine.
  expectOk(await admin('PATCH', `/api/v1/catalog/${b.id}`, { name: b.name, keywords: ['x'] }));
  const other = expectOk(await admin('POST', '/api/v1/catalog', { name: `别处-${b.name}` }), 201);
  expectOk(await admin('PATCH', `/api/v1/catalog/${other.id}`, { name: a.name }));
});

test('POST /catalog with a taken name → 409 category_name_taken; two at once → one 201, one 409, never a 500', async () => {
  const { admin, parent, a } = await twoSiblings();
  expectProblem(await admin('POST', '/api/v1/catalog', { parentId: parent.id, name: a.name }), 409, 'category_name_taken');
  const rs = await Promise.all([1, 2, 3].map(() => admin('POST', '/api/v1/catalog', { parentId: parent.id, name: '同时新增' })));
  assert.deepEqual(rs.map((r) => r.statusCode).sort(), [201, 409, 409], rs.map((r) => r.body).join('\n'));
  for (const r of rs.filter((x) => x.statusCode === 409)) expectProblem(r, 409, 'category_name_taken');
  // Renames racing onto the same free name: one wins.
  const c = expectOk(await admin('POST', '/api/v1/catalog', { parentId: parent.id, name: '丙' }), 201);
  const renames = await Promise.all([a, c].map((x) => admin('PATCH', `/api/v1/catalog/${x.id}`, { name: '抢注的名字' })));
  assert.deepEqual(renames.map((r) => r.statusCode).sort(), [200, 409], renames.map((r) => r.body).join('\n'));
});

test('two catalog imports of the same new categories at once both succeed (serialised), never a 500', async () => {
  const admin = await w.as('admin');
  const csv = 'level1,level2,level3,tier\n并发导入一级,并发导入二级,并发导入三级,3\n并发导入一级,并发导入二级,另一个三级,2\n';
  const rs = await Promise.all([1, 2].map(() => admin('POST', '/api/v1/catalog/import', csv, { 'content-type': 'text/csv' })));
  for (const r of rs) assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(rs.map((r) => r.json().created).sort(), [0, 4]);
});

test('a handler unit that does not exist → 404 unit_not_found, not a foreign-key 400/500', async () => {
  const { admin, b } = await twoSiblings();
  expectProblem(await admin('PATCH', `/api/v1/catalog/${b.id}`, { handlerKind: 'jurisdiction', handlerUnitId: 999999 }), 404, 'unit_not_found');
});

test('two return requests racing on the same order → one 200, the other 409 version_conflict (was a 500 from the one-pending index)', async () => {
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  const rs = await Promise.all([w.act(USER_OF_ROLE.handler, o, 'return', { reason: '甲' }), w.act(USER_OF_ROLE.unit_leader, o, 'return', { reason: '乙' })]);
  assert.deepEqual(rs.map((r) => r.statusCode).sort(), [200, 409], rs.map((r) => r.body).join('\n'));
  expectProblem(rs.find((r) => r.statusCode === 409)!, 409, 'version_conflict');
  const { rows } = await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from order_requests where order_id = $1`, [o.id]);
  assert.equal(rows[0].n, 1);
});

test('any other unique violation (a real one from the database) answers 409 conflict as problem+json, not 500', async () => {
  const app = Fastify({ logger: false });
  registerProblemHandler(app);
  // A unique key taken twice, straight against the test database (PGlite or PostgreSQL).
  app.get('/dup', async () => {
    await w.t.s.db.query(`insert into settings (key, value) values ('max_reopens', '5')`);
    return {};
  });
  app.get('/missing', async () => {
    await w.t.s.db.query(`insert into audit_log (at, action, order_id) values (now(), 'x', 99999999)`);
    return {};
  });
  try {
    expectProblem(await app.inject({ url: '/dup' }), 409, 'conflict');
    expectProblem(await app.inject({ url: '/missing' }), 400, 'validation_failed');
  } finally {
    await app.close();
  }
});
