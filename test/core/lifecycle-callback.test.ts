// Callback and evaluation (DOMAIN §7): done/resolved closes; unresolved or unsatisfied stays replied
// until the agent reopens (same unit, new deadline) or closes; 3 unreachable tries close; refused closes;
// at most 2 reopenings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { cst, expectProblem, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const CB = 'callback';
const UNRESOLVED = { outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' };

before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

async function reply(o: Order): Promise<Order> {
  return w.do(H, o, 'reply', w.body('reply'));
}
const closedReason = async (id: number) => (await w.events(id)).filter((e) => e.type === 'closed').map((e) => e.payload.reason);

test('done + resolved + satisfied → closed (evaluated), the callback is recorded', async () => {
  const o = await w.reach('replied');
  const c = await w.do(CB, o, 'callback', { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'basically', attitude: 'satisfied', note: '市民认可' });
  assert.equal(c.status, 'closed');
  assert.ok(c.closedAt);
  assert.equal(c.callbacks.length, 1);
  assert.deepEqual({ ...c.callbacks[0], at: undefined }, { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'basically', attitude: 'satisfied', note: '市民认可', at: undefined });
  assert.deepEqual(await closedReason(o.id), ['evaluated']);
});

test('a completed callback must carry resolution and satisfaction (400), and nothing is recorded', async () => {
  const o = await w.reach('replied');
  const before = await w.snapshot(o.id);
  expectProblem(await w.act(CB, o, 'callback', { outcome: 'done', contacted: true, resolution: 'resolved' }), 400, 'validation_failed');
  assert.deepEqual(await w.snapshot(o.id), before);
  assert.equal((await w.get(o.id)).callbacks.length, 0);
});

test('unresolved → stays replied; reopen → same unit, new deadline from now; then reply and close', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  let o = await w.reach('replied');
  const mainBefore = o.mainUnitId;
  o = await w.do(CB, o, 'callback', UNRESOLVED);
  assert.equal(o.status, 'replied');
  assert.deepEqual(await closedReason(o.id), []);
  assert.ok(o.allowedActions.includes('reopen') && o.allowedActions.includes('close'));
  w.t.clock.set('2026-03-05T15:00:00+08:00'); // Thu
  o = await w.do(CB, o, 'reopen', { reason: '路面仍未修复' });
  assert.equal(o.status, 'reopened');
  assert.equal(o.reopenCount, 1);
  assert.equal(o.mainUnitId, mainBefore);
  assert.equal(o.mainUnitId, w.units.id(STREET));
  assert.equal(o.repliedAt, null);
  // New tier-3 clock from Thu 03-05: 7 working days 03-06, 09..13, 16 → Mon 03-16.
  assert.equal(o.resolveDueAt, cst('2026-03-16T23:59:59').toISOString());
  assert.equal(o.warning, 'green');
  const { rows } = await w.t.s.db.query<{ clock_no: number }>('select clock_no from orders where id = $1', [o.id]);
  assert.equal(rows[0].clock_no, 2);
  // Back to the same unit, already signed: it works on without signing again.
  assert.ok(!o.allowedActions.includes('sign'));
  o = await w.do(H, o, 'contact', { note: '再次上门' });
  o = await reply(o);
  assert.equal(o.status, 'replied');
  o = await w.do(CB, o, 'callback', { outcome: 'done', contacted: true, resolution: 'partly', satisfaction: 'unsatisfied' });
  assert.equal(o.status, 'replied', 'unsatisfied also waits for the agent');
  o = await w.do(CB, o, 'close', { note: '已尽力，按评价归档' });
  assert.equal(o.status, 'closed');
  assert.deepEqual(await closedReason(o.id), ['manual']);
  assert.equal(o.callbacks.length, 2);
});

test('unreachable three times → closed (unreachable); the count restarts after a reopen', async () => {
  let o = await w.reach('replied');
  o = await w.do(CB, o, 'callback', { outcome: 'unreachable' });
  assert.equal(o.status, 'replied');
  o = await w.do(CB, o, 'callback', { outcome: 'unreachable', note: '无人接听' });
  assert.equal(o.status, 'replied');
  assert.deepEqual((await w.events(o.id)).filter((e) => e.type === 'callback_recorded').map((e) => e.payload.attempt), [1, 2]);
  // Evaluated as unresolved on the third call: reopen instead.
  o = await w.do(CB, o, 'callback', UNRESOLVED);
  o = await w.do('supervisor', o, 'reopen', { reason: '未解决' });
  w.t.clock.advance(60_000);
  o = await reply(o);
  w.t.clock.advance(60_000);
  for (let i = 1; i <= 2; i++) {
    o = await w.do(CB, o, 'callback', { outcome: 'unreachable' });
    assert.equal(o.status, 'replied', `after ${i} unreachable call(s) since the new reply`);
  }
  o = await w.do(CB, o, 'callback', { outcome: 'unreachable' });
  assert.equal(o.status, 'closed');
  assert.deepEqual(await closedReason(o.id), ['unreachable']);
  const attempts = (await w.events(o.id)).filter((e) => e.type === 'callback_recorded').map((e) => e.payload.attempt);
  assert.deepEqual(attempts, [1, 2, 3, 1, 2, 3]);
  assert.deepEqual(o.callbacks.map((c: { outcome: string }) => c.outcome), ['unreachable', 'unreachable', 'done', 'unreachable', 'unreachable', 'unreachable']);
});

