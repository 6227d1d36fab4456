// More intake sources (docs/SOURCES.md): the new channels; 信访 最多投一次 (a matter is handled once); 调处
// referrals with their outcome; the 数字城管 API (authenticated, idempotent by case number under concurrent
// replays, updates in, status changes out through the outbox); 领导接待日 records whose matters become orders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World } from './_support';
import { fingerprinter } from '../proof/_support';

const H = USER_OF_ROLE.handler;
let w: World;
let key: string;
before(async () => {
  w = await World.open({ start: '2026-06-01T09:00:00+08:00' });
  key = expectOk(await (await w.as('admin'))('POST', '/api/v1/open311/keys', { name: '数字城管平台' }), 201).key;
});
after(() => w?.close());

const city = (method: string, url: string, body?: unknown, apiKey: string | null = key) =>
  w.t.app.inject({ method: method as 'GET', url: `/api/v1/integrations/city-management${url}`, payload: body as object, headers: apiKey === null ? {} : { 'x-api-key': apiKey } });
const count = async (sql: string, args: unknown[] = []) => (await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from ${sql}`, args)).rows[0].n;

test('the new channels register like any other', async () => {
  for (const channel of ['weibo', 'petition', 'leader_line']) {
    const o = await w.create({ channel, title: `${channel} 渠道的诉求`, requester: { name: '张先生', phone: `1390000${channel.length}${channel.length}${channel.length}${channel.length}` } });
    assert.equal(o.channel, channel);
  }
});

test('信访 最多投一次: a petition about a matter already handled is refused with the order to link it to', async () => {
  const phone = '13911112222';
  const first = await w.create({ channel: 'phone', title: '小区门口道路破损积水严重', description: '鼓楼区东街某小区门口道路破损，下雨积水无法通行', requester: { name: '李女士', phone } });
  const fp = await fingerprinter(w.t.s.db);
  const before = await fp();
  const op = await w.as('operator');
  const p = expectProblem(await op('POST', '/api/v1/orders', { channel: 'petition', type: 'complaint', title: '小区门口道路破损积水', description: '门口道路破损积水，多次反映', requester: { name: '李女士', phone } }), 409, 'petition_matter_exists');
  assert.equal(p.matches[0].id, first.id);
  assert.equal(await fp(), before, 'nothing was registered');
  // The operator links the petition to the order: recorded once, the open order comes under supervision.
  let linked = await w.do('operator', first, 'petition', { caseNo: 'XF-2026-0001', note: '区信访局转来' });
  assert.equal(linked.supervised, true);
  assert.equal((await w.events(first.id)).at(-1)!.type, 'petition_linked');
  expectProblem(await w.act('operator', linked, 'petition', { caseNo: 'XF-2026-0001' }), 409, 'petition_already_linked');
  expectProblem(await w.act(H, linked, 'petition', { caseNo: 'XF-2026-0002' }), 404, 'order_not_found'); // a unit never sees a registered order
  expectProblem(await w.act('supervisor', linked, 'petition', { caseNo: 'XF-2026-0002' }), 403, 'forbidden');
  linked = await w.get(first.id);
  // A different matter of the same person, said so, or another person: registered.
  const other = expectOk(await op('POST', '/api/v1/orders', { channel: 'petition', type: 'complaint', title: '小区门口道路破损积水', newMatter: true, requester: { phone } }), 201);
  assert.equal(other.channel, 'petition');
  expectOk(await op('POST', '/api/v1/orders', { channel: 'petition', type: 'complaint', title: '小区门口道路破损积水', requester: { phone: '13933334444' } }), 201);
  expectOk(await op('POST', '/api/v1/orders', { channel: 'petition', type: 'complaint', title: '申请办理低保', requester: { phone } }), 201);
});

test('调处: the main unit refers a dispute to mediation, once at a time, and records the outcome', async () => {
  let o = await w.reach('accepted', { sub: false });
  expectProblem(await w.act('dispatcher', o, 'mediation', { body: '区人民调解委员会', reason: '邻里纠纷' }), 403, 'forbidden');
  expectProblem(await w.act(H, o, 'mediation/outcome', { outcome: 'settled', note: 'x' }), 409, 'nothing_pending');
  o = await w.do(H, o, 'mediation', { body: '东街人民调解委员会', reason: '楼上楼下漏水纠纷，双方同意调解' });
  assert.deepEqual(o.pendingRequests.map((r: { kind: string }) => r.kind), ['mediation']);
  assert.ok(!o.allowedActions.includes('mediation') && o.allowedActions.includes('mediation/outcome'));
  expectProblem(await w.act(H, o, 'mediation', { body: '另一调委会', reason: '再次' }), 409, 'already_pending');
  expectProblem(await w.act(`handler.${OTHER_STREET}`, o, 'mediation/outcome', { outcome: 'settled', note: 'x' }), 404, 'order_not_found');
  expectProblem(await w.act(H, o, 'mediation/outcome', { outcome: 'agreed', note: 'x' }), 400, 'validation_failed');
  o = await w.do(H, o, 'mediation/outcome', { outcome: 'settled', note: '双方签订调解协议，维修费用各半' });
  assert.deepEqual(o.pendingRequests, []);
  const ev = (await w.events(o.id)).at(-1)!;
  assert.equal(ev.type, 'mediation_concluded');
  assert.deepEqual({ outcome: ev.payload.outcome, body: ev.payload.body }, { outcome: 'settled', body: '东街人民调解委员会' });
  assert.ok(o.allowedActions.includes('mediation'), 'a new referral is possible afterwards');
});

test('数字城管 API: key required; a case is one order however often it arrives, even at once', async () => {
  const body = { caseNo: 'SZCG-20260601-0001', title: '人行道井盖缺失', description: '东街口人行道井盖缺失，存在安全隐患', address: '鼓楼区东街口', location: { lat: 26.0866, lng: 119.2971 } };
  for (const k of [null, '', 'mh311_wrong']) {
    const res = await city('POST', '/cases', body, k);
    assert.equal(res.statusCode, 401, res.body);
    assert.match(String(res.headers['content-type']), /problem\+json/);
  }
  const before = await count('orders');
  const answers = await Promise.all(Array.from({ length: 5 }, () => city('POST', '/cases', body)));
  assert.ok(answers.every((r) => r.statusCode === 200 || r.statusCode === 201), answers.map((r) => `${r.statusCode} ${r.body.slice(0, 120)}`).join('\n'));
  assert.equal(answers.filter((r) => r.statusCode === 201).length, 1, 'exactly one delivery created the order');
  assert.equal(new Set(answers.map((r) => r.json().orderId)).size, 1);
  assert.equal(await count('orders') - before, 1);
  const orderId = answers[0].json().orderId;
  const replay = await city('POST', '/cases', { ...body, title: '重放的同一案件' });
  assert.equal(replay.statusCode, 200);
  assert.equal(replay.json().orderId, orderId);
  const o = await w.get(orderId);
  assert.equal(o.channel, 'city_management');
  assert.match(o.description, /SZCG-20260601-0001/);

  // Bad input: a clear error and nothing filed.
  for (const bad of [{ ...body, caseNo: '' }, { ...body, caseNo: 'has space' }, { caseNo: 'SZCG-X' }, { ...body, caseNo: 'SZCG-Y', location: { lat: 999, lng: 0 } }]) {
    const res = await city('POST', '/cases', bad);
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'validation_failed');
  }
  assert.equal(await count('orders') - before, 1);

  // Out: our status changes go back through the outbox; in: their updates join the history.
  await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3, categoryId: w.leafId });
  const { rows } = await w.t.s.db.query<{ recipient: string; body: string }>(`select recipient, body from outbox where template = 'city_management_status' and order_id = $1`, [orderId]);
  assert.deepEqual(rows.map((r) => r.recipient), ['city_management:SZCG-20260601-0001']);
  assert.match(rows[0].body, /已派单/);
  const upd = await city('POST', '/cases/SZCG-20260601-0001/updates', { kind: 'info', note: '巡查员补充：井盖旁有施工围挡' });
  assert.equal(upd.statusCode, 200, upd.body);
  assert.deepEqual(upd.json().history.map((h: { event: string }) => h.event), ['dispatched']);
  const last = (await w.events(orderId)).at(-1)!;
  assert.deepEqual([last.type, last.payload.kind], ['external_update', 'info']);
  assert.equal((await city('POST', '/cases/NOPE/updates', { kind: 'info', note: 'x' })).json().code, 'external_case_not_found');
  assert.equal((await city('GET', '/cases/SZCG-20260601-0001', undefined, null)).statusCode, 401);
});

test('领导接待日: the record and its matters as orders; only the centre writes, leaders read', async () => {
  const op = await w.as('operator');
  const body = {
    day: '2026-06-05', leaderName: '王副区长', place: '区信访接待中心', visitors: 12, note: '现场交办两件',
    matters: [
      { title: '老旧小区加装电梯意见不一', description: '三号楼住户对加装电梯意见分歧，请协调', address: '鼓楼区东街某小区', requester: { name: '陈先生', phone: '13955556666' } },
      { type: 'suggestion', title: '建议增设社区老年食堂' },
    ],
  };
  const r = expectOk(await op('POST', '/api/v1/reception-days', body), 201);
  assert.equal(r.matters.length, 2);
  for (const m of r.matters) assert.equal((await w.get(m.orderId)).channel, 'reception');
  const list = expectOk(await (await w.as('leader'))('GET', '/api/v1/reception-days?from=2026-06-01&to=2026-06-30')).items;
  assert.equal(list[0].id, r.id);
  expectProblem(await (await w.as(H))('GET', '/api/v1/reception-days'), 403, 'forbidden');
  expectProblem(await (await w.as('leader'))('POST', '/api/v1/reception-days', body), 403, 'forbidden');
  const before = await count('reception_days');
  expectProblem(await op('POST', '/api/v1/reception-days', { ...body, day: '2026-02-30' }), 400, 'invalid_date');
  expectProblem(await op('POST', '/api/v1/reception-days', { ...body, visitors: -1 }), 400, 'validation_failed');
  assert.equal(await count('reception_days'), before);
});
