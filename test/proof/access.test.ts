// Access control as a matrix: every order endpoint × users outside the order's unit subtree must get the
// same 404 as for an order that does not exist (nothing learnt); users inside see masked phones and no
// confidential requester; every reveal is audited; sign-in is throttled without locking anyone out; passwords never
// reach the logs. User management and the forced password change have their own matrix: access-users.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { CONSOLE, createTestApp, type Client, type TestApp } from '../helpers/app';
import { ACTIONS } from '../../src/modules/orders/lifecycle';
import { BENCH_PASSWORD, login, sleep, startServerProcess, tempDataDir } from '../../bench/lib/server';
import { assertProblem } from './_support';
import { openLiveStream } from '../helpers/sse';
import { leafId } from '../helpers/catalog';

const PW = 'test-demo-pw';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const MISSING = 99999999;

let t: TestApp;
const clients: Record<string, Client> = {};
const unit: Record<string, number> = {};
const orders: Record<'plain' | 'confidential' | 'report', { id: number; version: number; title: string }> = {} as never;
let attachmentId = '';

/** Users created for the matrix (besides the demo ones): [username, role, unit code]. */
const EXTRA_USERS: [string, string, string][] = [
  ['leader.district', 'unit_leader', '350102'],
  ['leader.other', 'unit_leader', '350102005'],
  ['grid.other', 'grid_worker', '350102005001'],
  ['handler.community', 'handler', '350102004001'],
];
/** Inside the subtree of 东街街道 (350102004), the main unit of every order here. */
const INSIDE = ['handler.350102004', 'leader.district'];
const CENTRE = ['operator', 'dispatcher', 'admin', 'supervisor', 'callback', 'leader'];
/** Outside: another street (handler, leader, grid worker), a community below the street (not sub-dispatched), departments, a company. */
const OUTSIDE = ['handler.350102005', 'leader.other', 'grid.other', 'handler.community', 'handler.D350102-CG', 'handler.D3501-ZJJ', 'handler.E3501-WATER'];

const REQUESTER = { name: '赵保密先生', phone: '13812341234', company: '福州测试贸易有限公司' };

