// Issue 9 finding 11: whoever registers an order keeps reading it (detail, list, ?mine=true, live stream),
// even before dispatch or once it went to another unit; acting on it stays assignment-based.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';
import { openLiveStream, type LiveStream } from '../helpers/sse';

let w: World;
const GRID = USER_OF_ROLE.grid_worker;
const UNIT_OPERATOR = `operator.${STREET}`;

before(async () => {
  w = await World.open();
  await w.createUser(UNIT_OPERATOR, 'operator', STREET);
  await w.createUser(`grid.${COMMUNITY}.b`, 'grid_worker', COMMUNITY);
});
after(async () => {
  await w?.close();
});

const listIds = async (who: string, query = '') => expectOk(await (await w.as(who))('GET', `/api/v1/orders?pageSize=200${query}`)).items.map((o: Order) => o.id);

for (const who of [GRID, UNIT_OPERATOR]) {
  test(`${who} reads the order they just filed (201, then 200 — not 404), in the list and in ?mine=true`, async () => {
    const o = await w.create({ channel: who === GRID ? 'grid' : 'phone', title: `自己登记的工单-${who}`, requester: { name: '李女士', phone: '13912345678' } }, who);
    const seen = await w.get(o.id, who);
    assert.equal(seen.id, o.id);
    assert.equal(seen.requester.phone, '139****5678', 'still masked for a unit');
    assert.deepEqual(seen.allowedActions, [], 'reading gives no right to act');
    assert.ok((await listIds(who)).includes(o.id));
    const uid = (await w.t.s.users.byUsername(who))!.id;
    const own = (await w.t.s.db.query<{ id: number }>('select id from orders where created_by = $1 order by created_at desc, id desc', [uid])).rows.map((r) => r.id);
    assert.deepEqual(await listIds(who, '&mine=true'), own, 'mine: exactly the orders they registered');
    assert.ok(own.includes(o.id));

    // Dispatched to another street: still readable by its registrant, still not by others outside.
    const d = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
    assert.equal((await w.get(o.id, who)).status, 'dispatched');
    assert.ok((await listIds(who)).includes(o.id));
    const stranger = await w.as(`grid.${COMMUNITY}.b`);
    expectProblem(await stranger('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
    assert.ok(!(await listIds(`grid.${COMMUNITY}.b`)).includes(o.id));
    expectProblem(await (await w.as(USER_OF_ROLE.handler))('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');

    // Acting stays assignment-based: the registrant may not act on an order of another unit.
    expectProblem(await w.act(who, d, 'contact', { note: '我来联系' }), 403, 'forbidden');
    if (who === UNIT_OPERATOR) {
      const other = await w.create({ title: '单位话务员登记，尚未派单' }, who);
      expectProblem(await w.act(who, other, 'answer', w.body('answer')), 403, 'forbidden');
      expectProblem(await w.act(who, other, 'invalidate', w.body('invalidate')), 403, 'forbidden');
    }
  });
}

test('the registrant follows the order on the live stream; another unit does not', { timeout: 60_000 }, async () => {
  const address = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
  const ac = new AbortController();
  const cookieOf = async (username: string) => {
    const r = await w.t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { username, password: 'test-demo-pw' }, headers: { 'x-minhu-request': '1' } });
    return `minhu_session=${r.cookies.find((c) => c.name === 'minhu_session')!.value}`;
  };
  const streams: Record<string, LiveStream> = {};
  const seen = (who: string) => streams[who].text();
  try {
    for (const who of [GRID, `grid.${COMMUNITY}.b`]) streams[who] = await openLiveStream(address, await cookieOf(who), ac.signal);
    const o = await w.create({ channel: 'grid', title: '网格巡查：井盖缺失' }, GRID);
    await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(OTHER_STREET), tier: 3 });
    const marker = `"id":${o.id},`;
    const until = Date.now() + 10_000;
    while (Date.now() < until && !seen(GRID).includes(`${marker}"number":"${o.number}","status":"dispatched"`)) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(seen(GRID).includes(`${marker}"number":"${o.number}","status":"registered"`), `registration not streamed to its registrant:\n${seen(GRID)}`);
    assert.ok(seen(GRID).includes(`${marker}"number":"${o.number}","status":"dispatched"`), `dispatch not streamed to its registrant:\n${seen(GRID)}`);
    assert.ok(!seen(`grid.${COMMUNITY}.b`).includes(marker), 'another grid worker received it');
  } finally {
    ac.abort();
  }
});
