// Delivery through a real local webhook gateway: down then up, two workers racing, a worker whose lease
// expires mid-flight, quiet hours, back-off, dead letters and retry. Time is the test's ManualClock.
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { runJobOnce } from '../../src/jobs/runner';
import { enqueue } from '../../src/modules/notify';
import { webhookSender } from '../../src/modules/notify/senders';
import { backoffMs, quietUntil } from '../../src/modules/notify/delivery';
import { cst, expectOk, World } from '../core/_support';
import { startGateway, type Gateway } from './_gateway';

const SECRET = 'test-webhook-secret-0123456789';
let w: World;
let g: Gateway;
before(async () => {
  w = await World.open({ config: { notifyMaxAttempts: 3, notifyLeaseMs: 60_000 } });
  g = await startGateway(SECRET);
});
after(async () => {
  await g.close();
  await w.close();
});
beforeEach(async () => {
  // Each test starts from an empty queue at 10:00 city time on a fixed day.
  await w.t.s.db.query(`update outbox set status = 'sent' where status <> 'sent'`);
  w.t.clock.set(cst('2026-03-03T10:00:00'));
  g.mode = 'up';
  g.received.length = 0;
  g.processed.clear();
});

const sender = (timeoutMs = 2000) => webhookSender({ url: g.url, secret: SECRET, timeoutMs });
const worker = () => w.t.s.notify.job(sender());
const pass = (job = worker(), batch = 20) => runJobOnce(job, w.t.clock, batch);
const status = async (ids: number[]) =>
  (await w.t.s.db.query<{ id: number; status: string; attempts: number; nextTryAt: Date; lastError: string | null }>(
    'select id, status, attempts, next_try_at as "nextTryAt", last_error as "lastError" from outbox where id = any($1::int[]) order by id', [ids],
  )).rows;
async function orders(n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const o = await w.create({ requester: { name: '王', phone: `1390000${String(1000 + i)}` } });
    ids.push(...(await w.t.s.db.query<{ id: number }>('select id from outbox where order_id = $1', [o.id])).rows.map((r) => r.id));
  }
  return ids;
}

test('a gateway down for a while, then up, receives every message once per key — two workers racing', async () => {
  const ids = await orders(12);
  g.mode = 'down';
  await pass();
  const failed = await status(ids);
  assert.ok(failed.every((r) => r.status === 'pending' && r.attempts === 1 && /503/.test(r.lastError ?? '')));
  // Not due again until the back-off has passed.
  assert.equal(await pass(), 0);
  g.mode = 'up';
  w.t.clock.advance(backoffMs(1));
  const a = worker();
  const b = worker();
  const claimed = await Promise.all([pass(a, 5), pass(b, 5), pass(a, 5), pass(b, 5)]);
  assert.equal(claimed.reduce((x, y) => x + y, 0), ids.length);
  const done = await status(ids);
  assert.ok(done.every((r) => r.status === 'sent' && r.attempts === 2), JSON.stringify(done));
  const keys = (await w.t.s.db.query<{ k: string }>('select idem_key as k from outbox where id = any($1::int[])', [ids])).rows.map((r) => r.k).sort();
  assert.deepEqual([...g.processed.keys()].sort(), keys);
  assert.ok([...g.processed.values()].every((n) => n === 1), 'without a lease running out, no key arrives twice');
  assert.equal(g.badSignatures, 0);
  const body = g.received[0].body;
  assert.deepEqual(Object.keys(body), ['id', 'channel', 'audience', 'to', 'template', 'text', 'orderId', 'createdAt', 'sentAt', 'attempt']);
});

test('a sender that dies mid-flight: its lease runs out and another worker delivers, under the same key', async () => {
  const ids = await orders(3);
  const dying = worker();
  const claimed = await dying.claim(w.t.clock.now(), 10);
  assert.equal(claimed.length, 3);
  // It reached the gateway with one message, then died before recording anything.
  await sender().send(claimed[0], w.t.clock.now());
  // While the lease holds, nobody else takes the rows.
  w.t.clock.advance(30_000);
  assert.equal(await pass(), 0);
  w.t.clock.advance(31_000);
  assert.equal(await pass(), 3);
  assert.ok((await status(ids)).every((r) => r.status === 'sent'));
  assert.deepEqual([...g.processed.keys()].sort(), claimed.map((m) => m.idemKey).sort());
  assert.equal(g.processed.get(claimed[0].idemKey), 2, 'the gateway saw the first key twice and can deduplicate on it');
  // The dead worker coming back late cannot overwrite the outcome: its lease token is gone.
  g.mode = 'down';
  await dying.act(claimed[1], w.t.clock.now());
  assert.equal((await status([claimed[1].id]))[0].status, 'sent');
});

