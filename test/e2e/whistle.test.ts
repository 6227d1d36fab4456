// 吹哨报到 in the console: the street's handler blows the whistle on the order page, the summoned department
// finds the task in its 吹哨任务 inbox and reports, the street rates the report and the whistle closes; the demo
// whistle shows its late department.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, pick, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, signedOrder, useE2E } from './_support';

const STREET = '350102004';
const DEPT = { code: 'D350102-CG', name: '鼓楼区城市管理局' };
const w = useE2E();
const { sessions, as } = w;

test('whistle → the department reports from its inbox → the street rates → closed', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'whistle', async () => {
    const { id, number, handler: h } = await signedOrder(w, { title: '东街口占道经营反复回潮', description: '流动摊贩占道。', address: '鼓楼区东街口', requester: { name: '钱女士', phone: '13900003333' } }, STREET);

    // 1. The street blows the whistle on the order page.
    await h.page.goto(`${w.e2e.url}/#/orders/${id}`);
    await h.page.getByTestId('whistle-panel').waitFor();
    await h.page.getByTestId('action-whistle').click();
    await h.page.getByTestId('action-dialog-whistle').waitFor();
    await pick(h.page, 'action-field-departmentIds', DEPT.name);
    await h.page.getByTestId('action-field-reason').fill('占道经营反复回潮，需城管部门联合执法');
    await h.page.getByTestId('action-submit').click();
    await h.page.getByTestId('action-dialog-whistle').waitFor({ state: 'detached' });
    const dept = await unitByCode(h.page, DEPT.code);
    await h.page.locator(`[data-testid="whistle-unit-${dept.id}"][data-state="waiting"]`).waitFor();
    await h.page.locator('[data-testid^="whistle-countdown-"][data-overdue="false"]').waitFor();
    await shot(h.page, 'whistle-blown');

    // 2. The department reports from its 吹哨任务 inbox.
    const d = await as(`handler.${DEPT.code}`);
    await d.page.getByTestId('nav-whistle').click();
    await d.page.getByTestId('whistle-inbox').waitFor();
    await d.page.locator(`[data-testid="whistle-task-${number}"][data-state="waiting"]`).waitFor();
    await shot(d.page, 'whistle-inbox');
    await d.page.getByTestId(`whistle-open-${number}`).click();
    await d.page.getByTestId('order-page').waitFor();
    await d.page.getByTestId('action-whistle-report').click();
    await d.page.getByTestId('action-dialog-whistle-report').waitFor();
    await d.page.getByTestId('action-field-action').fill('已派执法中队到场联合整治');
    await d.page.getByTestId('action-submit').click();
    await d.page.getByTestId('action-dialog-whistle-report').waitFor({ state: 'detached' });
    await d.page.locator(`[data-testid="whistle-unit-${dept.id}"][data-state="reported"]`).waitFor();
    await d.page.getByTestId('action-whistle-report').waitFor({ state: 'detached' });

    // 3. The street rates the report; the whistle closes and the department no longer sees the order.
    await h.page.reload();
    await h.page.getByTestId('action-whistle-rate').click();
    await h.page.getByTestId('action-dialog-whistle-rate').waitFor();
    await h.page.getByTestId(`rate-score-${dept.id}-satisfied`).click();
    await h.page.getByTestId(`rate-note-${dept.id}`).fill('到场及时');
    await h.page.getByTestId('action-submit').click();
    await h.page.getByTestId('action-dialog-whistle-rate').waitFor({ state: 'detached' });
    await h.page.locator('[data-testid^="whistle-"][data-status="closed"]').waitFor();
    await h.page.getByTestId(`whistle-rating-${dept.id}`).waitFor();
    await shot(h.page, 'whistle-rated');
    assert.equal((await api(d.page, `/orders/${id}`)).status, 404);

    // The demo whistle: 区住建局 is late on its task.
    const zj = await as('handler.D350102-ZJ');
    await zj.page.getByTestId('nav-whistle').click();
    await zj.page.locator('[data-testid^="whistle-task-"][data-state="late"]').waitFor();

    // The department ranking carries the whistle score column (departments are also scored on whistles).
    const sup = await as('supervisor');
    await sup.page.getByTestId('nav-assessment').click();
    await sup.page.getByTestId('assessment-type-department').click();
    await sup.page.getByTestId('ranking-department').locator('[data-testid="whistle-score"]').first().waitFor();
  });
});
