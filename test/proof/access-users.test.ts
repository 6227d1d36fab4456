// The access matrix of user management (the order matrix is access.test.ts; split to keep files small).
// Every /users route, enumerated from the OpenAPI document, answers 401 without a session and 403 to every
// role but admin, changing nothing; and a user whose password an admin reset gets 403
// password_change_required from EVERY API route except setting a new password and signing in/out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app';
import { ROLES } from '../../src/modules/users/roles';
import { assertProblem, fingerprinter } from './_support';

const PW = 'test-demo-pw';
let t: TestApp;
let routes: { method: string; path: string }[] = [];
const NON_ADMINS = ['operator', 'dispatcher', 'supervisor', 'callback', 'leader', 'handler.350102004', 'role.unit_leader', 'role.grid_worker'];

before(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  const units = JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[];
  const unit = (code: string) => units.find((u) => u.code === code)!.id;
  for (const [username, role, code] of [['role.unit_leader', 'unit_leader', '350102004'], ['role.grid_worker', 'grid_worker', '350102004001'], ['reset.matrix', 'handler', '350102004']]) {
    assert.equal((await admin('POST', '/api/v1/users', { username, displayName: username, password: PW, role, unitId: unit(code) })).statusCode, 201);
  }
  const doc = JSON.parse((await t.app.inject({ url: '/docs/json' })).body) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => ({ method: m.toUpperCase(), path: p }))).filter((r) => r.path.startsWith('/api/'));
});
after(async () => {
  await t?.close();
});

const fill = (p: string, id: number) => p.replace(/\{[^}]+\}/g, String(id));
const bodyFor = (r: { method: string; path: string }) =>
  r.path === '/api/v1/users' && r.method === 'POST' ? { username: 'not.allowed', displayName: 'x', password: 'long-enough-pw', role: 'admin', unitId: 1 }
  : r.method === 'PATCH' ? { role: 'admin', disabled: true }
  : r.method === 'GET' || r.method === 'DELETE' ? undefined : {};

test('every user-management route: 401 without a session, 403 forbidden for every role but admin, nothing changes', async () => {
  const userRoutes = routes.filter((r) => r.path.startsWith('/api/v1/users'));
  assert.deepEqual(userRoutes.map((r) => `${r.method} ${r.path}`).sort(), ['GET /api/v1/users', 'PATCH /api/v1/users/{id}', 'POST /api/v1/users', 'POST /api/v1/users/{id}/password']);
  const { rows } = await t.s.db.query<{ id: number }>(`select id from users where username = 'operator'`);
  const signedIn = await Promise.all(NON_ADMINS.map(async (who) => [who, await t.as(who)] as const));
  const fp = await fingerprinter(t.s.db);
  const before = await fp();
  const roles = new Set<string>();
  for (const [who, c] of signedIn) {
    roles.add(JSON.parse((await c('GET', '/api/v1/me')).body).role);
    for (const r of userRoutes) {
      const res = await c(r.method, fill(r.path, rows[0].id), bodyFor(r));
      assert.equal(res.statusCode, 403, `${who} ${r.method} ${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      assert.equal(assertProblem(res, `${who} ${r.method} ${r.path}`).code, 'forbidden');
    }
  }
  assert.deepEqual([...roles].sort(), ROLES.filter((r) => r !== 'admin').sort(), 'every non-admin role was tried');
  for (const r of userRoutes) {
    const res = await t.app.inject({ method: r.method as 'GET', url: fill(r.path, rows[0].id), payload: bodyFor(r) as object, headers: { 'x-minhu-request': '1' } });
    assert.equal(assertProblem(res, `anonymous ${r.method} ${r.path}`).code, 'not_authenticated');
  }
  assert.equal(await fp(), before, 'a refused request changed something');
});

test('after a reset, every API route but POST /me/password and sign-in/out answers 403 password_change_required', async () => {
  const admin = await t.as('admin');
  const { rows } = await t.s.db.query<{ id: number }>(`select id from users where username = 'reset.matrix'`);
  const reset = JSON.parse((await admin('POST', `/api/v1/users/${rows[0].id}/password`)).body);
  const login = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'reset.matrix', password: reset.temporaryPassword }, headers: { 'x-minhu-request': '1' } });
  assert.equal(login.statusCode, 200, login.body);
  assert.equal(JSON.parse(login.body).mustChangePassword, true);
  const cookie = `minhu_session=${login.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  const allowed = ['POST /api/v1/me/password', 'POST /api/v1/session', 'DELETE /api/v1/session'];
  let checked = 0;
  for (const r of routes) {
    if (allowed.includes(`${r.method} ${r.path}`)) continue;
    // The 数字城管 API authenticates with an API key, never a session: a session cookie is no credential there.
    if (r.path.startsWith('/api/v1/integrations/')) continue;
    for (const body of [bodyFor(r), { garbage: true }]) {
      const res = await t.app.inject({ method: r.method as 'GET', url: fill(r.path, 1), payload: body as object, headers: { cookie, 'x-minhu-request': '1' } });
      assert.equal(res.statusCode, 403, `${r.method} ${r.path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      assert.equal(assertProblem(res, `${r.method} ${r.path}`).code, 'password_change_required');
      checked++;
    }
  }
  assert.ok(checked >= 80, `only ${checked} requests checked`);
  const changed = await t.app.inject({ method: 'POST', url: '/api/v1/me/password', payload: { currentPassword: reset.temporaryPassword, newPassword: 'a-new-password-1' }, headers: { cookie, 'x-minhu-request': '1' } });
  assert.equal(changed.statusCode, 204, changed.body);
  assert.equal((await t.app.inject({ url: '/api/v1/orders', headers: { cookie } })).statusCode, 200);
});
