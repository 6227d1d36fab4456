// Every workbench on a phone (390×844, touch): each demo role signs in, its landing page does not scroll sideways,
// the drawer menu opens from the compact header and navigates, and the workbench's main action is on screen and
// touch-sized. On the order page the number is never cut off. Screenshots phone-<role>-*.png (docs/PHONE.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContextOptions, Locator, Page } from 'playwright-core';
import { api, leafByName, settle, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E, type Session } from './_support';

const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
const STREET = '350102004';
const w = useE2E();
const { sessions } = w;
const phone = (user: string) => w.as(user, PHONE);

/** The page does not scroll sideways; on failure names the elements that stick out. (A mobile browser widens the
 * layout viewport to fit content that is too wide, so innerWidth itself must stay the phone's 390 px.) */
async function assertNoOverflow(page: Page, where: string): Promise<void> {
  await settle(page);
  const r = await page.evaluate(() => {
    const vw = 390;
    // The outermost elements that stick out (their parent does not): where the layout breaks.
    const wide = Array.from(document.querySelectorAll<HTMLElement>('body *'))
      .filter((e) => e.getBoundingClientRect().right > vw + 1 && !((e.parentElement?.getBoundingClientRect().right ?? 0) > vw + 1) && getComputedStyle(e).position !== 'fixed')
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.dataset.testid ? `[${e.dataset.testid}]` : ''}.${String(e.className).slice(0, 60)} → ${Math.round(e.getBoundingClientRect().right)}`);
    return { scroll: document.documentElement.scrollWidth, inner: window.innerWidth, vw, wide };
  });
  assert.ok(r.scroll <= r.inner && r.inner <= r.vw, `${where}: the page is ${r.scroll}px wide, the window ${r.inner}px, on a ${r.vw}px screen; sticking out: ${r.wide.join(' | ')}`);
}

/** Scrolled to, wholly inside the 390×844 viewport, at least 40 px high (a thumb's target), and enabled. */
async function assertReachable(target: Locator, what: string): Promise<void> {
  await target.waitFor();
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  assert.ok(box, `${what}: not laid out`);
  assert.ok(box.x >= 0 && box.x + box.width <= 390 + 0.5, `${what}: outside the screen's width (${box.x}…${box.x + box.width})`);
  assert.ok(box.y >= 0 && box.y + box.height <= 844 + 0.5, `${what}: outside the screen's height (${box.y}…${box.y + box.height})`);
  assert.ok(box.height >= 40 - 0.5, `${what}: ${box.height}px high, too small to tap`);
  assert.ok(await target.isEnabled(), `${what}: disabled`);
}

/** Opens the drawer from the header's menu button, taps a workbench, and waits for its page. */
async function drawerTo(page: Page, key: string, pageTestId: string, shotName?: string): Promise<void> {
  assert.equal(await page.locator('.ant-layout-sider').count(), 0, 'no side menu on a phone');
  await page.getByTestId('nav-open').tap();
  const link = page.getByTestId('nav-drawer').getByTestId(`nav-${key}`);
  await link.waitFor();
  if (shotName) await shot(page, shotName);
  await link.tap();
  await page.getByTestId(pageTestId).waitFor();
  await page.getByTestId('nav-drawer').waitFor({ state: 'hidden' });
}

/** The header holds the menu button, the title and the user's name on one 52 px line; the name is shortened with
 * … and whole in its title attribute. */
async function assertHeader(s: Session): Promise<void> {
  const me = s.page.getByTestId('me');
  const head = await s.page.locator('.ant-layout-header').boundingBox();
  assert.ok(head && head.height <= 53, `the header is ${head?.height}px high (wrapped?)`);
  const box = await me.boundingBox();
  assert.ok(box && box.x + box.width <= 390 && box.y < head!.y + head!.height, 'the user name sits inside the header');
  assert.match((await me.getAttribute('title')) ?? '', / · /, 'the full name, role and unit are in the title');
  const text = await me.evaluate((e) => ({ text: e.textContent ?? '', clipped: e.scrollWidth > e.clientWidth + 1, ellipsis: getComputedStyle(e).textOverflow }));
  assert.ok(text.text.length > 0, 'the user name shows');
  if (text.clipped) assert.equal(text.ellipsis, 'ellipsis', 'a long name ends with …, it is not cut');
}

let handlerOrder: { id: number; number: string } | undefined;

test('operator on a phone: the intake form fits, its save button is reachable, the drawer leads to the order search', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-operator', async () => {
    const s = await phone('operator');
    await s.page.getByTestId('intake-form').waitFor();
    await assertHeader(s);
    await assertNoOverflow(s.page, 'intake');
    await shot(s.page, 'phone-operator-intake');
    await assertReachable(s.page.getByTestId('intake-submit'), 'the intake save button');
    await drawerTo(s.page, 'orders', 'order-search', 'phone-operator-drawer');
    await assertNoOverflow(s.page, 'order search');
    await shot(s.page, 'phone-operator-orders');
  });
});

