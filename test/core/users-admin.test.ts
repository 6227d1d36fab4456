// User management (PATCH /users/{id}, POST /users/{id}/password, POST /me/password, GET /users filters):
// disabling or a new role/unit ends the user's sessions at once; one active admin always remains; after a
// reset the user can do nothing but set a new password.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../helpers/app';
import { DEMO_CENTER_CODE as CENTER } from '../../src/modules/org/demo';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, STREET, World } from './_support';

let w: World;
before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

const signIn = (username: string, password = DEMO_PASSWORD) => w.t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, remoteAddress: '192.0.2.10', headers: { 'x-minhu-request': '1' } });
async function session(username: string, password = DEMO_PASSWORD) {
  const r = await signIn(username, password);
  assert.equal(r.statusCode, 200, r.body);
  const cookie = `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  const call = (method: string, url: string, body?: unknown) => w.t.app.inject({ method: method as 'GET', url, payload: body as object, headers: { cookie, 'x-minhu-request': '1' }, remoteAddress: '192.0.2.10' });
  return { call, answer: r.json() };
}
/** A fresh admin session (a test below disables the admin for a moment, which ends their sessions). */
const asAdmin = async () => (await session('admin')).call;
async function newUser(username: string, role = 'handler', unit = STREET): Promise<number> {
  const admin = await asAdmin();
  return expectOk(await admin('POST', '/api/v1/users', { username, displayName: `测试 ${username}`, password: DEMO_PASSWORD, role, unitId: w.units.id(unit) }), 201).id;
}

test('PATCH /users/{id} edits name, role and unit; bad ids and units are refused; only admins may', async () => {
  const id = await newUser('edit.probe');
  const admin = await asAdmin();
  const u = expectOk(await admin('PATCH', `/api/v1/users/${id}`, { displayName: '王网格', role: 'grid_worker', unitId: w.units.id(COMMUNITY) }));
  assert.deepEqual({ displayName: u.displayName, role: u.role, unitId: u.unitId, disabled: u.disabled }, { displayName: '王网格', role: 'grid_worker', unitId: w.units.id(COMMUNITY), disabled: false });
  expectProblem(await admin('PATCH', '/api/v1/users/99999999', { displayName: 'x' }), 404, 'user_not_found');
  expectProblem(await admin('PATCH', `/api/v1/users/${id}`, { unitId: 99999999 }), 404, 'unit_not_found');
  expectProblem(await admin('PATCH', `/api/v1/users/${id}`, { role: 'mayor' }), 400, 'validation_failed');
  expectProblem(await admin('PATCH', `/api/v1/users/${id}`, { displayName: '   ' }), 400, 'validation_failed');
  for (const who of ['operator', 'supervisor', `handler.${STREET}`]) {
    const c = await w.as(who);
    expectProblem(await c('PATCH', `/api/v1/users/${id}`, { disabled: true }), 403, 'forbidden');
    expectProblem(await c('POST', `/api/v1/users/${id}/password`), 403, 'forbidden');
    expectProblem(await c('GET', '/api/v1/users'), 403, 'forbidden');
  }
  const audit = await w.t.s.db.query<{ detail: { changes: Record<string, unknown> } }>(`select detail from audit_log where action = 'user_updated' and (detail->>'userId')::int = $1`, [id]);
  assert.deepEqual(Object.keys(audit.rows[0].detail.changes).sort(), ['displayName', 'role', 'unitId']);
});

test('disabling a user, or a new role or unit, ends their sessions at once (even a cached one); renaming does not', async () => {
  const id = await newUser('cut.probe');
  const admin = await asAdmin();
  for (const patch of [{ role: 'unit_leader' }, { unitId: w.units.id(OTHER_STREET) }, { disabled: true }]) {
    if (patch.disabled) expectOk(await admin('PATCH', `/api/v1/users/${id}`, { disabled: false }));
    const a = await session('cut.probe');
    const b = await session('cut.probe');
    assert.equal((await a.call('GET', '/api/v1/me')).statusCode, 200); // now cached on this instance
    expectOk(await admin('PATCH', `/api/v1/users/${id}`, patch));
    for (const s of [a, b]) expectProblem(await s.call('GET', '/api/v1/me'), 401, 'not_authenticated');
  }
  expectProblem(await signIn('cut.probe'), 401, 'invalid_credentials');
  expectOk(await admin('PATCH', `/api/v1/users/${id}`, { disabled: false }));
  const s = await session('cut.probe');
  assert.equal((await s.call('GET', '/api/v1/me')).statusCode, 200);
  expectOk(await admin('PATCH', `/api/v1/users/${id}`, { displayName: '新名字' }));
  assert.equal(expectOk(await s.call('GET', '/api/v1/me')).displayName, '新名字', 'the cached session shows the new name at once');
});

test('the last active admin can be neither disabled (not even by themselves) nor demoted: 409 last_admin', async () => {
  const admin = await asAdmin();
  const me = expectOk(await admin('GET', '/api/v1/me'));
  const admins = expectOk(await admin('GET', '/api/v1/users?role=admin&disabled=false')).items;
  assert.deepEqual(admins.map((u: { id: number }) => u.id), [me.id]);
  expectProblem(await admin('PATCH', `/api/v1/users/${me.id}`, { disabled: true }), 409, 'last_admin');
  expectProblem(await admin('PATCH', `/api/v1/users/${me.id}`, { role: 'operator' }), 409, 'last_admin');
  expectOk(await admin('PATCH', `/api/v1/users/${me.id}`, { displayName: '系统管理员' }));
  // With a second admin, one may go; then the other is the last again.
  const second = await newUser('second.admin', 'admin', CENTER);
  const other = await session('second.admin');
  expectOk(await other.call('PATCH', `/api/v1/users/${me.id}`, { disabled: true }));
  expectProblem(await other.call('PATCH', `/api/v1/users/${second}`, { disabled: true }), 409, 'last_admin');
  expectOk(await other.call('PATCH', `/api/v1/users/${me.id}`, { disabled: false }));
});

test('a password reset: temporary password once, old sessions end, and only POST /me/password works until a new one is set', async () => {
  const id = await newUser('reset.probe');
  const old = await session('reset.probe');
  const admin = await asAdmin();
  const r = expectOk(await admin('POST', `/api/v1/users/${id}/password`));
  assert.match(r.temporaryPassword, /^[A-Za-z2-9]{12}$/);
  assert.equal(r.user.mustChangePassword, true);
  expectProblem(await old.call('GET', '/api/v1/me'), 401, 'not_authenticated');
  expectProblem(await signIn('reset.probe'), 401, 'invalid_credentials');
  const s = await session('reset.probe', r.temporaryPassword);
  assert.equal(s.answer.mustChangePassword, true);
  assert.equal(s.answer.user.mustChangePassword, true);
  for (const [m, u] of [['GET', '/api/v1/me'], ['GET', '/api/v1/orders'], ['GET', '/api/v1/units'], ['GET', '/api/v1/stream'], ['POST', '/api/v1/orders/1/sign']] as const) {
    expectProblem(await s.call(m, u, m === 'POST' ? { version: 1 } : undefined), 403, 'password_change_required');
  }
  expectProblem(await s.call('POST', '/api/v1/me/password', { currentPassword: 'not-it', newPassword: 'brand-new-pw-1' }), 403, 'current_password_wrong');
  expectProblem(await s.call('POST', '/api/v1/me/password', { currentPassword: r.temporaryPassword, newPassword: r.temporaryPassword }), 422, 'password_unchanged');
  expectProblem(await s.call('POST', '/api/v1/me/password', { currentPassword: r.temporaryPassword, newPassword: 'short' }), 400, 'validation_failed');
  assert.equal((await s.call('POST', '/api/v1/me/password', { currentPassword: r.temporaryPassword, newPassword: 'brand-new-pw-1' })).statusCode, 204);
  const me = expectOk(await s.call('GET', '/api/v1/me'));
  assert.equal(me.mustChangePassword, false);
  expectProblem(await signIn('reset.probe', r.temporaryPassword), 401, 'invalid_credentials');
  assert.equal((await session('reset.probe', 'brand-new-pw-1')).answer.mustChangePassword, false);
  expectProblem(await admin('POST', '/api/v1/users/99999999/password'), 404, 'user_not_found');
});

test('POST /me/password for anyone: ends their other sessions, keeps this one; wrong current passwords are throttled', async () => {
  await newUser('own.probe', 'operator', CENTER);
  const a = await session('own.probe');
  const b = await session('own.probe');
  assert.equal((await a.call('POST', '/api/v1/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'my-own-pw-2026' })).statusCode, 204);
  assert.equal((await a.call('GET', '/api/v1/me')).statusCode, 200);
  expectProblem(await b.call('GET', '/api/v1/me'), 401, 'not_authenticated');
  for (let i = 0; i < 5; i++) expectProblem(await a.call('POST', '/api/v1/me/password', { currentPassword: `guess-${i}`, newPassword: 'whatever-123' }), 403, 'current_password_wrong');
  const limited = await a.call('POST', '/api/v1/me/password', { currentPassword: 'my-own-pw-2026', newPassword: 'whatever-123' });
  expectProblem(limited, 429, 'too_many_attempts');
  assert.equal(limited.headers['retry-after'], '1');
  w.t.clock.advance(1000);
  assert.equal((await a.call('POST', '/api/v1/me/password', { currentPassword: 'my-own-pw-2026', newPassword: 'whatever-123' })).statusCode, 204);
});

test('GET /users: q searches username and display name (literally); role, unitId and disabled filter', async () => {
  const admin = await asAdmin();
  const id = await newUser('filter.probe_1', 'callback_agent', CENTER);
  expectOk(await admin('PATCH', `/api/v1/users/${id}`, { displayName: '赵回访百分之' }));
  const q = async (qs: string) => expectOk(await admin('GET', `/api/v1/users?${qs}`)).items.map((u: { username: string }) => u.username);
  assert.deepEqual(await q(`q=${encodeURIComponent('赵回访')}`), ['filter.probe_1']);
  assert.deepEqual(await q('q=FILTER.PROBE'), ['filter.probe_1']);
  assert.deepEqual(await q('q=probe%5F1'), ['filter.probe_1']);
  assert.deepEqual(await q('q=%25'), [], '% is a literal');
  assert.ok((await q('role=callback_agent')).includes('filter.probe_1'));
  assert.ok(!(await q('role=handler')).includes('filter.probe_1'));
  const all = expectOk(await admin('GET', `/api/v1/users?unitId=${w.units.id(STREET)}`)).items;
  assert.ok(all.length > 0 && all.every((u: { unitId: number }) => u.unitId === w.units.id(STREET)));
  expectOk(await admin('PATCH', `/api/v1/users/${id}`, { disabled: true }));
  assert.deepEqual(await q('disabled=true&q=filter.probe'), ['filter.probe_1']);
  assert.deepEqual(await q('disabled=false&q=filter.probe'), []);
  expectProblem(await admin('GET', '/api/v1/users?role=mayor'), 400, 'validation_failed');
});
