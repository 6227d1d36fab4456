// Requester privacy (DOMAIN §2): masked phones for units, full for the centre; an audited reveal;
// confidential (保密件) and `report` (举报) orders never show the requester to units; phone search is
// for the centre only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CONSOLE } from '../helpers/app';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const PHONE = '13812341234';
const masked = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

async function dispatched(input: Record<string, unknown>): Promise<Order> {
  const o = await w.create(input);
  return w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), coUnitIds: [w.units.id(OTHER_STREET)], tier: 3 });
}
const auditRows = async (orderId: number) =>
  (await w.t.s.db.query<{ user_id: number; unit_id: number; action: string }>('select user_id, unit_id, action from audit_log where order_id = $1 order by id', [orderId])).rows;
const userId = async (username: string) => (await w.t.s.users.byUsername(username))!.id;

test('units see the phone masked (138****1234) in detail and list; the centre sees it in full', async () => {
  const o = await dispatched({ requester: { name: '赵先生', phone: PHONE } });
  assert.equal(masked(PHONE), '138****1234');
  for (const u of [H, `handler.${OTHER_STREET}`, USER_OF_ROLE.unit_leader]) {
    const seen = await w.get(o.id, u);
    assert.deepEqual({ name: seen.requester.name, phone: seen.requester.phone, hidden: seen.requester.hidden }, { name: '赵先生', phone: '138****1234', hidden: false });
    const c = await w.as(u);
    const item = expectOk(await c('GET', '/api/v1/orders?pageSize=200')).items.find((x: Order) => x.id === o.id);
    assert.equal(item.requester.phone, '138****1234');
    assert.ok(!JSON.stringify(seen).includes(PHONE), `${u} must not find the full phone anywhere in the order`);
  }
  for (const u of ['operator', 'dispatcher', 'callback', 'supervisor', 'leader', 'admin']) {
    assert.equal((await w.get(o.id, u)).requester.phone, PHONE, u);
  }
});

test('reveal-phone by the handler returns the full phone, writes an audit_log row and a phone_revealed event', async () => {
  const o = await dispatched({ requester: { name: '赵先生', phone: PHONE } });
  const before = await w.snapshot(o.id);
  const c = await w.as(H);
  const r = expectOk(await c('POST', `/api/v1/orders/${o.id}/reveal-phone`));
  assert.deepEqual(r, { phone: PHONE });
  assert.deepEqual(await auditRows(o.id), [{ user_id: await userId(H), unit_id: w.units.id(STREET), action: 'reveal_phone' }]);
  const ev = (await w.events(o.id)).slice(before.events);
  assert.deepEqual(ev.map((e) => e.type), ['phone_revealed']);
  const detail = await w.get(o.id);
  const shown = detail.events.at(-1);
  assert.equal(shown.type, 'phone_revealed');
  assert.equal(shown.actor.id, await userId(H));
  // Every reveal is audited, not just the first.
  expectOk(await c('POST', `/api/v1/orders/${o.id}/reveal-phone`));
  assert.equal((await auditRows(o.id)).length, 2);
  // The detail stays masked after a reveal.
  assert.equal((await w.get(o.id, H)).requester.phone, '138****1234');
});

for (const [label, input] of [
  ['a confidential order (保密件)', { confidential: true, type: 'complaint' }],
  ['a report (举报)', { type: 'report' }],
] as const) {
  test(`${label}: units see requester {name:null, phone:null, hidden:true}; reveal → 403 requester_confidential`, async () => {
    const o = await dispatched({ ...input, requester: { name: '匿名举报人', phone: PHONE, company: '某公司' } });
    for (const u of [H, `handler.${OTHER_STREET}`]) {
      const seen = await w.get(o.id, u);
      assert.deepEqual({ name: seen.requester.name, phone: seen.requester.phone, hidden: seen.requester.hidden }, { name: null, phone: null, hidden: true });
      const json = JSON.stringify(seen);
      for (const trace of ['匿名举报人', PHONE, masked(PHONE), '某公司']) assert.ok(!json.includes(trace), `no trace of the requester (${trace})`);
      const c = await w.as(u);
      const item = expectOk(await c('GET', '/api/v1/orders?pageSize=200')).items.find((x: Order) => x.id === o.id);
      assert.deepEqual({ name: item.requester.name, phone: item.requester.phone, hidden: item.requester.hidden }, { name: null, phone: null, hidden: true });
      const before = await w.snapshot(o.id);
      expectProblem(await c('POST', `/api/v1/orders/${o.id}/reveal-phone`), 403, 'requester_confidential');
      assert.deepEqual(await w.snapshot(o.id), before);
    }
    assert.deepEqual(await auditRows(o.id), []);
    const centre = await w.get(o.id, 'dispatcher');
    assert.deepEqual({ name: centre.requester.name, phone: centre.requester.phone, hidden: centre.requester.hidden }, { name: '匿名举报人', phone: PHONE, hidden: false });
  });
}

test('search by phone: 403 for a handler, allowed for the centre', async () => {
  const phone = '13700009999';
  const o = await dispatched({ requester: { name: '钱女士', phone } });
  const h = await w.as(H);
  expectProblem(await h('GET', `/api/v1/orders?phone=${phone}`), 403, 'forbidden');
  expectProblem(await h('GET', `/api/v1/orders?phone=${phone.slice(0, 3)}`), 403, 'forbidden');
  const op = await w.as('operator');
  const found = expectOk(await op('GET', `/api/v1/orders?phone=${phone}`));
  assert.deepEqual(found.items.map((x: Order) => x.id), [o.id]);
  assert.equal(found.total, 1);
});

test('a unit cannot reveal the phone of an order it cannot see (404), and nothing is audited', async () => {
  const o = await dispatched({ requester: { name: '孙先生', phone: PHONE } });
  const stranger = await w.as('handler.350102009');
  expectProblem(await stranger('POST', `/api/v1/orders/${o.id}/reveal-phone`), 404, 'order_not_found');
  expectProblem(await w.t.app.inject({ method: 'POST', url: `/api/v1/orders/${o.id}/reveal-phone`, headers: CONSOLE }), 401, 'not_authenticated');
  assert.deepEqual(await auditRows(o.id), []);
});

test('every shape of number is masked by the DOMAIN §2 rule wherever a unit sees the order (detail, events, list)', async () => {
  const shapes: [string, string, string][] = [
    // stored, shown to units, a run of digits that must not appear
    ['8765432', '****5432', '8765'],
    ['87654321', '****4321', '8765'],
    ['0591-87654321', '0591-****4321', '8765'],
    ['(0591)87654321', '0591-****4321', '8765'],
    ['+86 591 8765 4321', '0591-****4321', '8765'],
    ['13876543210', '138****3210', '7654'],
    ['96178', '****78', '961'],
  ];
  for (const [phone, shown, secret] of shapes) {
    const o = await dispatched({ requester: { name: '周先生', phone } });
    for (const u of [H, `handler.${OTHER_STREET}`]) {
      const seen = await w.get(o.id, u);
      assert.equal(seen.requester.phone, shown, `${u} ${phone}`);
      const c = await w.as(u);
      const list = expectOk(await c('GET', '/api/v1/orders?pageSize=200'));
      const item = list.items.find((x: Order) => x.id === o.id);
      assert.equal(item.requester.phone, shown);
      for (const json of [JSON.stringify(seen), JSON.stringify(item)]) {
        assert.ok(!json.includes(phone) && !json.includes(secret), `${u} sees more of ${phone} than ${shown}`);
      }
    }
    assert.equal((await w.get(o.id, 'dispatcher')).requester.phone, phone, 'the centre sees it as stored');
  }
});
