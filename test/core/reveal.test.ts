// Issue 9 finding 4: who may reveal a requester's phone (main / co-handling unit or a unit above one, and
// the centre — not a copy 抄送 unit), a per-user hourly limit kept in the database, and the audit log that
// supervisors search (GET /api/v1/audit, keyset paging).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app';
import { buildServices } from '../../src/services';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, STREET, THIRD_STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const PHONE = '13812341234';

before(async () => {
  w = await World.open();
  await w.createUser('unitleader.350102', 'unit_leader', '350102');
});
after(async () => {
  await w?.close();
});

/** Main STREET, co OTHER_STREET, copy THIRD_STREET, sub-dispatched to COMMUNITY. */
async function order(): Promise<Order> {
  let o = await w.create({ requester: { name: '赵先生', phone: PHONE } });
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), coUnitIds: [w.units.id(OTHER_STREET)], copyUnitIds: [w.units.id(THIRD_STREET)], tier: 3 });
  o = await w.do(H, o, 'sign');
  return w.do(H, o, 'subdispatch', w.body('subdispatch'));
}
const reveal = async (who: string, id: number) => (await w.as(who))('POST', `/api/v1/orders/${id}/reveal-phone`);
const audits = async (orderId: number) => (await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where order_id = $1`, [orderId])).rows[0].n;

test('main, co-handling, a unit above them and the centre may reveal; a copy unit gets 403 reveal_not_allowed and nothing is written', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  const o = await order();
  for (const who of [H, `handler.${OTHER_STREET}`, 'unitleader.350102', USER_OF_ROLE.unit_leader, 'operator', 'dispatcher']) {
    assert.deepEqual(expectOk(await reveal(who, o.id)), { phone: PHONE }, who);
  }
  assert.equal(await audits(o.id), 6);
  const before = await w.snapshot(o.id);
  for (const who of [`handler.${THIRD_STREET}`, USER_OF_ROLE.grid_worker]) {
    // The copy unit (and the sub-dispatched community) see the order, masked, and may not reveal.
    assert.equal((await w.get(o.id, who)).requester.phone, '138****1234');
    const body = expectProblem(await reveal(who, o.id), 403, 'reveal_not_allowed');
    assert.ok(!JSON.stringify(body).includes(PHONE));
  }
  // The registrant of an order keeps reading it, but reading is not handling.
  const mine = await w.create({ channel: 'grid', requester: { name: '钱女士', phone: PHONE } }, USER_OF_ROLE.grid_worker);
  expectProblem(await reveal(USER_OF_ROLE.grid_worker, mine.id), 403, 'reveal_not_allowed');
  assert.deepEqual(await w.snapshot(o.id), before);
  assert.equal(await audits(o.id), 6);
  assert.equal(await audits(mine.id), 0);
});

test('30 reveals per user per hour, counted in the database (holds across instances): then 429 reveal_limit_reached with Retry-After', async () => {
  w.t.clock.set('2026-03-03T09:00:00+08:00');
  const o = await order();
  const who = `handler.${OTHER_STREET}`;
  for (let i = 0; i < 30; i++) {
    expectOk(await reveal(who, o.id));
    w.t.clock.advance(60_000); // one a minute
  }
  // Now 09:30; the first reveal (09:00) leaves the window at 10:00.
  const refused = await reveal(who, o.id);
  const body = expectProblem(refused, 429, 'reveal_limit_reached');
  assert.equal(refused.headers['retry-after'], String(30 * 60));
  assert.equal(body.retryAfter, 30 * 60);
  // A second instance over the same database counts the same rows.
  const s2 = buildServices(w.t.tdb.db, w.t.clock, w.t.s.config);
  const app2 = await buildApp(s2, { logger: false, serveWeb: false });
  try {
    const login = await app2.inject({ method: 'POST', url: '/api/v1/session', payload: { username: who, password: 'test-demo-pw' }, headers: { 'x-minhu-request': '1' } });
    const cookie = `minhu_session=${login.cookies.find((c) => c.name === 'minhu_session')!.value}`;
    expectProblem(await app2.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/reveal-phone`, headers: { cookie, 'x-minhu-request': '1' } }), 429, 'reveal_limit_reached');
  } finally {
    await app2.close();
  }
  // Someone else is not limited by it; nothing was audited for the refusals.
  expectOk(await reveal(H, o.id));
  assert.equal((await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from audit_log a join users u on u.id = a.user_id where u.username = $1 and a.order_id = $2`, [who, o.id])).rows[0].n, 30);
  w.t.clock.set('2026-03-03T10:00:01+08:00');
  expectOk(await reveal(who, o.id));
});

test('GET /api/v1/audit: supervisors and admins search by user, order, action and time, newest first, with keyset paging', async () => {
  w.t.clock.set('2026-03-05T09:00:00+08:00');
  const o = await order();
  const hid = (await w.t.s.users.byUsername(H))!.id;
  for (let i = 0; i < 5; i++) {
    expectOk(await reveal(H, o.id));
    w.t.clock.advance(1000);
  }
  expectOk(await reveal('operator', o.id));
  const sup = await w.as('supervisor');
  const all = expectOk(await sup('GET', `/api/v1/audit?orderId=${o.id}`));
  assert.equal(all.items.length, 6);
  assert.equal(all.next, null);
  assert.equal(all.items[0].user.username, 'operator', 'newest first');
  assert.deepEqual(all.items[1].order, { id: o.id, number: o.number });
  assert.equal(all.items[1].action, 'reveal_phone');
  assert.equal(all.items[1].unit.id, w.units.id(STREET));
  assert.ok(!JSON.stringify(all).includes(PHONE), 'the audit log names the order, not the phone');

  // Keyset paging: 2 + 2 + 1, no overlap, same order as one page.
  const seen: number[] = [];
  let next: string | null = null;
  let pages = 0;
  do {
    const page: Order = expectOk(await sup('GET', `/api/v1/audit?userId=${hid}&orderId=${o.id}&limit=2${next ? `&before=${encodeURIComponent(next)}` : ''}`));
    seen.push(...page.items.map((x: { id: number }) => x.id));
    next = page.next;
    pages++;
  } while (next && pages < 10);
  assert.equal(pages, 3);
  assert.deepEqual(seen, all.items.filter((x: { user: { id: number } }) => x.user.id === hid).map((x: { id: number }) => x.id));

  const admin = await w.as('admin');
  const window = expectOk(await admin('GET', `/api/v1/audit?action=reveal_phone&from=${encodeURIComponent('2026-03-05T09:00:02+08:00')}&to=${encodeURIComponent('2026-03-05T09:00:03+08:00')}`));
  assert.equal(window.items.length, 2);
  assert.equal(expectOk(await sup('GET', '/api/v1/audit?action=no_such_action')).items.length, 0);

  for (const who of [H, 'leader', 'operator', 'dispatcher', USER_OF_ROLE.unit_leader]) expectProblem(await (await w.as(who))('GET', '/api/v1/audit'), 403, 'forbidden');
  expectProblem(await w.t.app.inject({ url: '/api/v1/audit' }), 401, 'not_authenticated');
  expectProblem(await sup('GET', '/api/v1/audit?before=garbage'), 400, 'validation_failed');
  expectProblem(await sup('GET', '/api/v1/audit?from=2026-02-30'), 400, 'invalid_date');
  expectProblem(await sup('GET', '/api/v1/audit?limit=500'), 400, 'validation_failed');
});

test('the sub-dispatched community is below the main unit, not above it: it may not reveal either', async () => {
  const o = await order();
  expectProblem(await reveal(`grid.${COMMUNITY}`, o.id), 403, 'reveal_not_allowed');
});
