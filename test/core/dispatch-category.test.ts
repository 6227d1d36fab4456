// Issue 11 item 6: registration may leave the category empty, a dispatch may not. Every path that sets a
// main unit (dispatch, return approval with a new owner, auto-dispatch) names a leaf, or is refused with
// dispatch_category_required and changes nothing; paths that keep the unit (sub-dispatch, reopen) and
// merge (the parent handles) do not ask for one. docs/DISPATCH.md.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, OTHER_STREET, STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

const H = USER_OF_ROLE.handler;
const catId = async (level: number) =>
  (await w.t.s.db.query<{ id: number }>('select id from catalog_categories where level = $1 and active order by id limit 1', [level])).rows[0].id;
const assignments = async (orderId: number) =>
  (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from order_assignments where order_id = $1', [orderId])).rows[0].n;

test('dispatching an order registered without a category is refused with dispatch_category_required and changes nothing', async () => {
  const o = await w.create({ categoryId: null });
  assert.equal(o.categoryId, null, 'registration may leave the category empty');
  const before = await w.snapshot(o.id);
  const body = expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 }), 422, 'dispatch_category_required');
  assert.match(body.detail, /third-level/);
  assert.deepEqual(await w.snapshot(o.id), before, 'a refused dispatch writes nothing');
  assert.equal(await assignments(o.id), 0);
  assert.equal((await w.get(o.id)).mainUnitId, null);
  // categoryId: null is no category either.
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3, categoryId: null }), 422, 'dispatch_category_required');
  assert.deepEqual(await w.snapshot(o.id), before);
});

test('a first- or second-level category is refused as category_not_leaf, a leaf in the body makes the dispatch', async () => {
  const o = await w.create({ categoryId: null });
  const before = await w.snapshot(o.id);
  for (const level of [1, 2]) {
    expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3, categoryId: await catId(level) }), 422, 'category_not_leaf');
    assert.deepEqual(await w.snapshot(o.id), before);
  }
  const d = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3, categoryId: w.leafId });
  assert.equal(d.status, 'dispatched');
  assert.equal(d.categoryId, w.leafId);
  const ev = (await w.events(o.id)).find((e) => e.type === 'dispatched')!;
  assert.equal(ev.payload.categoryId, w.leafId);
});

test('an order registered with a leaf is dispatched without repeating it', async () => {
  const o = await w.create();
  const d = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  assert.equal(d.categoryId, w.leafId);
});

test('return approval with a new owner re-dispatches: an order without a category (dispatched before the rule) needs one, nothing changes on refusal', async () => {
  let o: Order = await w.reach('return_requested');
  // An order dispatched before this rule existed may have no category: the re-dispatch asks for one.
  await w.t.s.db.query('update orders set category_id = null where id = $1', [o.id]);
  o = await w.get(o.id);
  const before = await w.snapshot(o.id);
  expectProblem(await w.act('dispatcher', o, 'return/approve', { note: '改派', mainUnitId: w.units.id(OTHER_STREET) }), 422, 'dispatch_category_required');
  assert.deepEqual(await w.snapshot(o.id), before);
  const pending = (await w.t.s.db.query<{ status: string }>(`select status from order_requests where order_id = $1 and kind = 'return'`, [o.id])).rows;
  assert.deepEqual(pending.map((r) => r.status), ['pending'], 'the return request is still waiting');
  const d = await w.do('dispatcher', o, 'return/approve', { note: '改派', mainUnitId: w.units.id(OTHER_STREET), categoryId: w.leafId });
  assert.equal(d.status, 'dispatched');
  assert.equal(d.categoryId, w.leafId);
  assert.equal(d.mainUnitId, w.units.id(OTHER_STREET));
});

test('return approval of an order with its category needs nothing more', async () => {
  const o = await w.reach('return_requested');
  const d = await w.do('dispatcher', o, 'return/approve', { note: '改派', mainUnitId: w.units.id(OTHER_STREET) });
  assert.equal(d.status, 'dispatched');
  assert.equal(d.categoryId, w.leafId);
});

test('sub-dispatch and reopen keep the unit and ask for no category; merge of an order without one is allowed (the parent handles it)', async () => {
  // Sub-dispatch of a legacy order without a category: the street keeps it, the community helps.
  let o = await w.reach('accepted', { sub: false });
  await w.t.s.db.query('update orders set category_id = null where id = $1', [o.id]);
  o = await w.get(o.id);
  o = await w.do(H, o, 'subdispatch', w.body('subdispatch'));
  assert.equal(o.status, 'accepted');
  // Reopen keeps the main unit.
  const r = await w.reach('reopened');
  assert.equal(r.mainUnitId, w.units.id(STREET));
  // Merge of a registered order without a category.
  const child = await w.create({ categoryId: null, title: '子工单' });
  const parent = await w.create({ title: '父工单' });
  const m = await w.do('operator', child, 'merge', { parentId: parent.id });
  assert.equal(m.status, 'merged');
});

test('the refusal is documented', async () => {
  const fs = await import('node:fs');
  assert.match(fs.readFileSync('docs/ERRORS.md', 'utf8'), /`dispatch_category_required` \| 422/);
  assert.match(fs.readFileSync('docs/DISPATCH.md', 'utf8'), /dispatch_category_required/);
  // The shape of the error for API clients.
  const o = await w.create({ categoryId: null });
  const res = await (await w.as('dispatcher'))('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: w.units.id(STREET) });
  const p = expectProblem(res, 422, 'dispatch_category_required');
  assert.equal(p.status, 422);
  expectOk(await (await w.as('dispatcher'))('GET', `/api/v1/orders/${o.id}`));
});