before(async () => {
  t = await createTestApp();
  const admin = await t.as('admin');
  for (const u of JSON.parse((await admin('GET', '/api/v1/units')).body).items as { id: number; code: string }[]) unit[u.code] = u.id;
  for (const [username, role, code] of EXTRA_USERS) {
    const r = await admin('POST', '/api/v1/users', { username, displayName: username, password: PW, role, unitId: unit[code] });
    assert.equal(r.statusCode, 201, r.body);
  }
  for (const u of [...INSIDE, ...CENTRE, ...OUTSIDE]) clients[u] = await t.as(u);
  const op = clients.operator;
  const disp = clients.dispatcher;
  const make = async (key: keyof typeof orders, extra: object) => {
    const title = `权限矩阵测试-${key}`;
    let o = JSON.parse((await op('POST', '/api/v1/orders', { channel: 'phone', type: 'complaint', title, description: '楼下施工噪音', address: '鼓楼区东街', requester: REQUESTER, ...extra })).body);
    o = JSON.parse((await disp('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: unit['350102004'], tier: 3, categoryId: await leafId(t.s.db) })).body);
    assert.equal(o.status, 'dispatched');
    orders[key] = { id: o.id, version: o.version, title };
  };
  await make('plain', {});
  await make('confidential', { confidential: true });
  await make('report', { type: 'report' });
  const up = await t.app.inject({ method: 'POST', url: `/api/v1/orders/${orders.plain.id}/attachments?filename=photo.png`, payload: PNG, headers: { ...CONSOLE, cookie: await cookieOf('operator'), 'content-type': 'image/png' } });
  assert.equal(up.statusCode, 201, up.body);
  attachmentId = JSON.parse(up.body).id;
});

after(async () => {
  await t?.close();
});

async function cookieOf(username: string): Promise<string> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: PW }, headers: CONSOLE });
  return `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
}

/** A syntactically valid body for each action, so requests get past validation to the access check. */
function actionBody(action: string, version: number): Record<string, unknown> {
  const b: Record<string, Record<string, unknown>> = {
    answer: { answer: '已答复' },
    dispatch: { mainUnitId: unit['350102004'] },
    sign: {},
    contact: { note: '已联系' },
    subdispatch: { unitId: unit['350102004001'] },
    reply: { result: '已处理', replyToRequester: '已处理完毕' },
    return: { reason: '不属于本单位' },
    'return/approve': {},
    'return/reject': { note: '请继续办理' },
    extension: { reason: '需要协调', extra: { amount: 1, unit: 'workdays' } },
    'extension/approve': {},
    'extension/reject': { note: '不同意' },
    callback: { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' },
    reopen: { reason: '未解决' },
    close: {},
    merge: { parentId: orders.confidential.id },
    invalidate: { reason: '骚扰电话' },
    list: { reason: '长期问题', until: '2030-01-01' },
    supervise: { note: '请加快办理' },
    exemption: { reason: 'duplicate', note: '重复诉求' },
    'exemption/approve': {},
    'exemption/reject': { note: '不同意' },
    whistle: { departmentIds: [unit['D350102-CG']], reason: '需部门到场' },
    'whistle/report': { action: '已到场' },
    'whistle/rate': { ratings: [{ unitId: unit['D350102-CG'], score: 'satisfied' }] },
    petition: { caseNo: 'XF-ACCESS-1' },
    mediation: { body: '人民调解委员会', reason: '邻里纠纷' },
    'mediation/outcome': { outcome: 'settled', note: '已调解' },
    escalate: { level: 'district', reason: '需区级协调' },
    'escalation/answer': { decision: 'refused', note: '不予协调' },
  };
  return { version, ...b[action] };
}

interface Probe {
  name: string;
  send(c: Client, id: number): ReturnType<Client>;
}
function probes(): Probe[] {
  return [
    { name: 'GET detail', send: (c, id) => c('GET', `/api/v1/orders/${id}`) },
    { name: 'reveal-phone', send: (c, id) => c('POST', `/api/v1/orders/${id}/reveal-phone`) },
    { name: 'whistle panel', send: (c, id) => c('GET', `/api/v1/orders/${id}/whistles`) },
    ...ACTIONS.map((a) => ({ name: `action ${a}`, send: (c: Client, id: number) => c('POST', `/api/v1/orders/${id}/${a}`, actionBody(a, orders.plain.version)) })),
    { name: 'upload attachment', send: (c, id) => c('POST', `/api/v1/orders/${id}/attachments?filename=x.png`, PNG, { 'content-type': 'image/png' }) },
  ];
}
const normalise = (body: string, id: number) => body.replaceAll(String(id), '«id»');

test('outside the unit subtree: every order endpoint answers exactly like a non-existent order', async () => {
  const before = await t.s.db.query<{ n: number; v: number }>('select count(*)::int as n, sum(version)::int as v from order_events e join orders o on o.id = e.order_id');
  let checked = 0;
  for (const who of OUTSIDE) {
    for (const p of probes()) {
      for (const key of ['plain', 'confidential', 'report'] as const) {
        const id = orders[key].id;
        const real = await p.send(clients[who], id);
        const missing = await p.send(clients[who], MISSING);
        assert.ok(real.statusCode === 404 || real.statusCode === 403, `${who} ${p.name} on ${key}: ${real.statusCode} ${real.body.slice(0, 200)}`);
        assertProblem(real, `${who} ${p.name}`);
        assert.equal(real.statusCode, missing.statusCode, `${who} ${p.name}: ${real.statusCode} vs ${missing.statusCode} for a missing order`);
        assert.equal(normalise(real.body, id), normalise(missing.body, MISSING), `${who} ${p.name} on ${key}: the answer differs from a missing order's`);
        assert.equal(real.headers['content-type'], missing.headers['content-type']);
        for (const secret of [REQUESTER.name, REQUESTER.phone, orders[key].title]) assert.ok(!real.body.includes(secret), `${who} ${p.name}: leaks ${secret}`);
        checked++;
      }
    }
    // Lists and searches do not show it either; searching by phone is for the centre only.
    const list = JSON.parse((await clients[who]('GET', `/api/v1/orders?q=${encodeURIComponent('权限矩阵测试')}`)).body);
    assert.equal(list.total, 0, `${who} sees ${list.total} orders of another unit in the list`);
    const byPhone = await clients[who]('GET', `/api/v1/orders?phone=${REQUESTER.phone}`);
    assert.equal(byPhone.statusCode, 403);
    assertProblem(byPhone, `${who} phone search`);
  }
  const afterRows = await t.s.db.query<{ n: number; v: number }>('select count(*)::int as n, sum(version)::int as v from order_events e join orders o on o.id = e.order_id');
  assert.deepEqual(afterRows.rows[0], before.rows[0], 'an outsider changed something');
  const audits = await t.s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'reveal_phone'`);
  assert.equal(audits.rows[0].n, 0);
  console.log(`access matrix: ${checked} (user × endpoint × order) probes outside the subtree, all indistinguishable from a missing order`);
});

test('inside the subtree: orders visible, phones masked for units, confidential and report requesters hidden', async () => {
  for (const who of [...INSIDE, ...CENTRE]) {
    const isCentre = CENTRE.includes(who);
    for (const key of ['plain', 'confidential', 'report'] as const) {
      const r = await clients[who]('GET', `/api/v1/orders/${orders[key].id}`);
      assert.equal(r.statusCode, 200, `${who} ${key}: ${r.body.slice(0, 200)}`);
      const o = JSON.parse(r.body);
      const list = JSON.parse((await clients[who]('GET', `/api/v1/orders?q=${encodeURIComponent(orders[key].title)}`)).body);
      assert.equal(list.total, 1, `${who} list ${key}`);
      for (const view of [o.requester, list.items[0].requester]) {
        if (isCentre) {
          assert.deepEqual({ name: view.name, phone: view.phone, hidden: view.hidden }, { name: REQUESTER.name, phone: REQUESTER.phone, hidden: false }, `${who} ${key}`);
        } else if (key === 'plain') {
          assert.equal(view.phone, '138****1234', `${who} sees an unmasked phone`);
          assert.equal(view.name, REQUESTER.name);
          assert.equal(view.hidden, false);
        } else {
          assert.deepEqual({ name: view.name, phone: view.phone, hidden: view.hidden }, { name: null, phone: null, hidden: true }, `${who} ${key} requester`);
        }
      }
      if (!isCentre) {
        assert.ok(!r.body.includes(REQUESTER.phone), `${who} ${key}: full phone in the detail`);
        if (key !== 'plain') for (const s of [REQUESTER.name, REQUESTER.company]) assert.ok(!r.body.includes(s), `${who} ${key}: ${s} in the detail`);
      }
    }
  }
});

test('every phone reveal is written to the audit log; refused reveals write nothing', async () => {
  const revealers = ['handler.350102004', 'handler.350102004', 'leader.district', 'operator'];
  const before = (await t.s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'reveal_phone'`)).rows[0].n;
  for (const who of revealers) {
    const r = await clients[who]('POST', `/api/v1/orders/${orders.plain.id}/reveal-phone`);
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(JSON.parse(r.body).phone, REQUESTER.phone);
  }
  for (const key of ['confidential', 'report'] as const) {
    const r = await clients['handler.350102004']('POST', `/api/v1/orders/${orders[key].id}/reveal-phone`);
    assert.equal(r.statusCode, 403);
    assert.equal(assertProblem(r, 'confidential reveal').code, 'requester_confidential');
  }
  const { rows } = await t.s.db.query<{ username: string; orderId: number }>(
    `select u.username, a.order_id as "orderId" from audit_log a join users u on u.id = a.user_id where a.action = 'reveal_phone' order by a.id offset $1`,
    [before],
  );
  assert.deepEqual(rows.map((r) => r.username), revealers);
  assert.ok(rows.every((r) => r.orderId === orders.plain.id));
  const ev = await t.s.db.query<{ n: number }>(`select count(*)::int as n from order_events where type = 'phone_revealed' and order_id = $1`, [orders.plain.id]);
  assert.equal(ev.rows[0].n, revealers.length);
});

