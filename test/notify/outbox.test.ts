// The outbox writer: messages are rows written in the transaction of the change that causes them.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSweep } from '../../src/modules/sla/sweep';
import { expectOk, expectProblem, World } from '../core/_support';
import { TEMPLATE_KEYS } from '../../src/modules/notify/templates';

let w: World;
let failNext = false;
before(async () => {
  w = await World.open();
  // After the notify hook: a failure here must take the outbox rows down with the change.
  w.t.s.effects.push(async () => {
    if (failNext) {
      failNext = false;
      throw new Error('later hook failed');
    }
  });
});
after(() => w.close());

const rows = async (orderId: number) =>
  (await w.t.s.db.query<{ template: string; recipient: string; channel: string; body: string; status: string }>(
    'select template, recipient, channel, body, status from outbox where order_id = $1 order by id', [orderId],
  )).rows;

test('registration writes a receipt to the requester; dispatch alerts the main and co units', async () => {
  const o = await w.create();
  let r = await rows(o.id);
  assert.deepEqual(r.map((x) => [x.template, x.channel, x.recipient, x.status]), [['receipt', 'sms', '13912345678', 'pending']]);
  assert.match(r[0].body, new RegExp(o.number));
  const co = w.units.id('350102005');
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch', { coUnitIds: [co] }));
  r = await rows(o.id);
  assert.deepEqual(r.slice(1).map((x) => [x.template, x.recipient]), [['unit_dispatched', `unit:${w.units.id('350102004')}`], ['unit_dispatched', `unit:${co}`]]);
  assert.match(r[1].body, /东街街道/);
});

test('a rolled-back action leaves no message behind', async () => {
  const o = await w.create();
  const before = await rows(o.id);
  failNext = true;
  const c = await w.as('dispatcher');
  const res = await c('POST', `/api/v1/orders/${o.id}/dispatch`, { ...w.body('dispatch'), version: o.version });
  assert.equal(res.statusCode, 500);
  assert.deepEqual(await rows(o.id), before);
  const { rows: all } = await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from outbox where order_id = $1 and template = 'unit_dispatched'`, [o.id]);
  assert.equal(all[0].n, 0);
});

test('reply sends the evaluation link; return decisions, supervision and sweep alerts reach the unit', async () => {
  let o = await w.reach('replied');
  let r = await rows(o.id);
  const reply = r.find((x) => x.template === 'reply')!;
  assert.match(reply.body, /您反映的问题已处理/);
  assert.match(reply.body, /evaluate\?number=/);

  o = await w.reach('dispatched');
  o = await w.do('supervisor', o, 'supervise', w.body('supervise'));
  o = await w.do(`handler.350102004`, o, 'return', w.body('return'));
  o = await w.do('dispatcher', o, 'return/reject', w.body('return/reject'));
  r = await rows(o.id);
  assert.ok(r.some((x) => x.template === 'unit_supervised' && /请加快办理/.test(x.body)));
  assert.ok(r.some((x) => x.template === 'unit_return_decided' && /未通过/.test(x.body)));

  w.t.clock.advance(40 * 24 * 3600_000);
  await runSweep(w.t.s.db, w.t.clock, w.t.s.effects);
  r = await rows(o.id);
  assert.ok(r.some((x) => x.template === 'unit_warned'));
  assert.ok(r.some((x) => x.template === 'unit_overdue'));
  // Only once per alert, even when the sweep runs again.
  const n = r.length;
  await runSweep(w.t.s.db, w.t.clock, w.t.s.effects);
  assert.equal((await rows(o.id)).length, n);
});

test('admins list the outbox with filters and masked phones; others may not', async () => {
  const o = await w.create({ requester: { name: '李女士', phone: '13800001111' } });
  const admin = await w.as('admin');
  const list = expectOk(await admin('GET', `/api/v1/notifications?orderId=${o.id}&channel=sms`));
  assert.equal(list.items.length, 1);
  assert.equal(list.items[0].recipient, '138****1111');
  assert.ok(!JSON.stringify(list).includes('13800001111'));
  const page = expectOk(await admin('GET', '/api/v1/notifications?limit=2&status=pending'));
  assert.equal(page.items.length, 2);
  const next = expectOk(await admin('GET', `/api/v1/notifications?limit=2&status=pending&before=${page.nextBefore}`));
  assert.ok(next.items.every((x: { id: number }) => x.id < page.nextBefore));
  expectProblem(await (await w.as('dispatcher'))('GET', '/api/v1/notifications'), 403, 'forbidden');
  expectProblem(await admin('GET', '/api/v1/notifications?status=lost'), 400, 'validation_failed');
  expectProblem(await admin('POST', '/api/v1/notifications/999999/retry'), 404, 'notification_not_found');
  expectProblem(await admin('POST', `/api/v1/notifications/${list.items[0].id}/retry`), 409, 'notification_not_dead');
});

test('admins edit templates; new messages use the new text', async () => {
  const admin = await w.as('admin');
  const all = expectOk(await admin('GET', '/api/v1/notifications/templates')).items;
  // Every template the code names has its row (migrations), and no other: the list is TEMPLATE_KEYS.
  assert.deepEqual(all.map((t: { key: string }) => t.key).sort(), [...TEMPLATE_KEYS].sort());
  for (const k of ['callback_reminder', 'otp', 'receipt', 'reply', 'unit_dispatched', 'unit_whistle', 'unit_escalation', 'duty_alert']) assert.ok((TEMPLATE_KEYS as readonly string[]).includes(k), k);
  expectOk(await admin('PUT', '/api/v1/notifications/templates/receipt', { body: '已受理：{number}，查询 {trackUrl}' }));
  expectOk(await admin('GET', '/api/v1/notifications/templates/receipt'));
  const o = await w.create();
  const r = await rows(o.id);
  assert.equal(r[0].body, `已受理：${o.number}，查询 http://localhost:8080/track?number=${o.number}`);
  expectProblem(await admin('PUT', '/api/v1/notifications/templates/nope', { body: 'x' }), 404, 'template_not_found');
  expectProblem(await admin('PUT', '/api/v1/notifications/templates/receipt', { body: '' }), 400, 'validation_failed');
  expectProblem(await (await w.as('operator'))('PUT', '/api/v1/notifications/templates/receipt', { body: 'x' }), 403, 'forbidden');
});
