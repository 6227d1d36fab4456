// The access matrix of grid self-handling, volunteers and micro-projects (route × role): every console route answers
// anonymous callers 401, roles outside 403, another street's staff like a missing record (404), and a refused write
// leaves nothing behind; the public portal routes answer anyone alike, and a volunteer's token opens tasks only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE, createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter } from './_support';
import { PNG } from '../portal/_support';

let t: TestApp;
let admin: Client;
const unit: Record<string, number> = {};
const c: Record<string, Client> = {};
const ids = { issue: 0, task: 0, project: 0, meeting: 0 };
let photoId = '';
const photos = [{ name: 'p.png', data: PNG.toString('base64') }];
const ROLES = ['operator', 'dispatcher', 'callback', 'supervisor', 'leader', 'admin', 'handler.350102004', 'handler.350102005', 'unitleader.east', 'grid.east', 'grid.mate', 'grid.other', 'handler.community'];

before(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  const units = JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[];
  for (const u of units) unit[u.code] = u.id;
  for (const [username, role, code] of [['unitleader.east', 'unit_leader', '350102004'], ['grid.east', 'grid_worker', '350102004001'], ['grid.mate', 'grid_worker', '350102004001'],
    ['grid.other', 'grid_worker', '350102005001'], ['handler.community', 'handler', '350102004001']]) {
    assert.equal((await admin('POST', '/api/v1/users', { username, displayName: username, password: 'test-demo-pw', role, unitId: unit[code] })).statusCode, 201);
  }
  for (const who of ROLES) c[who] = await t.as(who);
  const issue = JSON.parse((await c['grid.east']('POST', '/api/v1/grid/issues', { title: '垃圾', photos })).body);
  ids.issue = issue.id;
  photoId = issue.photos[0].id;
  ids.task = JSON.parse((await c['handler.community']('POST', '/api/v1/volunteer-tasks', { communityId: unit['350102004001'], kind: 'errand', title: '代买药' })).body).id;
  ids.project = JSON.parse((await c['handler.community']('POST', '/api/v1/projects', { communityId: unit['350102004001'], title: '加装座椅', budget: 3000, source: 'resident' })).body).id;
  ids.meeting = JSON.parse((await c['handler.community']('POST', '/api/v1/meetings', { communityId: unit['350102004001'], heldOn: '2026-03-01', place: '活动室', attendees: 12, topics: ['座椅'], decisions: [] })).body).id;
  assert.ok(ids.issue && ids.task && ids.project && ids.meeting);
});
after(() => t?.close());

type Probe = { method: 'GET' | 'POST'; url: string; body?: unknown; allowed: string[] };
const community = () => unit['350102004001'];
/** Every new console route, and the roles that may use it (a role not listed gets 403). */
const probes = (): Probe[] => {
  const STAFF_READ = ['supervisor', 'leader', 'admin', 'handler.350102004', 'handler.350102005', 'unitleader.east', 'handler.community'];
  const STAFF_WRITE = ['admin', 'handler.350102004', 'handler.350102005', 'unitleader.east', 'handler.community'];
  const ALL = ROLES;
  return [
    { method: 'GET', url: '/api/v1/grid/issues', allowed: ALL },
    { method: 'GET', url: '/api/v1/grid/issues/stats?month=2026-03', allowed: ALL },
    { method: 'GET', url: `/api/v1/grid/issues/${ids.issue}`, allowed: ALL },
    { method: 'GET', url: `/api/v1/grid/issues/${ids.issue}/photos/${photoId}`, allowed: ALL },
    { method: 'POST', url: `/api/v1/grid/issues/${ids.issue}/handle`, body: { version: 1, photos }, allowed: ALL },
    { method: 'POST', url: '/api/v1/grid/issues', body: { title: '新问题', photos }, allowed: ['grid.east', 'grid.mate', 'grid.other'] },
    { method: 'GET', url: '/api/v1/volunteers', allowed: STAFF_READ },
    { method: 'POST', url: '/api/v1/volunteers', body: { communityId: community(), name: '志愿者', phone: '13900001111' }, allowed: STAFF_WRITE },
    { method: 'GET', url: '/api/v1/volunteer-tasks', allowed: STAFF_READ },
    { method: 'POST', url: '/api/v1/volunteer-tasks', body: { communityId: community(), kind: 'repair', title: '修门' }, allowed: STAFF_WRITE },
    { method: 'POST', url: `/api/v1/volunteer-tasks/${ids.task}/publish`, body: { version: 1 }, allowed: STAFF_WRITE },
    { method: 'GET', url: '/api/v1/projects', allowed: STAFF_READ },
    { method: 'GET', url: `/api/v1/projects/${ids.project}`, allowed: STAFF_READ },
    { method: 'POST', url: '/api/v1/projects', body: { communityId: community(), title: '新项目', budget: 1, source: 'resident' }, allowed: STAFF_WRITE },
    { method: 'POST', url: `/api/v1/projects/${ids.project}/open-voting`, body: { version: 1 }, allowed: STAFF_WRITE },
    { method: 'GET', url: '/api/v1/meetings', allowed: STAFF_READ },
    { method: 'POST', url: '/api/v1/meetings', body: { communityId: community(), heldOn: '2026-03-02', place: '礼堂', attendees: 3, topics: [], decisions: [] }, allowed: STAFF_WRITE },
  ];
};