test('the audit log (GET /api/v1/audit) is for supervisors and admins only; it lists every reveal, and never a phone', async () => {
  const urls = ['/api/v1/audit', `/api/v1/audit?orderId=${orders.plain.id}&action=reveal_phone&limit=5`, `/api/v1/audit?userId=1&from=2020-01-01&to=2030-01-01`];
  for (const who of [...OUTSIDE, ...INSIDE, ...CENTRE.filter((u) => u !== 'supervisor' && u !== 'admin')]) {
    for (const url of urls) {
      const r = await clients[who]('GET', url);
      assert.equal(r.statusCode, 403, `${who} ${url}: ${r.statusCode} ${r.body.slice(0, 200)}`);
      assert.equal(assertProblem(r, `${who} audit`).code, 'forbidden');
      assert.ok(!r.body.includes(REQUESTER.phone) && !r.body.includes(REQUESTER.name));
    }
  }
  const anon = await t.app.inject({ url: '/api/v1/audit' });
  assert.equal(anon.statusCode, 401);
  assertProblem(anon, 'anonymous audit');
  const { rows } = await t.s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where order_id = $1`, [orders.plain.id]);
  for (const who of ['supervisor', 'admin']) {
    const r = await clients[who]('GET', `/api/v1/audit?orderId=${orders.plain.id}&limit=200`);
    assert.equal(r.statusCode, 200, r.body);
    const page = JSON.parse(r.body) as { items: { order: { id: number } }[]; next: string | null };
    assert.equal(page.items.length, rows[0].n);
    assert.ok(page.items.every((i) => i.order.id === orders.plain.id));
    assert.ok(!r.body.includes(REQUESTER.phone), `${who}: the audit log shows the phone`);
  }
});

test('downloading an attachment of an order outside the subtree answers exactly like a missing attachment', async () => {
  for (const who of OUTSIDE) {
    const real = await clients[who]('GET', `/api/v1/attachments/${attachmentId}`);
    const missing = await clients[who]('GET', '/api/v1/attachments/00000000-0000-4000-8000-000000000000');
    assert.equal(real.statusCode, 404);
    assert.equal(real.body, missing.body, `${who}: ${real.body} vs ${missing.body}`);
  }
});

test('attachments of an order outside the subtree cannot be downloaded', async () => {
  for (const who of OUTSIDE) {
    const r = await clients[who]('GET', `/api/v1/attachments/${attachmentId}`);
    assert.equal(r.statusCode, 404, `${who}: ${r.statusCode}`);
    assertProblem(r, who);
    assert.ok(!r.body.includes('PNG'));
  }
  const inside = await clients['handler.350102004']('GET', `/api/v1/attachments/${attachmentId}`);
  assert.equal(inside.statusCode, 200);
});

test('a signed-out session is refused at once, and an expired one as soon as the clock passes its end', async () => {
  const cookie = await cookieOf('callback');
  const me = () => t.app.inject({ url: '/api/v1/me', headers: { cookie } });
  assert.equal((await me()).statusCode, 200);
  assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { ...CONSOLE, cookie } })).statusCode, 204);
  const r = await me();
  assert.equal(r.statusCode, 401);
  assert.equal(assertProblem(r, 'signed out').code, 'not_authenticated');
  const other = await cookieOf('callback');
  assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { cookie: other } })).statusCode, 200);
  t.clock.advance(8 * 86400_000);
  assert.equal((await t.app.inject({ url: '/api/v1/me', headers: { cookie: other } })).statusCode, 401);
  t.clock.advance(-8 * 86400_000);
});

test('sign-in is throttled per (username, address) and per address, never per username alone; waits grow and end', async () => {
  const admin = clients.admin;
  assert.equal((await admin('POST', '/api/v1/users', { username: 'ratelimit.probe', displayName: 'probe', password: PW, role: 'handler', unitId: unit['350102004'] })).statusCode, 201);
  const attempt = (username: string, password: string, ip = '10.0.0.7') =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password }, remoteAddress: ip, headers: CONSOLE });
  for (let i = 0; i < 5; i++) assert.equal((await attempt('ratelimit.probe', 'wrong-password')).statusCode, 401);
  for (const pw of ['wrong-password', PW]) {
    const r = await attempt('ratelimit.probe', pw);
    assert.equal(r.statusCode, 429, `attempt 6 with ${pw === PW ? 'the right' : 'a wrong'} password`);
    assert.equal(assertProblem(r, 'rate limit').code, 'too_many_attempts');
    assert.equal(r.headers['retry-after'], '1');
  }
  // Another address is not affected: the owner of the account can always sign in.
  assert.equal((await attempt('ratelimit.probe', PW, '10.0.0.8')).statusCode, 200);
  t.clock.advance(1000);
  assert.equal((await attempt('ratelimit.probe', PW)).statusCode, 200);
  // Per address: 30 failures over many usernames slow the address down, also for a correct password; other addresses are fine.
  for (let i = 0; i < 30; i++) assert.equal((await attempt(`nobody.${i}`, 'x', '10.0.0.9')).statusCode, 401);
  const blocked = await attempt('ratelimit.probe', PW, '10.0.0.9');
  assert.equal(blocked.statusCode, 429);
  assert.ok(Number(blocked.headers['retry-after']) >= 1);
  assert.equal((await attempt('ratelimit.probe', PW, '10.0.0.10')).statusCode, 200);
  t.clock.advance(61_000);
  assert.equal((await attempt('ratelimit.probe', PW, '10.0.0.9')).statusCode, 200);
});

test('passwords and session tokens never appear in the logs (server process at LOG_LEVEL=debug)', { timeout: 180_000 }, async () => {
  const dataDir = tempDataDir('minhu-logs-');
  const secret = `Secret-${Math.random().toString(36).slice(2)}-Pw`;
  const wrong = `Wrong-${Math.random().toString(36).slice(2)}-Pw`;
  const server = await startServerProcess({ dataDir, logLevel: 'debug', env: { MINHU_SWEEP_INTERVAL_MS: '0' } });
  try {
    const adminCookie = await login(server.url, 'admin');
    const post = (path: string, body: unknown, cookie?: string) =>
      fetch(`${server.url}${path}`, { method: 'POST', headers: { ...CONSOLE, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
    const created = await post('/api/v1/users', { username: 'log.probe', displayName: '日志探针', password: secret, role: 'operator', unitId: 1 }, adminCookie);
    assert.equal(created.status, 201, await created.text());
    const bad = await post('/api/v1/session', { username: 'log.probe', password: wrong });
    assert.equal(bad.status, 401);
    const cookie = await login(server.url, 'log.probe', secret);
    const me = await fetch(`${server.url}/api/v1/me`, { headers: { cookie } });
    assert.equal(me.status, 200);
    await fetch(`${server.url}/api/v1/session`, { method: 'DELETE', headers: { ...CONSOLE, cookie } });
  } finally {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const out = server.output();
  assert.ok(out.split('\n').length > 10, 'expected debug/info request logs');
  for (const s of [secret, wrong, 'scrypt$']) assert.ok(!out.includes(s), `the logs contain ${s === 'scrypt$' ? 'a password hash' : 'a password'}`);
  const token = /minhu_session=([A-Za-z0-9_-]{20,})/;
  assert.ok(!token.test(out), 'the logs contain a session token');
  // The demo password is announced on purpose at start-up (demo mode only) and nowhere else — not from the admin's sign-in.
  const demoLines = out.split('\n').filter((l) => l.includes(BENCH_PASSWORD));
  assert.ok(demoLines.every((l) => /DEMO MODE|Demo data loaded/.test(l)), `demo password outside the start-up warning:\n${demoLines.join('\n')}`);
});

test('live updates reach only users whose unit subtree the order is in', { timeout: 180_000 }, async () => {
  const dataDir = tempDataDir('minhu-live-');
  const server = await startServerProcess({ dataDir, env: { MINHU_SWEEP_INTERVAL_MS: '0' } });
  const ac = new AbortController();
  try {
    const who = ['operator', 'handler.350102004', 'handler.350102005', 'handler.D350102-CG'];
    const cookies = Object.fromEntries(await Promise.all(who.map(async (u) => [u, await login(server.url, u)] as const)));
    const readers = await Promise.all(who.map((u) => openLiveStream(server.url, cookies[u], ac.signal)));
    const seen = (u: string) => readers[who.indexOf(u)].text();
    assert.equal(readers.length, who.length);
    const post = async (u: string, path: string, body: unknown) => {
      const r = await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...CONSOLE, cookie: cookies[u] ?? (await login(server.url, u)), 'content-type': 'application/json' }, body: JSON.stringify(body) });
      assert.ok(r.ok, await r.clone().text());
      return r.json() as Promise<{ id: number; version: number }>;
    };
    const units = (await (await fetch(`${server.url}/api/v1/units`, { headers: { cookie: cookies.operator } })).json()) as { items: { id: number; code: string }[] };
    const street = units.items.find((u) => u.code === '350102004')!.id;
    const o = await post('operator', '/api/v1/orders', { channel: 'phone', type: 'help', title: '直播范围测试', requester: REQUESTER });
    const catalog = (await (await fetch(`${server.url}/api/v1/catalog`, { headers: { cookie: cookies.operator } })).json()) as { items: { id: number; level: number; name: string }[] };
    const leaf = catalog.items.find((c) => c.level === 3 && c.name === '环境卫生')!.id;
    await post('dispatcher', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: street, tier: 3, categoryId: leaf });
    const marker = `"id":${o.id},`;
    const until = Date.now() + 10_000;
    while (Date.now() < until && !(seen('operator').split(marker).length > 2 && seen('handler.350102004').includes(marker))) await sleep(100);
    await sleep(500); // anything that would leak has had time to arrive
    assert.equal(seen('operator').split(marker).length - 1, 2, `the centre should see both changes:\n${seen('operator')}`);
    assert.ok(seen('handler.350102004').includes('"status":"dispatched"'), 'the main unit did not get the dispatch');
    for (const u of ['handler.350102005', 'handler.D350102-CG']) assert.ok(!seen(u).includes(marker), `${u} received an order of another unit`);
    for (const u of who) assert.ok(!seen(u).includes(REQUESTER.phone) && !seen(u).includes(REQUESTER.name), `${u}: requester in the stream`);
  } finally {
    ac.abort();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test('assessment: a scorecard outside the subtree answers like a missing unit; exports and the queue are for the centre', async () => {
  const month = '2026-03';
  for (const who of OUTSIDE) {
    const real = await clients[who]('GET', `/api/v1/assessment/units/${unit['350102004']}?month=${month}`);
    const missing = await clients[who]('GET', `/api/v1/assessment/units/${MISSING}?month=${month}`);
    assert.equal(real.statusCode, 404, `${who}: ${real.body.slice(0, 200)}`);
    assert.equal(normalise(real.body, unit['350102004']), normalise(missing.body, MISSING), `${who}: the scorecard answer differs from a missing unit's`);
    const realLost = await clients[who]('GET', `/api/v1/assessment/units/${unit['350102004']}/lost?month=${month}&kind=unresolved`);
    const missingLost = await clients[who]('GET', `/api/v1/assessment/units/${MISSING}/lost?month=${month}&kind=unresolved`);
    assert.equal(realLost.statusCode, 404, `${who}: ${realLost.body.slice(0, 200)}`);
    assert.equal(normalise(realLost.body, unit['350102004']), normalise(missingLost.body, MISSING), `${who}: the lost-point page differs from a missing unit's`);
    for (const p of [`/api/v1/assessment/months/${month}/report.csv`, `/api/v1/assessment/months/${month}/report.xlsx`, '/api/v1/assessment/exemptions', `/api/v1/assessment/months/${month}`]) {
      const r = await clients[who]('GET', p);
      assert.equal(r.statusCode, 403, `${who} ${p}`);
      assertProblem(r, `${who} ${p}`);
    }
  }
  for (const who of INSIDE) {
    assert.equal((await clients[who]('GET', `/api/v1/assessment/units/${unit['350102004']}?month=${month}`)).statusCode, 200, who);
    assert.equal((await clients[who]('GET', `/api/v1/assessment/units/${unit['350102004']}/lost?month=${month}&kind=lateContact`)).statusCode, 200, who);
  }
  for (const who of CENTRE) assert.equal((await clients[who]('GET', `/api/v1/assessment/months/${month}/report.csv`)).statusCode, 200, who);
});
