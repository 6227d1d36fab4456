// The portal's rules end to end through the API: one-time codes (outbox, expiry, attempts, single use), submit
// (photos sniffed, honeypot, limits, all-or-nothing), track (resident-safe, same 404 for a wrong phone),
// evaluate (the callback when the resident answers first) and 信息公开.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type Client, type TestApp } from '../helpers/app';
import { assertProblem, fingerprinter } from '../proof/_support';
import type { EffectHook } from '../../src/modules/orders/effects';
import { codeFor, freshIp, kindKey, lastCode, photo, PNG, resident } from './_support';
import { leafId } from '../helpers/catalog';

let t: TestApp;
let admin: Client;
let street = 0;
let phoneSeq = 0;
const newPhone = () => `1390000${String(1000 + phoneSeq++).slice(-4)}`;

before(async () => {
  t = await createTestApp();
  admin = await t.as('admin');
  street = JSON.parse((await admin('GET', '/api/v1/units')).body).items.find((u: { code: string }) => u.code === '350102004').id;
});
after(() => t?.close());

async function submit(phone: string, extra: Record<string, unknown> = {}, r = resident(t)) {
  const code = await codeFor(t, r, phone);
  return r('POST', '/api/v1/portal/orders', { kind: await kindKey(t), description: '路灯坏了好几天，晚上很黑', address: '鼓楼区东街 88 号门口', phone, code, photos: [photo()], ...extra });
}

