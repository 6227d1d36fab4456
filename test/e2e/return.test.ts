// 退单 under 首办负责制: the street's handler asks to return a wrongly dispatched order and still finds it in its
// 退单待审 tab; the dispatcher approves and names the new street in the same step; that street's handler finds it
// in the inbox (and the first street no longer does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, pick, shot, skipReason, timelineEntry, timelineTypes, unitByCode, withDiagnostics, expectText, TEST_TIMEOUT, useE2E, leafByName } from './_support';

const FIRST = { code: '350102009', name: '五凤街道' };
const SECOND = { code: '350102001', name: '鼓东街道' };
const w = useE2E();
const { sessions, as } = w;

test('return (still the first unit\'s) → approve naming the new street → its handler sees it in the inbox', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'return', async () => {
    // Setup through the API (the UI for these steps is covered by loop.test.ts): registered, dispatched to 五凤街道.
    const op = await as('operator');
    const created = await api(op.page, '/orders', 'POST', {
      channel: 'phone', type: 'complaint', title: '湖东路商铺占道经营', description: '湖东路一排商铺把货物摆到人行道上，行人只能走机动车道。',
      address: '鼓楼区湖东路', requester: { name: '林女士', phone: '13900001111' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, number } = created.body as { id: number; number: string; version: number };
    const disp = await as('dispatcher');
    const first = await unitByCode(disp.page, FIRST.code);
    const second = await unitByCode(disp.page, SECOND.code);
    assert.equal(second.name, SECOND.name);
    const dispatched = await api(disp.page, `/orders/${id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: first.id, tier: 3, categoryId: await leafByName(disp.page) });
    assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));

    // 1. 五凤街道's handler opens it from the inbox and asks to return it.
    const h1 = await as(`handler.${FIRST.code}`);
    await h1.page.getByTestId(`open-${number}`).first().click();
    await h1.page.locator(`[data-testid="order-page"][data-order-id="${id}"][data-status="dispatched"]`).waitFor();
    await h1.page.getByTestId('action-return').click();
    await h1.page.getByTestId('action-dialog-return').waitFor();
    await h1.page.getByTestId('action-field-reason').fill('湖东路属鼓东街道辖区，请改派鼓东街道。');
    await h1.page.getByTestId('action-submit').click();
    await h1.page.locator('[data-testid="order-page"][data-status="return_requested"]').waitFor();
    await h1.page.getByTestId('pending-return').waitFor();
    assert.equal(await h1.page.getByTestId('action-return').count(), 0, 'no second return request');
    // 首办负责制: until the centre decides, the order stays in the first street's inbox (退单待审).
    await h1.page.goto(`${w.e2e.url}/#/unit`);
    await h1.page.getByTestId('tab-returning').click();
    await h1.page.getByTestId('inbox-return_requested').getByTestId(`order-row-${number}`).waitFor();
    await shot(h1.page, 'return-pending-still-ours');

    // 2. The dispatcher approves it on the 退单申请 tab (the list updates live from the stream or on open),
    // naming 鼓东街道 as the new owner in the same dialog.
    await disp.page.getByTestId('tab-returns').click();
    const approve = disp.page.getByTestId(`approve-return-${number}`);
    await approve.waitFor();
    assert.match(await disp.page.getByTestId(`pending-row-${number}`).innerText(), /请改派鼓东街道/);
    await shot(disp.page, 'dispatch-returns');
    await approve.click();
    await disp.page.getByTestId('action-dialog-return-approve').waitFor();
    await pick(disp.page, 'action-field-mainUnitId', SECOND.name, SECOND.name);
    await disp.page.getByTestId('action-field-note').fill('同意，改派鼓东街道。');
    await disp.page.getByTestId('action-submit').click();
    await approve.waitFor({ state: 'detached' });
    // 3. It never lands in the dispatch queue: it went straight to its new owner.
    const after = await api(disp.page, `/orders/${id}`, 'GET');
    assert.equal((after.body as { status: string }).status, 'dispatched');
    assert.equal((after.body as { mainUnitId: number }).mainUnitId, second.id);

    // 4. 鼓东街道's handler sees it in the 待签收 inbox and can open it.
    const h2 = await as(`handler.${SECOND.code}`);
    await h2.page.waitForURL(/#\/unit$/);
    const row = h2.page.getByTestId('inbox-dispatched').getByTestId(`order-row-${number}`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'dispatched');
    await h2.page.getByTestId(`sign-${number}`).waitFor();
    await shot(h2.page, 'return-second-unit-inbox');
    await h2.page.getByTestId(`open-${number}`).first().click();
    await h2.page.locator(`[data-testid="order-page"][data-order-id="${id}"][data-status="dispatched"]`).waitFor();
    assert.equal(await h2.page.getByTestId('order-main-unit').innerText(), SECOND.name);
    assert.equal(await h2.page.getByTestId('action-sign').count(), 1);
    assert.deepEqual(await timelineTypes(h2.page), ['registered', 'category_changed', 'dispatched', 'return_requested', 'return_approved', 'dispatched']);
    await expectText(timelineEntry(h2.page, 'return_requested'), /请改派鼓东街道/);
    await expectText(timelineEntry(h2.page, 'return_approved'), new RegExp(FIRST.name));
    await expectText(timelineEntry(h2.page, 'return_approved'), new RegExp(`新承办单位: ${SECOND.name}`));
    await expectText(h2.page.getByTestId('order-timeline').getByTestId('event-dispatched').last(), new RegExp(SECOND.name));
    await shot(h2.page, 'return-order-page');

    // 5. 五凤街道's inbox no longer lists it, in any tab (live, or after a reload).
    await h1.page.goto(`${w.e2e.url}/#/unit`);
    await h1.page.reload();
    await h1.page.getByTestId('unit-inbox').waitFor();
    await h1.page.getByTestId('inbox-dispatched').waitFor({ state: 'attached' });
    await h1.page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'), null, { timeout: 15_000 });
    assert.equal(await h1.page.getByTestId(`order-row-${number}`).count(), 0, 'no tab lists it once the new owner is set (退单待审 included)');

    for (const s of sessions) assert.deepEqual(s.pageErrors, [], `uncaught errors in ${s.user}'s page`);
  });
});
