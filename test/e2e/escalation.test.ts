// 分级协调 and 值守 in the console: the street asks the city to coordinate on the order page, a dispatcher finds it
// in 协调待办 and answers, the panel shows the answer; an admin opens a street's duty roster and sees its gap warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, pick, shot, skipReason, withDiagnostics, TEST_TIMEOUT, signedOrder, useE2E } from './_support';

const STREET = '350102004';
const w = useE2E();
const { sessions, as } = w;

test('the street asks the city to coordinate → a dispatcher answers from 协调待办; the duty roster shows its gaps', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'escalation', async () => {
    const { id, number, handler: h } = await signedOrder(w, { title: '两街道交界处积水无人管', description: '路口积水涉及两个街道。', address: '鼓楼区东街', requester: { name: '孙先生', phone: '13900004444' } }, STREET);
    const disp = await as('dispatcher');

    // 1. The street asks the city (the centre) on the order page.
    await h.page.goto(`${w.e2e.url}/#/orders/${id}`);
    await h.page.getByTestId('action-escalate').click();
    await h.page.getByTestId('action-dialog-escalate').waitFor();
    await choose(h.page, 'action-field-level', '市级协调');
    await h.page.getByTestId('action-field-reason').fill('积水点位于两街道交界，需市级协调排水管理');
    await h.page.getByTestId('action-submit').click();
    await h.page.getByTestId('action-dialog-escalate').waitFor({ state: 'detached' });
    await h.page.locator('[data-testid="escalation-panel"] [data-status="open"]').waitFor();
    await h.page.locator('[data-testid^="escalation-countdown-"]').waitFor();
    await shot(h.page, 'escalation-requested');

    // 2. A dispatcher answers from 协调待办.
    await disp.page.getByTestId('nav-escalations').click();
    await disp.page.locator(`[data-testid="escalation-task-${number}"][data-status="open"]`).waitFor();
    await disp.page.getByTestId('escalation-stats').waitFor();
    await shot(disp.page, 'escalation-inbox');
    await disp.page.getByTestId(`escalation-open-${number}`).click();
    await disp.page.getByTestId('action-escalation-answer').click();
    await disp.page.getByTestId('action-dialog-escalation-answer').waitFor();
    await choose(disp.page, 'action-field-decision', '已协调');
    await disp.page.getByTestId('action-field-note').fill('由东街街道牵头，区城管局配合疏通');
    await disp.page.getByTestId('action-submit').click();
    await disp.page.getByTestId('action-dialog-escalation-answer').waitFor({ state: 'detached' });
    await disp.page.locator('[data-testid="escalation-panel"] [data-status="coordinated"]').waitFor();
    await disp.page.locator('[data-testid^="escalation-answer-"]').waitFor();

    // 3. The duty roster of 鼓东街道 (the demo leaves its third night uncovered): the gap warning.
    const admin = await as('admin');
    await admin.page.getByTestId('nav-duty').click();
    await admin.page.getByTestId('duty-page').waitFor();
    await pick(admin.page, 'duty-unit', '鼓东街道');
    await admin.page.getByTestId('duty-gap').first().waitFor();
    await admin.page.getByTestId('duty-now').waitFor();
    assert.ok((await admin.page.getByTestId('duty-slot').count()) > 10, 'the demo shifts are listed');
    await shot(admin.page, 'duty-roster');
    await admin.page.getByTestId('duty-save').click();
    await admin.page.getByTestId('duty-gap').first().waitFor();
  });
});