test('a hanging gateway: the sender times out and the message is retried later', async () => {
  const ids = await orders(1);
  g.mode = 'hang';
  await runJobOnce(w.t.s.notify.job(sender(200)), w.t.clock, 5);
  const r = (await status(ids))[0];
  assert.equal(r.status, 'pending');
  assert.equal(r.attempts, 1);
  assert.match(r.lastError ?? '', /abort|timeout/i);
});

test('quiet hours: resident SMS wait until 08:00 city time; unit alerts and one-time codes go at once', async () => {
  w.t.clock.set(cst('2026-03-03T23:10:00'));
  const o = await w.create();
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch'));
  const otp = await w.t.s.db.tx((q) => enqueue(q, { template: 'otp', recipient: '13700001234', orderId: null, vars: { code: '482913', minutes: 5 } }, w.t.clock.now()));
  await pass();
  const rows = (await w.t.s.db.query<{ id: number; template: string; status: string; attempts: number; nextTryAt: Date }>(
    `select id, template, status, attempts, next_try_at as "nextTryAt" from outbox where order_id = $1 or id = $2 order by id`, [o.id, otp],
  )).rows;
  const by = (t: string) => rows.find((r) => r.template === t)!;
  assert.equal(by('receipt').status, 'pending');
  assert.equal(by('receipt').attempts, 0, 'a deferral is not a failed attempt');
  assert.equal(by('receipt').nextTryAt.toISOString(), cst('2026-03-04T08:00:00').toISOString());
  assert.equal(by('unit_dispatched').status, 'sent');
  assert.equal(by('otp').status, 'sent');
  assert.ok(g.received.some((x) => x.body.text.includes('482913')));
  w.t.clock.set(cst('2026-03-04T07:59:00'));
  assert.equal(await pass(), 0);
  w.t.clock.set(cst('2026-03-04T08:00:00'));
  await pass();
  assert.equal((await status([by('receipt').id]))[0].status, 'sent');
  assert.equal(quietUntil(cst('2026-03-04T12:00:00'), '22:00-08:00', 'Asia/Shanghai'), null);
  assert.equal(quietUntil(cst('2026-03-04T06:30:00'), '22:00-08:00', 'Asia/Shanghai')?.toISOString(), cst('2026-03-04T08:00:00').toISOString());
});

test('exponential back-off, a dead letter after N tries, and an admin retry that delivers it', async () => {
  const [id] = await orders(1);
  g.mode = 'down';
  const seen: number[] = [];
  for (let i = 1; i <= 3; i++) {
    await pass();
    const r = (await status([id]))[0];
    seen.push(r.nextTryAt.getTime() - w.t.clock.now().getTime());
    assert.equal(r.attempts, i);
    if (i < 3) {
      assert.equal(r.status, 'pending');
      w.t.clock.advance(1000);
      assert.equal(await pass(), 0, 'not before the back-off');
      w.t.clock.advance(seen[i - 1]);
    }
  }
  assert.deepEqual(seen.slice(0, 2), [30_000, 60_000]);
  assert.equal((await status([id]))[0].status, 'dead');
  w.t.clock.advance(86_400_000);
  assert.equal(await pass(), 0, 'a dead letter stays put');
  const admin = await w.as('admin');
  const dead = expectOk(await admin('GET', '/api/v1/notifications?status=dead'));
  assert.ok(dead.items.some((x: { id: number }) => x.id === id));
  const retried = expectOk(await admin('POST', `/api/v1/notifications/${id}/retry`));
  assert.equal(retried.status, 'pending');
  assert.equal(retried.attempts, 0);
  g.mode = 'up';
  await pass();
  assert.equal((await status([id]))[0].status, 'sent');
});
