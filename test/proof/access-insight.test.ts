// The access matrix of the insight and dashboard routes: every signed-in role reads its own scope; only
// supervisors and admins refresh hotspots or scan for warnings; anonymous callers get 401; a unit asking about
// another unit's subtree — summary, map areas, exports, hotspots, warnings — is answered like a missing unit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../helpers/app';
import { assertProblem } from './_support';

let t: TestApp;
let ids: Record<string, number> = {};
const ROLES = ['admin', 'operator', 'dispatcher', 'supervisor', 'callback', 'leader', 'handler.350102004', 'handler.350102005'];
const READS = ['/api/v1/dashboard/summary', '/api/v1/dashboard/areas', '/api/v1/dashboard/summary.xlsx', '/api/v1/dashboard/summary.csv?table=areas',
  '/api/v1/insight/hotspots', '/api/v1/insight/warnings', '/api/v1/insight/seasonal', '/api/v1/insight/topics', '/api/v1/insight/tasks'];
const DECIDES = ['/api/v1/insight/hotspots/refresh', '/api/v1/insight/warnings/scan'];

before(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  const units = JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[];
  ids = Object.fromEntries(units.map((u) => [u.code, u.id]));
});
after(() => t?.close());

test('reads: every role in its own scope; anonymous 401', async () => {
  for (const who of ROLES) {
    const c = await t.as(who);
    for (const url of READS) {
      const r = await c('GET', url);
      assert.equal(r.statusCode, 200, `${who} GET ${url}: ${r.body.slice(0, 200)}`);
    }
  }
  for (const url of [...READS, ...DECIDES, '/api/v1/insight/warnings/1/state']) {
    const r = await t.app.inject({ method: url.includes('refresh') || url.includes('scan') || url.includes('state') ? 'POST' : 'GET', url, payload: url.includes('state') ? { state: 'seen' } : undefined, headers: { 'x-minhu-request': '1' } });
    assert.equal(r.statusCode, 401, url);
    assertProblem(r, url);
  }
});

test('refresh and scan: supervisors and admins only', async () => {
  for (const who of ROLES) {
    const c = await t.as(who);
    for (const url of DECIDES) {
      const r = await c('POST', url);
      if (who === 'supervisor' || who === 'admin') assert.equal(r.statusCode, 200, `${who} ${url}: ${r.body}`);
      else {
        assert.equal(r.statusCode, 403, `${who} ${url}`);
        assert.equal(assertProblem(r, url).code, 'forbidden');
      }
    }
  }
});

test('a unit cannot look into another unit\'s subtree; the centre can', async () => {
  const mine = ids['350102004'];
  const other = ids['350102005'];
  const c = await t.as('handler.350102004');
  for (const base of READS.filter((u) => !u.includes('seasonal') && !u.includes('topics'))) {
    const url = `${base}${base.includes('?') ? '&' : '?'}unitId=${other}`;
    const r = await c('GET', url);
    assert.equal(r.statusCode, 404, `${url}: ${r.body.slice(0, 200)}`);
    assert.equal(assertProblem(r, url).code, 'unit_not_found');
    assert.equal((await c('GET', `${base}${base.includes('?') ? '&' : '?'}unitId=${mine}`)).statusCode, 200, base);
    for (const who of ['operator', 'supervisor', 'leader']) {
      assert.equal((await (await t.as(who))('GET', url)).statusCode, 200, `${who} ${url}`);
    }
  }
  // the unit's own dashboard is its own unit by default
  const s = JSON.parse((await c('GET', '/api/v1/dashboard/summary')).body);
  assert.equal(s.unit.id, mine);
  const all = JSON.parse((await (await t.as('leader'))('GET', '/api/v1/dashboard/summary')).body);
  assert.equal(all.unit, null);
});

test('topics and tasks: supervisors and admins adopt, schedule and close; the centre and leaders see candidates', async () => {
  const body = { title: '矩阵专题', leadUnitId: ids['350102004'], leader: '某领导', rule: { keywords: ['矩阵测试'] }, startMonth: '2026-03' };
  const task = { title: '矩阵任务', unitId: ids['350102004'], dueAt: '2026-12-31T00:00:00+08:00' };
  for (const who of ROLES) {
    const c = await t.as(who);
    const planner = who === 'supervisor' || who === 'admin';
    const r1 = await c('POST', '/api/v1/insight/topics', body);
    const r2 = await c('POST', '/api/v1/insight/tasks', task);
    assert.equal(r1.statusCode, planner ? 201 : 403, `${who} topic: ${r1.body.slice(0, 200)}`);
    assert.equal(r2.statusCode, planner ? 201 : 403, `${who} task: ${r2.body.slice(0, 200)}`);
    const cand = await c('GET', '/api/v1/insight/topics/candidates');
    // the centre's users, supervisors and leaders see the candidates; units do not
    assert.equal(cand.statusCode, who.startsWith('handler.') ? 403 : 200, `${who} candidates`);
  }
  const { rows } = await t.s.db.query<{ id: number }>('select id from insight_topics order by id limit 1');
  const topicId = rows[0].id;
  const { rows: tr } = await t.s.db.query<{ id: number }>('select id from insight_tasks order by id limit 1');
  // the lead street sees the topic and its task; another street sees neither
  const lead = await t.as('handler.350102004');
  const other = await t.as('handler.350102005');
  assert.equal((await lead('GET', `/api/v1/insight/topics/${topicId}`)).statusCode, 200);
  assert.equal((await other('GET', `/api/v1/insight/topics/${topicId}`)).statusCode, 404);
  assert.equal((await other('POST', `/api/v1/insight/topics/${topicId}/actions`, { text: 'x' })).statusCode, 404);
  assert.equal((await other('POST', `/api/v1/insight/tasks/${tr[0].id}/done`, {})).statusCode, 404);
  assert.equal(JSON.parse((await other('GET', '/api/v1/insight/tasks')).body).items.length, 0);
  for (const who of ROLES.filter((r) => r !== 'supervisor' && r !== 'admin')) {
    const r = await (await t.as(who))('POST', `/api/v1/insight/topics/${topicId}/close`);
    assert.ok([403, 404].includes(r.statusCode), `${who} close: ${r.statusCode}`);
  }
});