test('refused → closed (refused), nothing evaluated', async () => {
  const o = await w.reach('replied');
  const c = await w.do(CB, o, 'callback', { outcome: 'refused', resolution: 'resolved', satisfaction: 'satisfied' });
  assert.equal(c.status, 'closed');
  assert.deepEqual(await closedReason(o.id), ['refused']);
  assert.deepEqual({ resolution: c.callbacks[0].resolution, satisfaction: c.callbacks[0].satisfaction }, { resolution: null, satisfaction: null });
});

test('reopen limit 2 → 409 reopen_limit_reached, reopen no longer offered, close still possible', async () => {
  let o = await w.reach('replied');
  for (let i = 1; i <= 2; i++) {
    o = await w.do(CB, o, 'callback', UNRESOLVED);
    o = await w.do(CB, o, 'reopen', { reason: `第${i}次重办` });
    assert.equal(o.reopenCount, i);
    o = await reply(o);
  }
  o = await w.do(CB, o, 'callback', UNRESOLVED);
  assert.ok(!o.allowedActions.includes('reopen'));
  const before = await w.snapshot(o.id);
  const p = expectProblem(await w.act(CB, o, 'reopen', { reason: '第3次' }), 409, 'reopen_limit_reached');
  assert.match(p.detail, /2/);
  assert.deepEqual(await w.snapshot(o.id), before);
  o = await w.do('admin', o, 'close', {});
  assert.equal(o.status, 'closed');
  assert.equal(o.reopenCount, 2);
  assert.deepEqual((await w.events(o.id)).filter((e) => e.type === 'reopened').map((e) => e.payload.reopenCount), [1, 2]);
});

test('the reopen limit is a setting (max_reopens)', async () => {
  const { rows } = await w.t.s.db.query<{ value: unknown }>(`select value from settings where key = 'max_reopens'`);
  await w.t.s.db.query(`insert into settings (key, value) values ('max_reopens', '1') on conflict (key) do update set value = excluded.value`);
  try {
    let o = await w.reach('reopened');
    o = await reply(o);
    o = await w.do(CB, o, 'callback', UNRESOLVED);
    expectProblem(await w.act(CB, o, 'reopen', { reason: '再次' }), 409, 'reopen_limit_reached');
  } finally {
    if (rows[0]) await w.t.s.db.query(`update settings set value = $1 where key = 'max_reopens'`, [JSON.stringify(rows[0].value)]);
    else await w.t.s.db.query(`delete from settings where key = 'max_reopens'`);
  }
});

test('a reply sets when the callback is due (1 working day, official calendar); lists show it only while replied', async () => {
  const dueOf = async (id: number, status: string) =>
    ((await (await w.as(CB))('GET', `/api/v1/orders?status=${status}&pageSize=100`)).json().items as { id: number; callbackDueAt: string | null }[]).find((i) => i.id === id)?.callbackDueAt;
  w.t.clock.set(new Date('2026-03-05T10:00:00+08:00')); // replied on a Thursday: due by the end of Friday (working-day limits end at 23:59:59)
  const thu = await w.reach('replied');
  assert.equal(await dueOf(thu.id, 'replied'), new Date('2026-03-06T23:59:59+08:00').toISOString());
  w.t.clock.set(new Date('2026-03-06T16:00:00+08:00')); // replied on a Friday: the weekend does not count
  const fri = await w.reach('replied');
  assert.equal(await dueOf(fri.id, 'replied'), new Date('2026-03-09T23:59:59+08:00').toISOString());
  const closed = await w.do(CB, thu, 'callback', { outcome: 'done', contacted: true, resolution: 'resolved', satisfaction: 'satisfied' });
  assert.equal(closed.status, 'closed');
  assert.equal(await dueOf(thu.id, 'closed'), null, 'no callback due once it is done');
});
