// How the console shows things, whatever the browser: times in the city's zone (MINHU_TIMEZONE, from
// x-minhu-timezone) — a browser in UTC shows an order's times as the centre reads them, not eight hours off — and a
// long title in a list ends with … on one line and shows whole on hover.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BENCH_PASSWORD } from '../../bench/lib/server';
import { api, shot, skipReason, TEST_TIMEOUT, useE2E, withDiagnostics, type Session } from './_support';

const w = useE2E();
const { sessions, as } = w;

const inShanghai = (iso: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

test('a browser in UTC shows times in the city zone (Asia/Shanghai)', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const op = await as('operator');
  await withDiagnostics(w.e2e, sessions, 'timezone', async () => {
    const created = await api(op.page, '/orders', 'POST', { channel: 'phone', type: 'help', title: '时区显示测试', description: '测试。', address: '鼓楼区东街', requester: { name: '甲', phone: '13900007777' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ctx = await w.e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC', reducedMotion: 'reduce' });
    const page = await ctx.newPage();
    const s: Session = { ctx, page, user: 'operator (UTC)', pageErrors: [] };
    sessions.push(s);
    await page.goto(`${w.e2e.url}/`);
    await page.getByTestId('signin-username').fill('operator');
    await page.getByTestId('signin-password').fill(BENCH_PASSWORD);
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('me').waitFor();
    await page.goto(`${w.e2e.url}/#/orders/${created.body.id}`);
    await page.getByTestId('order-page').waitFor();
    const text = (await page.getByTestId('order-page').textContent()) ?? '';
    const expected = inShanghai(created.body.createdAt);
    assert.ok(text.includes(expected), `expected ${expected} (Asia/Shanghai) on the page`);
    const utc = new Date(created.body.createdAt).toISOString().slice(0, 16).replace('T', ' ');
    assert.ok(!text.includes(utc), `the UTC reading ${utc} must not be shown`);
    await shot(page, 'order-page-utc-browser');
  });
});

test('a long title in a list ends with … on one line and shows whole on hover; the centre searches by phone', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const disp = await as('dispatcher');
  await withDiagnostics(w.e2e, sessions, 'titles', async () => {
    const title = '小区东门外人行道上的共享单车长期乱停乱放堵塞盲道，老人和推婴儿车的居民只能走机动车道非常危险希望尽快清理并设置停放区';
    const created = await api(disp.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title, description: '详见标题。', address: '鼓楼区东街', requester: { name: '乙', phone: '13900008888' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await disp.page.goto(`${w.e2e.url}/#/orders`);
    const cell = disp.page.getByTestId(`order-title-${created.body.number}`);
    await cell.waitFor();
    const box = await cell.evaluate((el) => ({ overflow: getComputedStyle(el).textOverflow, wraps: el.getBoundingClientRect().height > 30, cut: el.scrollWidth > el.clientWidth }));
    assert.deepEqual(box, { overflow: 'ellipsis', wraps: false, cut: true });
    assert.equal(await cell.getAttribute('title'), title, 'the whole title shows on hover');
    // The centre finds a caller's orders by phone (audited).
    await disp.page.getByTestId('filter-phone').locator('input').fill('13900008888');
    await disp.page.getByTestId('filter-phone').locator('input').press('Enter');
    // The unfiltered page already shows this order: wait until the list holds the phone's orders only.
    const rows = disp.page.locator('[data-testid^="order-row-"]');
    for (const end = Date.now() + 20_000; (await rows.count()) !== 1 && Date.now() < end; ) await disp.page.waitForTimeout(200);
    assert.equal(await rows.count(), 1);
    await disp.page.getByTestId(`order-row-${created.body.number}`).waitFor();
    await shot(disp.page, 'order-list-long-title');
  });
});
