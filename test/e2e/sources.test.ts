// 领导接待日 and 双派 in the console: the operator records a reception day with a matter (it becomes an order); the
// dispatcher dispatches that order to the street together with the property company serving its community; the
// property company's handler finds it labelled 物业（双派）.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, choose, pick, settle, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E } from './_support';

const STREET = { code: '350102004', name: '东街街道' };
const PROPERTY = 'P350102004-01';
const w = useE2E();

const { sessions, as } = w;

test('reception day → its matter is an order → dispatched with the property company (双派) → the property company sees it', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'sources', async () => {
    const op = await as('operator');
    await op.page.getByTestId('nav-reception').click();
    await op.page.getByTestId('reception-page').waitFor();
    await op.page.getByTestId('reception-day').click();
    await op.page.keyboard.type('2026-03-05');
    await op.page.keyboard.press('Enter');
    await op.page.getByTestId('reception-leader').fill('王副区长');
    await op.page.getByTestId('reception-place').fill('区信访接待中心');
    await op.page.getByTestId('reception-visitors').fill('8');
    await op.page.getByTestId('reception-matter-0-title').fill('小区电梯长期停运');
    await op.page.getByTestId('reception-matter-0-description').fill('东街某小区3号楼电梯停运两个月，老人上下楼困难');
    await shot(op.page, 'reception-form');
    await op.page.getByTestId('reception-submit').click();
    const day = op.page.getByTestId('reception-list').locator('.ant-list-item').filter({ hasText: '王副区长' }).first();
    await day.waitFor();
    const number = (await day.locator('a').first().innerText()).trim();
    assert.match(number, /^\d{14}$/);
    await shot(op.page, 'reception-list');

    const disp = await as('dispatcher');
    const list = await api(disp.page, `/orders?q=${number}&pageSize=5`);
    const order = (list.body.items as { id: number; number: string; channel: string; version: number }[]).find((o) => o.number === number)!;
    assert.equal(order.channel, 'reception');
    await disp.page.goto(`${w.e2e.url}/#/orders/${order.id}`);
    await disp.page.getByTestId('action-dispatch').click();
    await disp.page.getByTestId('dispatch-dialog').waitFor();
    await disp.page.getByTestId('suggestions-panel').waitFor();
    // A dispatch names a leaf category; the reception order was registered without one.
    await pick(disp.page, 'dispatch-category', '物业服务', '城乡建设');
    await pick(disp.page, 'dispatch-main-unit', STREET.name, STREET.name);
    const property = await unitByCode(disp.page, PROPERTY);
    await choose(disp.page, 'dispatch-property', property.name);
    await shot(disp.page, 'dispatch-property');
    await disp.page.getByTestId('dispatch-submit').click();
    await disp.page.getByTestId('dispatch-dialog').waitFor({ state: 'detached' });

    const ph = await as(`handler.${PROPERTY}`);
    await ph.page.goto(`${w.e2e.url}/#/orders/${order.id}`);
    await ph.page.getByTestId('assignment-property').waitFor();
    await settle(ph.page);
    await shot(ph.page, 'property-order-page');
    for (const s of sessions) assert.deepEqual(s.pageErrors, [], `uncaught errors in ${s.user}'s page`);
  });
});
