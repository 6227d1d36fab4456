// 一网知全局: the leaders' big screen at 1920×1080 (dark, no scrolling) follows a new order live over the
// stream and opens the orders behind a number; a street's handler sees its own unit dashboard.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, pick, shot, skipReason, withDiagnostics, TEST_TIMEOUT, useE2E, expectText, leafByName } from './_support';

const STREET = '350102004';
const w = useE2E();
const { sessions, as } = w;

test('big screen: live volume, map and rankings, drill-down to the orders; no scrolling at 1920×1080', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'dashboard', async () => {
    const leader = await as('leader');
    const page = leader.page;
    await page.setViewportSize({ width: 1920, height: 1080 });
    // The wall display's address redirects to the console's route.
    await page.goto(`${w.e2e.url}/dashboard`);
    await page.getByTestId('bigscreen').waitFor();
    await page.getByTestId('kpi-today-value').waitFor();
    await page.locator('[data-testid="chart-map"] canvas').waitFor();
    await page.getByTestId('rank-street').waitFor();
    await expectText(page.getByTestId('bigscreen-live'), /实时/);
    const size = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, ih: innerHeight, iw: innerWidth }));
    assert.ok(size.h <= size.ih && size.w <= size.iw, `no scrolling: ${JSON.stringify(size)}`);
    const before = Number((await page.getByTestId('kpi-today-value').innerText()).replace(/,/g, ''));

    // A new order appears on the screen without a reload.
    const op = await as('operator');
    const created = await api(op.page, '/orders', 'POST', { channel: 'wechat', type: 'complaint', title: '大屏测试：夜间施工噪音', description: '工地夜间施工。', address: '鼓楼区东街', requester: { name: '钱女士', phone: '13900003333' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await expectText(page.getByTestId('kpi-today-value'), new RegExp(`^${(before + 1).toLocaleString('en-US')}$`), 20_000);
    // Hotspots and warnings: three similar complaints become a hotspot once a supervisor refreshes.
    for (const phone of ['13900005551', '13900005552', '13900005553']) {
      const r = await api(op.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title: '东街口早餐店油烟扰民', description: '早餐店油烟直排，楼上住户开不了窗。', address: '鼓楼区东街口', requester: { name: '市民', phone } });
      assert.equal(r.status, 201);
    }
    const sup = await as('supervisor');
    assert.equal((await api(sup.page, '/insight/hotspots/refresh', 'POST')).status, 200);
    assert.equal((await api(sup.page, '/insight/warnings/scan', 'POST')).status, 200);
    await page.reload();
    await page.locator('[data-testid^="hotspot-7d-"]').first().waitFor();
    await page.locator('[data-testid="chart-map"] canvas').waitFor();
    await page.waitForTimeout(1500); // the charts' entry animation
    await shot(page, 'dashboard-bigscreen');
    const size2 = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
    assert.ok(size2.h <= 1080 && size2.w <= 1920, JSON.stringify(size2));

    // Today's number opens today's orders, the new one among them.
    await page.getByTestId('kpi-today').click();
    await page.getByTestId('drill-dialog').waitFor();
    await page.getByTestId(`order-row-${created.body.number}`).waitFor();
    await page.keyboard.press('Escape');
    await page.getByTestId('drill-dialog').waitFor({ state: 'detached' });
    await page.locator('[data-testid^="hotspot-7d-"]').first().click();
    await page.getByTestId('drill-ids').waitFor();
    await expectText(page.getByTestId('drill-ids'), /油烟/);
  });
});

test('unit dashboard: a street sees its own subtree, with exports', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'dashboard-unit', async () => {
    // One order of today with the street.
    const disp = await as('dispatcher');
    const created = await api(disp.page, '/orders', 'POST', { channel: 'phone', type: 'help', title: '看板测试：楼道灯不亮', description: '楼道灯坏了。', address: '鼓楼区东街', requester: { name: '孙先生', phone: '13900004444' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const street = (await api(disp.page, '/units')).body.items.find((u: { code: string }) => u.code === STREET);
    const d = await api(disp.page, `/orders/${created.body.id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: street.id, tier: 3, categoryId: await leafByName(disp.page) });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    const h = await as(`handler.${STREET}`);
    const page = h.page;
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.getByTestId('nav-unitDashboard').click();
    await page.getByTestId('unit-dashboard').waitFor();
    await page.getByTestId('unit-kpi-month').waitFor();
    await expectText(page.getByTestId('unit-dashboard').locator('.ant-card-head-title').first(), /东街街道/);
    await page.getByTestId('unit-areas').waitFor();
    await expectText(page.getByTestId('unit-kpi-today'), /今日受理\s*[1-9]/);
    await shot(page, 'dashboard-unit');
    const csv = await page.getByTestId('csv-areas').getAttribute('href');
    const r = await api(page, csv!.replace('/api/v1', ''));
    assert.equal(r.status, 200);
    assert.match(String(r.body), /单位,类型,期间工单量,在办/);
    // another street's dashboard is out of reach
    const other = await api(page, '/dashboard/summary?unitId=1');
    assert.equal(other.status, 404);
    await page.getByTestId('unit-kpi-today').click();
    await page.getByTestId('drill-dialog').waitFor();
    await page.getByTestId(`order-row-${created.body.number}`).waitFor();
  });
});

test('主动治理: a supervisor scans for warnings and marks one seen; hotspots are listed', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'governance', async () => {
    const sup = await as('supervisor');
    const page = sup.page;
    // a repeat caller: three orders from one phone
    const op = await as('operator');
    for (let i = 0; i < 3; i++) {
      const r = await api(op.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title: `重复来电测试${i}`, description: '反复反映。', address: '鼓楼区东街', requester: { name: '郑先生', phone: '13900006666' } });
      assert.equal(r.status, 201);
    }
    await page.getByTestId('nav-governance').click();
    await page.getByTestId('governance').waitFor();
    await page.getByTestId('gov-hotspot-refresh').click();
    await page.getByTestId('gov-hotspots').waitFor();
    await page.getByRole('tab', { name: '预警' }).click();
    await page.getByTestId('gov-warning-scan').click();
    const row = page.locator('[data-testid^="gov-warning-"][data-state="new"]', { hasText: '139****6666' }).first();
    await row.waitFor();
    const id = (await row.getAttribute('data-testid'))!.replace('gov-warning-', '');
    await page.getByTestId(`gov-warning-seen-${id}`).click();
    await page.locator(`[data-testid="gov-warning-${id}"][data-state="seen"]`).waitFor();
    await shot(page, 'governance-warnings');
    const list = await api(page, '/insight/warnings?state=seen');
    assert.ok(list.body.items.some((x: { id: number }) => String(x.id) === id));

    // 未诉先办: a task for the warning, then listed with its deadline and cause
    await page.getByTestId(`gov-warning-task-${id}`).click();
    await page.getByTestId('gov-task-title').fill('上门走访重复来电市民');
    await pick(page, 'gov-task-unit', '东街街道');
    await page.getByTestId('gov-task-due').click();
    await page.keyboard.type('2026-03-20');
    await page.keyboard.press('Enter');
    await page.getByTestId('gov-task-submit').click();
    await page.getByTestId('gov-task-submit').waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: '未诉先办' }).click();
    await expectText(page.getByTestId('gov-tasks'), new RegExp(`上门走访重复来电市民[\\s\\S]*东街街道[\\s\\S]*2026-03-20[\\s\\S]*预警 #${id}`));
    const tasks = await api(page, `/insight/tasks?warningId=${id}`);
    assert.equal(tasks.body.items.length, 1);
  });
});