test('dispatcher on a phone: the queue is a card list; 派单 on a card opens the dispatch dialog inside the screen', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-dispatcher', async () => {
    const s = await phone('dispatcher');
    const queue = s.page.getByTestId('dispatch-table');
    const card = queue.locator('[data-testid^="order-row-"]').first();
    await card.waitFor();
    assert.equal(await queue.locator('table').count(), 0, 'no wide table on a phone');
    await assertNoOverflow(s.page, 'dispatch queue');
    await shot(s.page, 'phone-dispatcher-queue');
    const number = (await card.getAttribute('data-testid'))!.slice('order-row-'.length);
    const open = s.page.getByTestId(`dispatch-open-${number}`);
    await assertReachable(open, 'the card\'s 派单 button');
    await open.tap();
    await s.page.getByTestId('dispatch-dialog').waitFor();
    const dlg = await s.page.locator('.ant-modal').boundingBox();
    assert.ok(dlg && dlg.x >= 0 && dlg.x + dlg.width <= 390, 'the dispatch dialog fits the screen');
    await shot(s.page, 'phone-dispatcher-dialog');
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('dispatch-dialog').waitFor({ state: 'hidden' });
    await drawerTo(s.page, 'orders', 'order-search');
    await assertNoOverflow(s.page, 'order search');
  });
});