test('console routes: 401 anonymous and 403 for every role outside, with nothing changed by a refusal', async () => {
  const fp = await fingerprinter(t.s.db);
  const before = await fp();
  let checked = 0;
  for (const p of probes()) {
    const anon = await t.app.inject({ method: p.method, url: p.url, payload: p.body as object, headers: CONSOLE });
    assert.equal(assertProblem(anon, `anon ${p.url}`).code, 'not_authenticated', `${p.method} ${p.url}`);
    for (const who of ROLES.filter((r) => !p.allowed.includes(r))) {
      const r = await c[who](p.method, p.url, p.body);
      assert.equal(r.statusCode, 403, `${who} ${p.method} ${p.url}: ${r.body}`);
      assertProblem(r, `${who} ${p.url}`);
      checked++;
    }
  }
  assert.equal(await fp(), before, 'a refused request changed something');
  assert.ok(checked > 50, `checked ${checked}`);
});

test('scope: another street\'s staff and another grid\'s worker get the answer of a missing record; nothing changes', async () => {
  const fp = await fingerprinter(t.s.db);
  const before = await fp();
  const cases: [string, 'GET' | 'POST', string, unknown, string][] = [
    ['grid.other', 'GET', `/api/v1/grid/issues/${ids.issue}`, undefined, 'grid_issue_not_found'],
    ['grid.other', 'GET', `/api/v1/grid/issues/${ids.issue}/photos/${photoId}`, undefined, 'grid_issue_not_found'],
    ['handler.350102005', 'GET', `/api/v1/grid/issues/${ids.issue}/photos/${photoId}`, undefined, 'grid_issue_not_found'],
    ['grid.other', 'POST', `/api/v1/grid/issues/${ids.issue}/escalate`, { version: 1, reason: 'x' }, 'grid_issue_not_found'],
    ['handler.350102005', 'POST', `/api/v1/grid/issues/${ids.issue}/escalate`, { version: 1, reason: 'x' }, 'grid_issue_not_found'],
    ['handler.350102005', 'POST', `/api/v1/volunteer-tasks/${ids.task}/publish`, { version: 1 }, 'volunteer_task_not_found'],
    ['handler.350102005', 'GET', `/api/v1/projects/${ids.project}`, undefined, 'project_not_found'],
    ['handler.350102005', 'POST', `/api/v1/projects/${ids.project}/reject`, { version: 1 }, 'project_not_found'],
    ['handler.350102005', 'POST', '/api/v1/projects', { communityId: community(), title: '越界项目', budget: 1, source: 'resident' }, 'unit_not_found'],
    ['handler.350102005', 'POST', '/api/v1/meetings', { communityId: community(), heldOn: '2026-03-02', place: 'x', attendees: 1, topics: [], decisions: [] }, 'unit_not_found'],
    ['handler.350102005', 'POST', '/api/v1/projects', { communityId: community(), title: '越界项目', budget: 1, source: 'meeting', meetingId: ids.meeting }, 'unit_not_found'],
    // The worker who reported the issue does not verify it; a mate of the grid may (not exercised here: it would write).
    ['grid.east', 'POST', `/api/v1/grid/issues/${ids.issue}/verify`, { version: 1 }, 'invalid_transition'],
  ];
  for (const [who, method, url, body, code] of cases) {
    const r = await c[who](method, url, body);
    assert.equal(assertProblem(r, `${who} ${url}`).code, code, `${who} ${method} ${url}: ${r.body}`);
  }
  for (const [who, url] of [['grid.other', '/api/v1/grid/issues'], ['handler.350102005', '/api/v1/volunteer-tasks'], ['handler.350102005', '/api/v1/projects'], ['handler.350102005', '/api/v1/meetings']] as const) {
    assert.equal(JSON.parse((await c[who]('GET', url)).body).items.length, 0, `${who} ${url}`);
  }
  assert.equal(await fp(), before);
});

test('portal routes answer without a session; a console session is no volunteer token; no route leaks a phone', async () => {
  for (const url of ['/api/v1/portal/volunteer/board', '/api/v1/portal/communities', '/api/v1/portal/projects']) {
    const anon = await t.app.inject({ url });
    assert.equal(anon.statusCode, 200, url);
    assert.equal((await c.admin('GET', url)).body, anon.body, `${url}: a session changes nothing`);
  }
  assert.equal(assertProblem(await c.admin('GET', '/api/v1/portal/volunteer/tasks'), 'session as token').code, 'volunteer_session_invalid');
  assert.equal(assertProblem(await c.admin('POST', `/api/v1/portal/volunteer/tasks/${ids.task}/claim`, { version: 1 }), 'session claim').code, 'volunteer_session_invalid');
  // The proposal is not public before the vote.
  assert.equal(assertProblem(await t.app.inject({ url: `/api/v1/portal/projects/${ids.project}` }), 'proposed').code, 'project_not_found');
  // The forged-request guard covers the new state-changing portal routes too.
  const forged = await t.app.inject({ method: 'POST', url: '/api/v1/portal/needs', payload: { communityId: community(), kind: 'other', title: '伪造', phone: '13800000000', code: '123456' } });
  assert.equal(assertProblem(forged, 'forged').code, 'csrf_rejected');
});
