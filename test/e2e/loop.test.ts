// The whole 接诉即办 loop through the console against a real server: intake → dispatch (with the deadline
// preview) → the street's handler signs, contacts, replies → callback 满意 → closed, with the full timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pick, settle, shot, skipReason, timelineEntry, timelineTypes, withDiagnostics, expectText, TEST_TIMEOUT, useE2E } from './_support';

const STREET = { code: '350102009', name: '五凤街道' };
const TITLE = '白龙路小区门口路灯不亮';
const w = useE2E();
const { sessions, as } = w;

test('operator → dispatcher → street handler → callback: the order closes with its full timeline', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'loop', async () => {
    // 1. 话务受理: the operator registers the call and reads the number back.
    const op = await as('operator');
    await op.page.waitForURL(/#\/intake$/);
    await op.page.getByTestId('intake-form').waitFor();
    await pick(op.page, 'intake-type', '投诉');
    await op.page.getByTestId('intake-name').fill('赵先生');
    await op.page.getByTestId('intake-phone').fill('13859107370');
    await op.page.getByTestId('intake-address').fill('鼓楼区五凤街道白龙路12号');
    await op.page.getByTestId('intake-title').fill(TITLE);
    await op.page.getByTestId('intake-description').fill('白龙路12号小区门口三盏路灯一周不亮，晚上老人出行不便，请尽快维修。');
    await pick(op.page, 'intake-category', '城市公共设施', '城乡建设');
    // The assistant's suggestions (if the server has one) arrive shortly after typing; show them in the picture.
    await op.page.getByTestId('suggestions-panel').waitFor({ timeout: 10_000 }).catch(() => undefined);
    await shot(op.page, 'intake');
    assert.match(await op.page.getByTestId('intake-type').innerText(), /投诉/);
    await op.page.getByTestId('intake-submit').click();
    const numberEl = op.page.getByTestId('order-number');
    // Either the saved order's number, or (failing fast) a field error / error message saying why not.
    const problem = op.page.locator('.ant-form-item-explain-error, .ant-message-error, .ant-notification-notice');
    await numberEl.or(problem).first().waitFor({ timeout: 30_000 });
    if (!(await numberEl.isVisible())) assert.fail(`intake not saved: ${await problem.first().innerText()}`);
    const number = (await numberEl.getAttribute('data-number'))!;
    const id = Number(await numberEl.getAttribute('data-order-id'));
    assert.match(number, /^\d{14}$/);
    assert.ok(id > 0);
    // Read back, grouped for reading aloud ("YYYYMMDD NNNNNN").
    assert.equal((await numberEl.innerText()).replace(/\s/g, ''), number);
    assert.match(await op.page.getByTestId('intake-result').innerText(), /已登记/);
    await shot(op.page, 'intake-result');

    // 2. 派单: the dispatcher finds it in the queue and dispatches it to the street, seeing the deadlines first.
    const disp = await as('dispatcher');
    await disp.page.waitForURL(/#\/dispatch$/);
    await disp.page.getByTestId(`dispatch-open-${number}`).waitFor();
    await shot(disp.page, 'dispatch');
    await disp.page.getByTestId(`dispatch-open-${number}`).click();
    await disp.page.getByTestId('dispatch-dialog').waitFor();
    // The suggestions arrive after a short debounce and push the form down: let them land before clicking.
    await disp.page.getByTestId('suggestions-panel').waitFor();
    await pick(disp.page, 'dispatch-main-unit', STREET.name, STREET.name);
    assert.match(await disp.page.getByTestId('dispatch-main-unit').innerText(), new RegExp(STREET.name));
    await pick(disp.page, 'dispatch-tier', '', '2级');
    const preview = disp.page.getByTestId('sla-preview');
    await preview.waitFor({ state: 'visible' });
    // The preview shows real due times (not the loading '…' or an empty '—').
    await disp.page.waitForFunction(() => /\d{1,2}:\d{2}/.test(document.querySelector('[data-testid="sla-preview-resolve"]')?.textContent ?? ''), null, { timeout: 15_000 });
    const previewText = await preview.innerText();
    assert.match(previewText, /签收/);
    assert.match(previewText, /办结|办理/);
    await shot(disp.page, 'dispatch-dialog');
    await disp.page.getByTestId('dispatch-submit').click();
    await disp.page.getByTestId('dispatch-dialog').waitFor({ state: 'detached' });
    await disp.page.getByTestId(`order-row-${number}`).waitFor({ state: 'detached' });

    // 3. 承办: the street's handler signs from the inbox, records the contact and replies on the order page.
    const h = await as(`handler.${STREET.code}`);
    await h.page.waitForURL(/#\/unit$/);
    const sign = h.page.getByTestId(`sign-${number}`);
    await sign.waitFor();
    await shot(h.page, 'unit-inbox');
    await sign.click();
    await sign.waitFor({ state: 'detached' });
    await h.page.getByTestId('tab-progress').click();
    await h.page.getByTestId(`open-${number}`).click();
    await h.page.waitForURL(new RegExp(`#/orders/${id}$`));
    const orderPage = h.page.getByTestId('order-page');
    await orderPage.waitFor();
    assert.equal(await orderPage.getAttribute('data-status'), 'accepted');
    assert.match(await h.page.getByTestId('order-main-unit').innerText(), new RegExp(STREET.name));

    await h.page.getByTestId('action-contact').click();
    await h.page.getByTestId('action-dialog-contact').waitFor();
    await h.page.getByTestId('action-field-note').fill('已电话联系赵先生，约定明天上午到场维修。');
    await h.page.getByTestId('action-submit').click();
    await timelineEntry(h.page, 'contacted').waitFor();

    await h.page.getByTestId('action-reply').click();
    await h.page.getByTestId('action-dialog-reply').waitFor();
    await h.page.getByTestId('action-field-result').fill('已更换三盏路灯灯泡，恢复夜间照明。');
    await h.page.getByTestId('action-field-replyToRequester').fill('您反映的路灯已修复，感谢您的监督。');
    await h.page.getByTestId('action-submit').click();
    await h.page.locator('[data-testid="order-page"][data-status="replied"]').waitFor();

    // 4. 回访: the callback agent records 满意, which closes the order.
    const cb = await as('callback');
    await cb.page.waitForURL(/#\/callback$/);
    await cb.page.getByTestId(`callback-open-${number}`).waitFor();
    await shot(cb.page, 'callback');
    await cb.page.getByTestId(`callback-open-${number}`).click();
    await cb.page.getByTestId('callback-dialog').waitFor();
    await cb.page.getByTestId('callback-contacted-yes').click();
    await cb.page.getByTestId('callback-resolution-resolved').click();
    await cb.page.getByTestId('callback-satisfaction-satisfied').click();
    await cb.page.getByTestId('callback-note').fill('市民表示路灯已亮，满意。');
    await shot(cb.page, 'callback-dialog');
    await cb.page.getByTestId('callback-submit').click();
    await cb.page.getByTestId('callback-dialog').waitFor({ state: 'detached' });
    await cb.page.getByTestId(`order-row-${number}`).waitFor({ state: 'detached' });

    // 5. The order page shows it closed, with every step in its timeline.
    await cb.page.goto(`${w.e2e.url}/#/orders/${id}`);
    const closed = cb.page.locator('[data-testid="order-page"][data-status="closed"]');
    await closed.waitFor();
    assert.equal(await cb.page.getByTestId('order-page-number').innerText(), number);
    assert.equal(await cb.page.getByTestId('order-title').innerText(), TITLE);
    assert.equal(await cb.page.getByTestId('status-tag').first().getAttribute('data-status'), 'closed');
    assert.deepEqual(await timelineTypes(cb.page), ['registered', 'dispatched', 'signed', 'contacted', 'replied', 'callback_recorded', 'closed']);
    await expectText(timelineEntry(cb.page, 'registered'), /话务员小李/);
    await expectText(timelineEntry(cb.page, 'dispatched'), new RegExp(`派单员小王[\\s\\S]*${STREET.name}`));
    await expectText(timelineEntry(cb.page, 'signed'), new RegExp(`${STREET.name}承办人`));
    await expectText(timelineEntry(cb.page, 'contacted'), /约定明天上午到场维修/);
    await expectText(timelineEntry(cb.page, 'replied'), /已更换三盏路灯灯泡[\s\S]*您反映的路灯已修复/);
    await expectText(timelineEntry(cb.page, 'callback_recorded'), /满意/);
    await expectText(timelineEntry(cb.page, 'callback_recorded'), /已解决/);
    // A closed order offers the callback agent nothing more to do.
    assert.equal(await cb.page.getByTestId('action-callback').count(), 0);
    await settle(cb.page);
    await shot(cb.page, 'order-page');

    for (const s of sessions) assert.deepEqual(s.pageErrors, [], `uncaught errors in ${s.user}'s page`);
  });
});