test(`street handler on a phone: 签收 from a card, then the order page in one column with the number whole and 办理 actions reachable`, { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-handler', async () => {
    // Setup through the API: a new order sent to the street.
    const disp = sessions.find((x) => x.user === 'dispatcher') ?? await phone('dispatcher');
    const created = await api(disp.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title: '手机测试：东街口人行道护栏倒伏一直没人扶起来，晚上行人容易绊倒', description: '东街口人行道护栏倒伏三天。', address: '鼓楼区东街口', requester: { name: '林女士', phone: '13900007788' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const unit = await unitByCode(disp.page, STREET);
    const dispatched = await api(disp.page, `/orders/${created.body.id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: unit.id, tier: 3, categoryId: await leafByName(disp.page) });
    assert.equal(dispatched.status, 200, JSON.stringify(dispatched.body));
    const { id, number } = created.body as { id: number; number: string };
    handlerOrder = { id, number };

    const s = await phone(`handler.${STREET}`);
    await s.page.getByTestId('unit-inbox').waitFor();
    await assertHeader(s);
    const card = s.page.getByTestId('inbox-dispatched').getByTestId(`order-row-${number}`);
    await card.waitFor();
    await assertNoOverflow(s.page, 'unit inbox');
    await shot(s.page, 'phone-handler-inbox');
    const sign = card.getByTestId(`sign-${number}`);
    await assertReachable(sign, 'the card\'s 签收 button');
    await sign.tap();
    await card.waitFor({ state: 'detached' });

    await s.page.getByTestId('tab-progress').tap();
    const open = s.page.getByTestId('inbox-accepted').getByTestId(`open-${number}`);
    await assertReachable(open, 'the card\'s 办理 button');
    await open.tap();
    await s.page.getByTestId('order-page').waitFor();
    await assertNoOverflow(s.page, 'order page');
    const num = s.page.getByTestId('order-page-number');
    assert.equal(await num.innerText(), number);
    const clip = await num.evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, right: e.getBoundingClientRect().right }));
    assert.ok(clip.sw <= clip.cw && clip.right <= 390, `the order number is cut off: ${JSON.stringify(clip)}`);
    // One column: the timeline card is below the header card, full width.
    const timeline = await s.page.getByTestId('order-timeline').boundingBox();
    assert.ok(timeline && timeline.width > 300, 'the timeline takes the whole width');
    await shot(s.page, 'phone-handler-order');
    await assertReachable(s.page.getByTestId('action-reply'), 'the order page\'s 办结回复 button');
    await s.page.getByTestId('action-reply').tap();
    const modal = s.page.locator('.ant-modal');
    await modal.waitFor();
    const mb = await modal.boundingBox();
    assert.ok(mb && mb.x >= 0 && mb.x + mb.width <= 390, 'the reply dialog fits the screen');
    await shot(s.page, 'phone-handler-reply');
    await s.page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
    await drawerTo(s.page, 'unit', 'unit-inbox');
  });
});

test('grid worker on a phone: the patrol form fits, 上报 is reachable, the drawer leads to the unit inbox', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-grid', async () => {
    const admin = await phone('admin');
    const users = (await api<{ items: { username: string }[] }>(admin.page, '/users?role=grid_worker')).body.items;
    const user = users.map((u) => u.username).find((u) => u.startsWith(`grid.${STREET}`)) ?? users[0]?.username;
    assert.ok(user, 'a demo grid worker exists');
    const s = await phone(user);
    await s.page.getByTestId('grid-page').waitFor();
    await assertHeader(s);
    await assertNoOverflow(s.page, 'grid');
    await shot(s.page, 'phone-grid');
    await assertReachable(s.page.getByTestId('grid-submit'), 'the 上报 button');
    await drawerTo(s.page, 'unit', 'unit-inbox');
    await assertNoOverflow(s.page, 'grid worker\'s unit inbox');
    await shot(s.page, 'phone-grid-inbox');
  });
});

test('callback agent on a phone: the queue is a card list and 回访 opens the dialog', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-callback', async () => {
    const s = await phone('callback');
    const card = s.page.getByTestId('callback-table').locator('[data-testid^="order-row-"]').first();
    await card.waitFor();
    await assertNoOverflow(s.page, 'callback queue');
    await shot(s.page, 'phone-callback');
    const number = (await card.getAttribute('data-testid'))!.slice('order-row-'.length);
    const open = s.page.getByTestId(`callback-open-${number}`);
    await assertReachable(open, 'the card\'s 回访 button');
    await open.tap();
    const modal = s.page.locator('.ant-modal');
    await modal.waitFor();
    const mb = await modal.boundingBox();
    assert.ok(mb && mb.x >= 0 && mb.x + mb.width <= 390, 'the callback dialog fits the screen');
    await s.page.keyboard.press('Escape');
    await modal.waitFor({ state: 'hidden' });
    await drawerTo(s.page, 'orders', 'order-search');
  });
});

for (const role of ['supervisor', 'leader'] as const) {
  test(`${role} on a phone: the red list is a card list; the order opens from a card`, { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
    await withDiagnostics(w.e2e, sessions, `phone-${role}`, async () => {
      const s = await phone(role);
      await s.page.getByTestId('supervision').waitFor();
      const list = s.page.getByTestId('warning-red');
      const card = list.locator('[data-testid^="order-row-"]').first();
      await card.waitFor();
      await assertNoOverflow(s.page, 'supervision');
      await shot(s.page, `phone-${role}`);
      const number = (await card.getAttribute('data-testid'))!.slice('order-row-'.length);
      if (role === 'supervisor') {
        const supervise = list.locator(`[data-testid="supervise-open-${number}"]`);
        // An overdue order may already be supervised by the sweep; then its card shows the tag instead.
        if (await supervise.count()) await assertReachable(supervise, 'the card\'s 督办 button');
      }
      await card.getByTestId(`order-link-${number}`).tap();
      await s.page.getByTestId('order-page').waitFor();
      await assertNoOverflow(s.page, `${role}'s order page`);
      const clip = await s.page.getByTestId('order-page-number').evaluate((e) => ({ sw: e.scrollWidth, cw: e.clientWidth, right: e.getBoundingClientRect().right }));
      assert.ok(clip.sw <= clip.cw && clip.right <= 390, `the order number is cut off: ${JSON.stringify(clip)}`);
      await drawerTo(s.page, role === 'supervisor' ? 'escalations' : 'orders', role === 'supervisor' ? 'escalation-inbox' : 'order-search');
      await assertNoOverflow(s.page, `${role}'s second workbench`);
    });
  });
}

