// Unit scope in the console: a street's handler cannot open another street's order — the order page shows a
// not-found/no-access state with none of the order's data, and the API (with the page's session cookie)
// answers 404 order_not_found, exactly as for an order that does not exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, settle, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, type Session, useE2E, leafByName } from './_support';

const OWNER = { code: '350102001', name: '鼓东街道' };
const OTHER = { code: '350102009', name: '五凤街道' };
const ORDER = {
  channel: 'phone', type: 'complaint', title: '湖东路夜宵摊噪音扰民', description: '湖东路88号楼下夜宵摊每晚营业到凌晨两点，噪音和油烟很大。',
  address: '鼓楼区湖东路88号', requester: { name: '欧阳女士', phone: '13900005678' },
};
let order: { id: number; number: string; version: number };

const w = useE2E(async () => {
  // An order of 鼓东街道, registered and dispatched through the API.
  const op = await as('operator');
  const created = await api(op.page, '/orders', 'POST', ORDER);
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const disp = await as('dispatcher');
  const owner = await unitByCode(disp.page, OWNER.code);
  const d = await api(disp.page, `/orders/${created.body.id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: owner.id, tier: 3, categoryId: await leafByName(disp.page) });
  assert.equal(d.status, 200, JSON.stringify(d.body));
  order = d.body;
});
const { sessions, as } = w;

/** None of the order's own data appears anywhere on the page. */
async function assertNoOrderData(s: Session) {
  const text = await s.page.locator('body').innerText();
  for (const leak of [ORDER.title, ORDER.description, ORDER.requester.name, ORDER.requester.phone, '5678', order.number, '湖东路88号']) {
    assert.ok(!text.includes(leak), `page shows "${leak}"`);
  }
}

test('in the UI: the order page of another street shows not-found, with no order data', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'scope', async () => {
    // Control: the owning street's handler sees the order.
    const owner = await as(`handler.${OWNER.code}`);
    await owner.page.goto(`${w.e2e.url}/#/orders/${order.id}`);
    await owner.page.locator(`[data-testid="order-page"][data-order-id="${order.id}"]`).waitFor();
    assert.equal(await owner.page.getByTestId('order-title').innerText(), ORDER.title);

    const other = await as(`handler.${OTHER.code}`);
    await other.page.waitForURL(/#\/unit$/);
    await other.page.getByTestId('unit-inbox').waitFor();
    await settle(other.page);
    assert.equal(await other.page.getByTestId(`order-row-${order.number}`).count(), 0, 'not in the other street\'s inbox');

    // Deep link straight to the order page.
    await other.page.goto(`${w.e2e.url}/#/orders/${order.id}`);
    const error = other.page.getByTestId('error');
    await error.waitFor();
    assert.match(await error.innerText(), /没有这个工单|不在您单位的范围内/);
    assert.equal(await other.page.getByTestId('order-page').count(), 0);
    assert.equal(await other.page.getByTestId('order-actions').count(), 0);
    assert.equal(await other.page.getByTestId('order-timeline').count(), 0);
    await assertNoOrderData(other);
    await shot(other.page, 'scope-order-not-found');

    // A reload of the same URL (fresh load, no client state) gives the same.
    await other.page.reload();
    await other.page.getByTestId('error').waitFor();
    assert.equal(await other.page.getByTestId('order-page').count(), 0);
    await assertNoOrderData(other);

    // The order search does not find it either.
    await other.page.goto(`${w.e2e.url}/#/orders`);
    await other.page.getByTestId('search-table').waitFor();
    const q = other.page.getByTestId('search-filters-q').locator('input');
    await q.fill(ORDER.title);
    await q.press('Enter');
    await settle(other.page);
    assert.equal(await other.page.getByTestId(`order-row-${order.number}`).count(), 0);
    await assertNoOrderData(other);

    for (const s of sessions) assert.deepEqual(s.pageErrors, [], `uncaught errors in ${s.user}'s page`);
  });
});

test('through the API with the session cookie: 404 order_not_found, like a missing order', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'scope', async () => {
    const other = await as(`handler.${OTHER.code}`);
    const r = await api(other.page, `/orders/${order.id}`);
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'order_not_found');
    const raw = JSON.stringify(r.body);
    for (const leak of [ORDER.title, ORDER.requester.name, ORDER.requester.phone, order.number]) assert.ok(!raw.includes(leak), `404 body leaks "${leak}"`);

    // Indistinguishable from an order that does not exist.
    const missing = await api(other.page, `/orders/${order.id + 100_000}`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, r.body.code);
    assert.equal(missing.body.title, r.body.title);

    // Nor can the other street act on it, reveal the phone, or find it in a list.
    const sign = await api(other.page, `/orders/${order.id}/sign`, 'POST', { version: order.version });
    assert.equal(sign.status, 404, JSON.stringify(sign.body));
    assert.equal(sign.body.code, 'order_not_found');
    const reveal = await api(other.page, `/orders/${order.id}/reveal-phone`, 'POST', {});
    assert.equal(reveal.status, 404, JSON.stringify(reveal.body));
    const list = await api(other.page, `/orders?q=${encodeURIComponent(ORDER.title)}`);
    assert.equal(list.status, 200);
    assert.equal(list.body.items.length, 0);
    // Searching by phone number is for the centre only.
    const byPhone = await api(other.page, `/orders?phone=${ORDER.requester.phone}`);
    assert.equal(byPhone.status, 403, JSON.stringify(byPhone.body));
    assert.ok(!JSON.stringify(byPhone.body).includes(ORDER.title));

    // The owning street's handler gets the order through the same API.
    const owner = await as(`handler.${OWNER.code}`);
    const ok = await api(owner.page, `/orders/${order.id}`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.title, ORDER.title);
  });
});