test('one-time code: sent through the outbox (any hour), once a minute, wrong tries counted, expires, single use', async () => {
  const r = resident(t);
  const phone = newPhone();
  t.clock.set('2026-03-02T23:30:00+08:00'); // quiet hours: codes still go out at once
  const sent = await r('POST', '/api/v1/portal/otp', { phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3)}`, purpose: 'submit' });
  assert.equal(sent.statusCode, 202, sent.body);
  assert.deepEqual(JSON.parse(sent.body), { expiresInSeconds: 300, resendAfterSeconds: 60 });
  const { rows: [row] } = await t.s.db.query<{ template: string; audience: string; body: string; nextTryAt: Date }>(`select template, audience, body, next_try_at as "nextTryAt" from outbox where recipient = $1`, [phone]);
  assert.equal(row.template, 'otp');
  assert.match(row.body, /验证码是\d{6}，5分钟内有效/);
  const { needsQuiet } = await import('../../src/modules/notify/delivery');
  assert.equal(needsQuiet({ channel: 'sms', audience: 'resident', template: 'otp' }), false);
  // Only hashes are stored.
  const code = await lastCode(t, phone);
  const stored = JSON.stringify((await t.s.db.query('select * from portal_otps')).rows);
  assert.ok(!stored.includes(phone) && !stored.includes(code));

  const again = await r('POST', '/api/v1/portal/otp', { phone, purpose: 'submit' });
  assert.equal(again.statusCode, 429);
  const p = assertProblem(again, 'resend');
  assert.equal(p.code, 'portal_limit_reached');
  assert.match(p.detail, /每分钟只能获取 1 次验证码/);
  assert.ok(Number(again.headers['retry-after']) > 0);

  const kind = await kindKey(t);
  const body = (c: string) => ({ kind, description: '夜里施工噪声很大', address: '东街 1 号', phone, code: c });
  const wrong = await r('POST', '/api/v1/portal/orders', body(code === '000000' ? '111111' : '000000'));
  assert.equal(assertProblem(wrong, 'wrong').code, 'otp_wrong');
  assert.equal(JSON.parse(wrong.body).attemptsLeft, 4);
  assert.match(JSON.parse(wrong.body).detail, /还可以再试 4 次/);
  // Expiry: 5 minutes.
  t.clock.advance(5 * 60_000 + 1000);
  assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(code)), 'expired').code, 'otp_expired');

  // Attempts: 5 wrong tries kill the code, even for the right one afterwards.
  const c2 = await codeFor(t, r, phone);
  for (let i = 0; i < 5; i++) assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(c2 === '000000' ? '111111' : '000000')), 'wrong').status, 422);
  assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(c2)), 'exhausted').code, 'otp_expired');

  // Single use; a code for evaluating does not file an order; a newer code retires the older one.
  const c3 = await codeFor(t, r, phone);
  const c4 = await codeFor(t, r, phone, 'evaluate');
  assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(c4 === c3 ? '999999' : c4)), 'purpose').status, 422);
  const ok = await r('POST', '/api/v1/portal/orders', body(c3));
  assert.equal(ok.statusCode, 201, ok.body);
  assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(c3)), 'reuse').code, 'otp_expired');
  const c5 = await codeFor(t, r, phone);
  const c6 = await codeFor(t, r, phone);
  if (c5 !== c6) assert.equal(assertProblem(await r('POST', '/api/v1/portal/orders', body(c5)), 'retired').status, 422);
  t.clock.set('2026-03-03T10:00:00+08:00');
});

test('submit: an order (channel web) with its photo, the receipt SMS and the portal extras; the phone is the proven one', async () => {
  const phone = newPhone();
  const res = await submit(phone, { name: '王女士', location: { lat: 26.0905, lng: 119.296 } });
  assert.equal(res.statusCode, 201, res.body);
  const out = JSON.parse(res.body);
  assert.match(out.number, /^\d{14}$/);
  assert.equal(out.channel, 'web');
  assert.equal(out.photos, 1);
  const { rows: [o] } = await t.s.db.query<{ id: number; channel: string; requesterPhone: string; categoryId: number; title: string; createdBy: number; lat: number }>(
    `select id, channel, requester_phone as "requesterPhone", category_id as "categoryId", title, created_by as "createdBy", lat from orders where number = $1`, [out.number]);
  assert.equal(o.requesterPhone, phone);
  assert.equal(o.lat, 26.0905);
  assert.match(o.title, /^路灯、井盖等设施损坏：/);
  const leaf = (await t.s.catalog.repo.all()).find((c) => c.id === o.categoryId);
  assert.equal(leaf?.name, '城市公共设施');
  const att = (await t.s.db.query<{ mime: string; size: number }>('select mime, size from attachments where order_id = $1', [o.id])).rows;
  assert.deepEqual(att, [{ mime: 'image/png', size: PNG.length }]);
  const sms = (await t.s.db.query<{ template: string }>('select template from outbox where order_id = $1', [o.id])).rows.map((x) => x.template);
  assert.deepEqual(sms, ['receipt']);
  assert.equal((await t.s.db.query('select 1 from portal_orders where order_id = $1 and photos = 1', [o.id])).rows.length, 1);
  const { rows: [u] } = await t.s.db.query<{ username: string; disabled: boolean }>('select username, disabled from users where id = $1', [o.createdBy]);
  assert.deepEqual(u, { username: 'portal.residents', disabled: true });
});

test('submit refuses, changing nothing but the counters: honeypot, a non-photo, a fake photo, 4 photos, no place', async () => {
  const phone = newPhone();
  const r = resident(t);
  const code = await codeFor(t, r, phone);
  const fp = await fingerprinter(t.s.db, ['login_throttle', 'portal_counters']);
  const before = await fp();
  const base = { kind: await kindKey(t), description: '门口垃圾没人清运', address: '东街 2 号', phone, code };
  const cases: [Record<string, unknown>, number, string][] = [
    [{ website: 'http://spam.example' }, 400, 'validation_failed'],
    [{ photos: [photo(Buffer.from('%PDF-1.4 not a photo'))] }, 415, 'attachment_type_not_allowed'],
    [{ photos: [photo(Buffer.concat([Buffer.from('GIF89a'), Buffer.from('<html><script>alert(1)</script></html>')]))] }, 415, 'attachment_type_not_allowed'],
    [{ photos: [photo(), photo(), photo(), photo()] }, 400, 'validation_failed'],
    [{ photos: [{ data: '!!!not base64!!!' }] }, 400, 'validation_failed'],
    [{ address: '' }, 400, 'validation_failed'],
    [{ kind: 'no-such-kind' }, 400, 'validation_failed'],
    [{ phone: '0591-87654321' }, 400, 'validation_failed'],
  ];
  for (const [extra, status, code_] of cases) {
    const res = await r('POST', '/api/v1/portal/orders', { ...base, ...extra });
    assert.equal(res.statusCode, status, `${JSON.stringify(extra).slice(0, 80)}: ${res.body}`);
    const p = assertProblem(res, JSON.stringify(extra).slice(0, 80));
    assert.equal(p.code, code_);
    assert.match(p.detail, /[\u4e00-\u9fff]/, `a Chinese message: ${p.detail}`);
  }
  assert.equal(await fp(), before);
  // The code was not spent by the refusals.
  assert.equal((await r('POST', '/api/v1/portal/orders', base)).statusCode, 201);
});

test('a rolled-back submit leaves no order, no attachment row, no outbox row, and the code still usable', async () => {
  const phone = newPhone();
  const r = resident(t);
  const code = await codeFor(t, r, phone);
  const boom: EffectHook = async (_q, e) => {
    if (e.cause === 'register') throw new Error('simulated failure after the portal wrote its part');
  };
  const count = async () => (await t.s.db.query<{ o: number; m: number; a: number; p: number }>(
    `select (select count(*)::int from orders) as o, (select count(*)::int from outbox) as m, (select count(*)::int from attachments) as a, (select count(*)::int from portal_orders) as p`)).rows[0];
  const before = await count();
  t.s.effects.push(boom);
  const body = { kind: await kindKey(t), description: '井盖丢了很危险', address: '东街 3 号', phone, code, photos: [photo()] };
  try {
    const res = await r('POST', '/api/v1/portal/orders', body);
    assert.equal(res.statusCode, 500, res.body);
  } finally {
    t.s.effects.splice(t.s.effects.indexOf(boom), 1);
  }
  assert.deepEqual(await count(), before);
  assert.equal((await t.s.db.query('select 1 from portal_otps where used_at is not null and order_id is null')).rows.length, 0);
  const retry = await r('POST', '/api/v1/portal/orders', body);
  assert.equal(retry.statusCode, 201, retry.body);
});

test('limits: per phone per day, per address per day; clear Chinese messages with Retry-After', async () => {
  t.clock.set('2026-03-04T09:00:00+08:00');
  const phone = newPhone();
  for (let i = 0; i < 5; i++) assert.equal((await submit(phone, { address: `东街 ${10 + i} 号` })).statusCode, 201);
  const sixth = await submit(phone, { address: '东街 20 号' });
  assert.equal(sixth.statusCode, 429, sixth.body);
  assert.match(assertProblem(sixth, 'phone/day').detail, /同一手机号每天最多在网上提交 5 件诉求/);
  // The next day it works again.
  t.clock.set('2026-03-05T09:00:00+08:00');
  assert.equal((await submit(phone, { address: '东街 20 号' })).statusCode, 201);
  // One address: 10 a day, however it is written.
  t.clock.set('2026-03-06T09:00:00+08:00');
  for (let i = 0; i < 10; i++) assert.equal((await submit(newPhone(), { address: i % 2 ? '鼓楼区 东街100号' : '鼓楼区东街 100 号！' })).statusCode, 201);
  const over = await submit(newPhone(), { address: '鼓楼区东街100号' });
  assert.match(assertProblem(over, 'address/day').detail, /同一地点每天最多/);
});

async function handle(number: string, reply: boolean) {
  const { rows: [o] } = await t.s.db.query<{ id: number }>('select id from orders where number = $1', [number]);
  const dispatcher = await t.as('dispatcher');
  const handler = await t.as('handler.350102004');
  let v = JSON.parse((await dispatcher('GET', `/api/v1/orders/${o.id}`)).body).version;
  const step = async (c: Client, action: string, body: object) => {
    const res = await c('POST', `/api/v1/orders/${o.id}/${action}`, { version: v, ...body });
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    v = JSON.parse(res.body).version;
  };
  await step(dispatcher, 'dispatch', { mainUnitId: street, note: '派单内部说明ZZ', categoryId: await leafId(t.s.db, '城市公共设施') });
  await step(handler, 'sign', {});
  await step(handler, 'contact', { note: '内部联系记录XYZ：已致电' });
  if (reply) await step(handler, 'reply', { result: '内部办理结果QQQ，经费由某科室承担', replyToRequester: '您反映的路灯已于今日修复，感谢监督。' });
  return { id: o.id, version: v };
}

test('track: a resident-safe timeline with the reply; a wrong phone gets the same 404 as a missing number; guesses are limited', async () => {
  t.clock.set('2026-03-09T09:00:00+08:00');
  const phone = newPhone();
  const number = JSON.parse((await submit(phone)).body).number;
  await handle(number, true);
  const r = resident(t);
  const res = await r('POST', '/api/v1/portal/track', { number, phone: `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}` });
  assert.equal(res.statusCode, 200, res.body);
  const v = JSON.parse(res.body);
  assert.equal(v.status, 'replied');
  assert.equal(v.reply.text, '您反映的路灯已于今日修复，感谢监督。');
  assert.deepEqual(v.timeline.map((x: { label: string }) => x.label), ['诉求已受理', '已转交承办单位办理', '承办单位已签收', '承办单位已与您联系', '承办单位已答复']);
  assert.equal(v.requesterPhone, `${phone.slice(0, 3)}****${phone.slice(-4)}`);
  assert.equal(v.canEvaluate, true);
  for (const secret of ['内部联系记录XYZ', '内部办理结果QQQ', '派单内部说明ZZ', '承办人', phone, 'handler', 'version', 'requesterName']) assert.ok(!res.body.includes(secret), `the tracking answer shows ${secret}`);

  const missing = await r('POST', '/api/v1/portal/track', { number: '20260309999999', phone });
  const wrongPhone = await r('POST', '/api/v1/portal/track', { number, phone: '13911112222' });
  assert.equal(missing.statusCode, 404);
  assert.equal(wrongPhone.statusCode, 404);
  assert.equal(wrongPhone.body, missing.body);
  assert.equal(assertProblem(wrongPhone, 'wrong phone').code, 'portal_order_not_found');

  // Guessing phones for one number: 30 failures a day for the number (from any network), 20 an hour per network.
  for (let i = 0; i < 29; i++) await resident(t)('POST', '/api/v1/portal/track', { number, phone: `1380000${String(i).padStart(4, '0')}` });
  const blocked = await resident(t)('POST', '/api/v1/portal/track', { number, phone });
  assert.equal(blocked.statusCode, 429, blocked.body);
  const g = resident(t);
  for (let i = 0; i < 20; i++) await g('POST', '/api/v1/portal/track', { number: `2026030900${String(1000 + i)}`, phone });
  assert.equal((await g('POST', '/api/v1/portal/track', { number: '20260309000001', phone })).statusCode, 429);
});

test('evaluate: before the reply refused; the resident first → the callback (order closed); again → refused', async () => {
  t.clock.set('2026-03-10T09:00:00+08:00');
  const phone = newPhone();
  const number = JSON.parse((await submit(phone)).body).number;
  const r = resident(t);
  const evaluate = async (code: string) => r('POST', '/api/v1/portal/evaluate', { number, phone, code, contacted: true, resolution: 'resolved', satisfaction: 'satisfied', note: '修得很快' });
  assert.equal(assertProblem(await evaluate(await codeFor(t, r, phone, 'evaluate')), 'early').code, 'evaluation_not_open');
  const { id } = await handle(number, true);
  // A code for submitting does not evaluate.
  assert.equal(assertProblem(await evaluate(await codeFor(t, r, phone, 'submit')), 'purpose').status, 422);
  const ok = await evaluate(await codeFor(t, r, phone, 'evaluate'));
  assert.equal(ok.statusCode, 200, ok.body);
  assert.deepEqual(JSON.parse(ok.body), { recordedAs: 'callback' });
  const { rows: [o] } = await t.s.db.query<{ status: string }>('select status from orders where id = $1', [id]);
  assert.equal(o.status, 'closed');
  const { rows: cb } = await t.s.db.query<{ outcome: string; resolution: string; satisfaction: string; contacted: boolean; note: string }>('select outcome, resolution, satisfaction, contacted, note from order_callbacks where order_id = $1', [id]);
  assert.deepEqual(cb, [{ outcome: 'done', resolution: 'resolved', satisfaction: 'satisfied', contacted: true, note: '市民网上评价：修得很快' }]);
  assert.equal(assertProblem(await evaluate(await codeFor(t, r, phone, 'evaluate')), 'again').code, 'already_evaluated');
  const tracked = JSON.parse((await r('POST', '/api/v1/portal/track', { number, phone })).body);
  assert.equal(tracked.evaluation.satisfaction, 'satisfied');
  assert.equal(tracked.canEvaluate, false);
  assert.ok(tracked.timeline.some((x: { label: string }) => x.label === '已办结'));
});

test('evaluate after the callback agent: kept beside the callback, which stays as the agent recorded it', async () => {
  const phone = newPhone();
  const number = JSON.parse((await submit(phone)).body).number;
  const { id, version } = await handle(number, true);
  const agent = await t.as('callback');
  const cb = await agent('POST', `/api/v1/orders/${id}/callback`, { version, outcome: 'done', contacted: true, resolution: 'partly', satisfaction: 'basically' });
  assert.equal(cb.statusCode, 200, cb.body);
  const r = resident(t);
  const res = await r('POST', '/api/v1/portal/evaluate', { number, phone, code: await codeFor(t, r, phone, 'evaluate'), contacted: false, resolution: 'unresolved', satisfaction: 'unsatisfied' });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(JSON.parse(res.body), { recordedAs: 'evaluation' });
  const { rows } = await t.s.db.query<{ resolution: string }>('select resolution from order_callbacks where order_id = $1', [id]);
  assert.deepEqual(rows, [{ resolution: 'partly' }]);
  const { rows: ev } = await t.s.db.query<{ asCallback: boolean; resolution: string }>('select as_callback as "asCallback", resolution from portal_evaluations where order_id = $1', [id]);
  assert.deepEqual(ev, [{ asCallback: false, resolution: 'unresolved' }]);
});

test('信息公开: monthly volumes and top categories; street rates only from a published month', async () => {
  const d = JSON.parse((await t.app.inject({ url: '/api/v1/portal/disclosure?month=2026-03' })).body);
  const { rows: [{ n }] } = await t.s.db.query<{ n: number }>(`select count(*)::int as n from orders where created_at >= '2026-02-28T16:00:00Z' and created_at < '2026-03-31T16:00:00Z' and status <> 'invalid'`);
  assert.equal(d.total, n);
  assert.equal(d.months.length, 12);
  assert.equal(d.months[11].month, '2026-03');
  assert.equal(d.topCategories[0].name, '城市公共设施');
  assert.equal(d.assessment.published, false);
  assert.deepEqual(d.assessment.streets, []);
  const sup = await t.as('supervisor');
  assert.equal((await sup('POST', '/api/v1/assessment/months/2026-03/publish', {})).statusCode, 200);
  const p = JSON.parse((await t.app.inject({ url: '/api/v1/portal/disclosure?month=2026-03' })).body);
  assert.equal(p.assessment.published, true);
  const east = p.assessment.streets.find((x: { name: string }) => x.name === '东街街道');
  assert.ok(east && east.assessed >= 1 && east.satisfactionRate !== null, JSON.stringify(east));
  assert.equal(assertProblem(await t.app.inject({ url: '/api/v1/portal/disclosure?month=2026-13' }), 'bad month').status, 400);
  void freshIp;
});

test("a merged order shows the reply of the order it was merged into, and nothing of that order's requester", async () => {
  const parentPhone = newPhone();
  const childPhone = newPhone();
  const parent = JSON.parse((await submit(parentPhone, { name: '张先生' })).body).number;
  const child = JSON.parse((await submit(childPhone)).body).number;
  const op = await t.as('operator');
  const ids = (await t.s.db.query<{ id: number; number: string; version: number }>('select id, number, version from orders where number = any($1::text[])', [[parent, child]])).rows;
  const p = ids.find((x) => x.number === parent)!;
  const c = ids.find((x) => x.number === child)!;
  assert.equal((await op('POST', `/api/v1/orders/${c.id}/merge`, { version: c.version, parentId: p.id })).statusCode, 200);
  await handle(parent, true);
  const res = await resident(t)('POST', '/api/v1/portal/track', { number: child, phone: childPhone });
  assert.equal(res.statusCode, 200, res.body);
  const v = JSON.parse(res.body);
  assert.equal(v.statusLabel, '已合并办理');
  assert.equal(v.reply.text, '您反映的路灯已于今日修复，感谢监督。');
  assert.equal(v.canEvaluate, false);
  for (const secret of [parent, parentPhone, parentPhone.slice(-4), '张先生']) assert.ok(!res.body.includes(secret), `shows ${secret}`);
});

test('unresolved by the resident, reopened by the agent, replied again: the resident evaluates the new reply', async () => {
  const phone = newPhone();
  const number = JSON.parse((await submit(phone)).body).number;
  const { id } = await handle(number, true);
  const r = resident(t);
  const evaluate = async (resolution: string, satisfaction: string) =>
    r('POST', '/api/v1/portal/evaluate', { number, phone, code: await codeFor(t, r, phone, 'evaluate'), contacted: true, resolution, satisfaction });
  assert.deepEqual(JSON.parse((await evaluate('unresolved', 'unsatisfied')).body), { recordedAs: 'callback' });
  const status = async () => (await t.s.db.query<{ status: string; version: number }>('select status, version from orders where id = $1', [id])).rows[0];
  assert.equal((await status()).status, 'replied', 'unresolved: the agent decides (reopen or close)');
  const agent = await t.as('callback');
  assert.equal((await agent('POST', `/api/v1/orders/${id}/reopen`, { version: (await status()).version, reason: '市民反映仍未解决' })).statusCode, 200);
  const handler = await t.as('handler.350102004');
  assert.equal((await handler('POST', `/api/v1/orders/${id}/reply`, { version: (await status()).version, result: '内部：二次处理', replyToRequester: '已更换灯具，现已正常。' })).statusCode, 200);
  const tracked = JSON.parse((await r('POST', '/api/v1/portal/track', { number, phone })).body);
  assert.equal(tracked.reply.text, '已更换灯具，现已正常。');
  assert.equal(tracked.canEvaluate, true);
  assert.deepEqual(JSON.parse((await evaluate('resolved', 'satisfied')).body), { recordedAs: 'callback' });
  assert.equal((await status()).status, 'closed');
  const { rows } = await t.s.db.query<{ round: number; resolution: string }>('select round, resolution from portal_evaluations where order_id = $1 order by round', [id]);
  assert.deepEqual(rows, [{ round: 0, resolution: 'unresolved' }, { round: 1, resolution: 'resolved' }]);
});

test('two submits racing with one code: one order, the other refused and rolled back', async () => {
  const phone = newPhone();
  const r = resident(t);
  const code = await codeFor(t, r, phone);
  const before = (await t.s.db.query<{ n: number }>('select count(*)::int as n from orders')).rows[0].n;
  const body = { kind: await kindKey(t), description: '同一个验证码提交两次', address: '东街 5 号', phone, code };
  const res = await Promise.all([r('POST', '/api/v1/portal/orders', body), r('POST', '/api/v1/portal/orders', body)]);
  assert.deepEqual(res.map((x) => x.statusCode).sort(), [201, 422], res.map((x) => x.body).join('\n'));
  assert.equal(assertProblem(res.find((x) => x.statusCode === 422)!, 'second').code, 'otp_expired');
  assert.equal((await t.s.db.query<{ n: number }>('select count(*)::int as n from orders')).rows[0].n, before + 1);
});
