// Access to the 分级协调 and 值守 routes as a matrix (route × role): anonymous 401 everywhere; units outside the
// order's scope get the answer of a missing order on the panel and both actions; the inbox and statistics show a
// unit its own subtree; the duty roster is read by admins, the centre's dispatchers/supervisors and the unit's
// own leader, written by admins and the unit's own leader — every refused write leaves the database as it was.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROLES, type Role } from '../../src/modules/users/roles';
import { DISTRICT, DISTRICT_USER, expectOk, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from '../core/_support';
import { assertProblem, fingerprinter } from './_support';

const MISSING = 99999999;
const OUTSIDERS = [`handler.${OTHER_STREET}`, 'handler.D350102-JY', 'handler.E3501-WATER', 'handler.D3501-ZJJ'];
let w: World;
let open: Order;
let fingerprint: () => Promise<string>;

before(async () => {
  w = await World.open();
  open = await w.reachEscalated('accepted');
  // Sign everyone in first: a first sign-in writes a session, which is not what the fingerprints check.
  for (const u of [...OUTSIDERS, ...ROLES.map((r) => USER_OF_ROLE[r]), DISTRICT_USER.handler, DISTRICT_USER.unit_leader]) await w.as(u);
  fingerprint = await fingerprinter(w.t.s.db);
});
after(() => w?.close());

const normalise = (body: string, id: number) => body.replaceAll(String(id), '«id»');

test('anonymous: 401 problem+json on every new route', async () => {
  const street = w.units.id(STREET);
  const routes: [string, string, object?][] = [
    ['GET', `/api/v1/orders/${open.id}/escalations`], ['GET', '/api/v1/escalations'], ['GET', '/api/v1/escalations/stats?month=2026-03'],
    ['POST', `/api/v1/orders/${open.id}/escalate`, { version: open.version, ...w.body('escalate') }],
    ['POST', `/api/v1/orders/${open.id}/escalation/answer`, { version: open.version, ...w.body('escalation/answer') }],
    ['GET', `/api/v1/units/${street}/duty`], ['PUT', `/api/v1/units/${street}/duty`, { defaultContact: null, slots: [] }], ['GET', `/api/v1/duty/gaps?unitId=${street}`],
  ];
  const before = await fingerprint();
  for (const [method, url, payload] of routes) {
    const res = await w.t.app.inject({ method: method as 'GET', url, payload, headers: { 'x-minhu-request': '1' } });
    assert.equal(res.statusCode, 401, `${method} ${url}: ${res.body}`);
    assert.equal(assertProblem(res, url).code, 'not_authenticated');
  }
  assert.equal(await fingerprint(), before);
});

test('units outside the order: the panel and both actions answer exactly like a missing order, and change nothing', async () => {
  const before = await fingerprint();
  for (const who of OUTSIDERS) {
    const c = await w.as(who);
    const probes: [string, (id: number) => ReturnType<typeof c>][] = [
      ['panel', (id) => c('GET', `/api/v1/orders/${id}/escalations`)],
      ['escalate', (id) => c('POST', `/api/v1/orders/${id}/escalate`, { version: open.version, ...w.body('escalate') })],
      ['answer', (id) => c('POST', `/api/v1/orders/${id}/escalation/answer`, { version: open.version, ...w.body('escalation/answer') })],
    ];
    for (const [name, send] of probes) {
      const real = await send(open.id);
      const missing = await send(MISSING);
      assertProblem(real, `${who} ${name}`);
      assert.equal(real.statusCode, 404, `${who} ${name}: ${real.body}`);
      assert.equal(normalise(real.body, open.id), normalise(missing.body, MISSING), `${who} ${name}`);
    }
    assert.deepEqual(expectOk(await c('GET', '/api/v1/escalations?status=all')).items, [], `${who}'s inbox`);
  }
  assert.equal(await fingerprint(), before);
});

test('every role on the actions: who may escalate and answer, and refusals change nothing', async () => {
  // role → [may escalate (on a fresh accepted order), may answer (the open request)]
  const may: Record<Role, [boolean, boolean]> = {
    admin: [false, true], operator: [false, false], dispatcher: [false, true], callback_agent: [false, false], supervisor: [false, true], leader: [false, false],
    handler: [true, false], unit_leader: [true, false], grid_worker: [false, false],
  };
  for (const role of ROLES) {
    const user = USER_OF_ROLE[role];
    const fresh = await w.reach('accepted', { sub: role === 'grid_worker' });
    const before = await fingerprint();
    const esc = await w.act(user, fresh, 'escalate', w.body('escalate'));
    if (may[role][0]) assert.equal(esc.statusCode, 200, `${role} escalate: ${esc.body}`);
    else {
      assert.ok([403, 404].includes(esc.statusCode), `${role} escalate: ${esc.statusCode}`);
      assertProblem(esc, `${role} escalate`);
      assert.equal(await fingerprint(), before, `${role}'s refused escalate changed something`);
    }
    const target = await w.reachEscalated('accepted');
    const before2 = await fingerprint();
    const ans = await w.act(user, target, 'escalation/answer', w.body('escalation/answer'));
    if (may[role][1]) assert.equal(ans.statusCode, 200, `${role} answer: ${ans.body}`);
    else {
      assert.ok([403, 404].includes(ans.statusCode), `${role} answer: ${ans.statusCode}`);
      assertProblem(ans, `${role} answer`);
      assert.equal(await fingerprint(), before2, `${role}'s refused answer changed something`);
    }
  }
  // The district's own users answer their district's request.
  for (const u of [DISTRICT_USER.handler, DISTRICT_USER.unit_leader]) assert.equal((await w.act(u, await w.reachEscalated('accepted'), 'escalation/answer', w.body('escalation/answer'))).statusCode, 200);
});

test('inbox and statistics by scope: the district and the centre see the district\'s requests, the street none to answer', async () => {
  const inbox = async (u: string) => expectOk(await (await w.as(u))('GET', '/api/v1/escalations?status=all')).items.map((i: any) => i.toUnitId);
  assert.ok((await inbox(DISTRICT_USER.handler)).every((id: number) => id === w.units.id(DISTRICT)));
  assert.ok((await inbox(DISTRICT_USER.handler)).length > 0);
  assert.ok((await inbox('dispatcher')).length >= (await inbox(DISTRICT_USER.handler)).length);
  assert.deepEqual(await inbox(USER_OF_ROLE.handler), []);
  const month = new Date(w.t.clock.now()).toISOString().slice(0, 7);
  const stats = async (u: string) => expectOk(await (await w.as(u))('GET', `/api/v1/escalations/stats?month=${month}`)).items.map((i: any) => i.unitId);
  assert.ok((await stats('leader')).includes(w.units.id(STREET)));
  assert.ok((await stats(USER_OF_ROLE.handler)).every((id: number) => id === w.units.id(STREET)));
  assert.deepEqual(await stats(`handler.${OTHER_STREET}`), []);
});

test('duty roster routes × every role (and the unit leader of another unit); refused writes leave nothing', async () => {
  const street = w.units.id(STREET);
  await w.createUser(`unitleader.${OTHER_STREET}`, 'unit_leader', OTHER_STREET);
  await w.as(`unitleader.${OTHER_STREET}`);
  const body = { defaultContact: { name: '值班室', phone: '0591-87654321' }, slots: [{ name: '值班员', phone: '13800000001', startsAt: '2026-10-01T00:00:00+08:00', endsAt: '2026-10-02T00:00:00+08:00' }] };
  const readers = new Set(['admin', 'dispatcher', 'supervisor', USER_OF_ROLE.unit_leader]);
  const writers = new Set(['admin', USER_OF_ROLE.unit_leader]);
  for (const user of [...ROLES.map((r) => USER_OF_ROLE[r]), `unitleader.${OTHER_STREET}`, DISTRICT_USER.unit_leader]) {
    const c = await w.as(user);
    for (const [name, send, ok] of [
      ['GET roster', () => c('GET', `/api/v1/units/${street}/duty`), readers.has(user)],
      ['GET gaps', () => c('GET', `/api/v1/duty/gaps?unitId=${street}`), readers.has(user)],
    ] as const) {
      const res = await send();
      if (ok) assert.equal(res.statusCode, 200, `${user} ${name}: ${res.body}`);
      else assert.equal(assertProblem(res, `${user} ${name}`).code, 'forbidden', `${user} ${name}`);
    }
    const before = await fingerprint();
    const res = await c('PUT', `/api/v1/units/${street}/duty`, body);
    if (writers.has(user)) assert.equal(res.statusCode, 200, `${user} PUT: ${res.body}`);
    else {
      assert.equal(assertProblem(res, `${user} PUT`).code, 'forbidden', `${user} PUT`);
      assert.equal(await fingerprint(), before, `${user}'s refused PUT changed something`);
    }
  }
});