test('admin on a phone: the admin page fits; 新建用户 is reachable; the drawer leads to the order search', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-admin', async () => {
    const s = sessions.find((x) => x.user === 'admin') ?? await phone('admin');
    await s.page.goto(`${w.e2e.url}/#/admin`);
    await s.page.getByTestId('tab-users').tap();
    await s.page.getByTestId('users-table').waitFor();
    await assertNoOverflow(s.page, 'admin users');
    await shot(s.page, 'phone-admin-users');
    await assertReachable(s.page.getByTestId('user-new'), 'the 新建用户 button');
    await drawerTo(s.page, 'orders', 'order-search');
    const card = s.page.locator('[data-testid^="order-row-"]').first();
    await card.waitFor();
    await assertNoOverflow(s.page, 'admin order search');
    await shot(s.page, 'phone-admin-orders');
    assert.ok(handlerOrder, 'the handler test ran first');
  });
});

test('admin on a phone: every workbench in the drawer opens without horizontal overflow', { skip: skipReason, timeout: TEST_TIMEOUT * 2 }, async () => {
  await withDiagnostics(w.e2e, sessions, 'phone-sweep', async () => {
    const s = sessions.find((x) => x.user === 'admin') ?? await phone('admin');
    await s.page.getByTestId('nav-open').tap();
    const keys = await s.page.getByTestId('nav-drawer').locator('[data-testid^="nav-"]').evaluateAll((els) =>
      els.map((e) => e.getAttribute('data-testid')!.slice('nav-'.length)).filter((k) => k !== 'drawer' && k !== 'open'));
    await s.page.keyboard.press('Escape');
    await s.page.getByTestId('nav-drawer').waitFor({ state: 'hidden' });
    assert.ok(keys.length >= 15, `the admin's drawer lists every workbench: ${keys.join(', ')}`);
    const wide: string[] = [];
    for (const key of keys) {
      await s.page.getByTestId('nav-open').tap();
      await s.page.getByTestId('nav-drawer').getByTestId(`nav-${key}`).tap();
      await s.page.getByTestId('nav-drawer').waitFor({ state: 'hidden' });
      if (key === 'dashboard') {
        // The wall screen (领导大屏) is scaled to fit and covers the shell; its thumb-sized 返回 leads back.
        await s.page.getByTestId('bigscreen').waitFor();
        await assertNoOverflow(s.page, key).catch((e: Error) => wide.push(e.message));
        await shot(s.page, 'phone-admin-dashboard');
        await assertReachable(s.page.getByTestId('bigscreen-back-phone'), 'the wall screen\'s 返回');
        await s.page.getByTestId('bigscreen-back-phone').tap();
        await s.page.getByTestId('bigscreen').waitFor({ state: 'detached' });
        continue;
      }
      await s.page.locator('.ant-layout-content > *').first().waitFor();
      await assertNoOverflow(s.page, key).catch((e: Error) => wide.push(e.message));
      if (key === 'assessment' || key === 'governance') await shot(s.page, `phone-admin-${key}`);
    }
    assert.deepEqual(wide, [], wide.join('\n'));
  });
});
