// The console's first load on the demo data, measured in the browser (cold cache, new context each run):
//   navigation start → sign-in form interactive, and sign-in click → first workbench rows rendered.
// Prints the figures as one JSON line (and writes test-artifacts/first-load.json); asserts only a generous
// bound so CI is not flaky. Then every role's workbench is opened on the demo data and screenshotted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BENCH_PASSWORD } from '../../bench/lib/server';
import { api, settle, shot, skipReason, SHOTS_DIR, withDiagnostics, TEST_TIMEOUT, type Session, useE2E } from './_support';

const RUNS = 3;
const BOUND_MS = 10_000;
const w = useE2E();
const { sessions, as } = w;

interface Run {
  signinInteractiveMs: number;
  signinToRowsMs: number;
  htmlResponseEndMs: number;
  domContentLoadedMs: number;
  firstContentfulPaintMs: number | null;
  requestsBeforeSignin: number;
  transferKBBeforeSignin: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : Math.round((s[s.length / 2 - 1] + s[s.length / 2]) / 2);
};

async function measureOnce(): Promise<Run> {
  const ctx = await w.e2e.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
  try {
    const page = await ctx.newPage();
    await page.goto(`${w.e2e.url}/`, { waitUntil: 'commit', timeout: 30_000 });
    // performance.now() counts from the navigation start; polled every animation frame.
    const signinInteractiveMs = (await (await page.waitForFunction(() => {
      const u = document.querySelector<HTMLInputElement>('[data-testid="signin-username"]');
      const b = document.querySelector<HTMLButtonElement>('[data-testid="signin-submit"]');
      return u && b && !u.disabled && !b.disabled ? performance.now() : 0;
    }, null, { polling: 'raf', timeout: 30_000 })).jsonValue()) as number;
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const res = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      return {
        htmlResponseEndMs: n.responseEnd,
        domContentLoadedMs: n.domContentLoadedEventEnd,
        firstContentfulPaintMs: fcp ? fcp.startTime : null,
        requests: res.length + 1,
        transfer: res.reduce((a, r) => a + (r.transferSize || 0), n.transferSize || 0),
      };
    });
    await page.getByTestId('signin-username').fill('dispatcher');
    await page.getByTestId('signin-password').fill(BENCH_PASSWORD);
    await page.evaluate(() => {
      document.addEventListener('click', (e) => {
        if ((e.target as Element).closest?.('[data-testid="signin-submit"]')) (window as unknown as { __signinAt: number }).__signinAt = performance.now();
      }, true);
    });
    await page.getByTestId('signin-submit').click();
    const signinToRowsMs = (await (await page.waitForFunction(() => {
      const at = (window as unknown as { __signinAt?: number }).__signinAt;
      return at !== undefined && document.querySelector('[data-testid^="order-row-"]') ? performance.now() - at : 0;
    }, null, { polling: 'raf', timeout: 30_000 })).jsonValue()) as number;
    assert.match(page.url(), /#\/dispatch$/);
    return {
      signinInteractiveMs: Math.round(signinInteractiveMs),
      signinToRowsMs: Math.round(signinToRowsMs),
      htmlResponseEndMs: Math.round(nav.htmlResponseEndMs),
      domContentLoadedMs: Math.round(nav.domContentLoadedMs),
      firstContentfulPaintMs: nav.firstContentfulPaintMs === null ? null : Math.round(nav.firstContentfulPaintMs),
      requestsBeforeSignin: nav.requests,
      transferKBBeforeSignin: Math.round(nav.transfer / 1024),
    };
  } finally {
    await ctx.close();
  }
}

test('first load: sign-in form interactive and first workbench rows, each under 10 s', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'first-load', async () => {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await measureOnce());
    const result = {
      metric: 'console_first_load',
      backend: w.e2e.backend,
      user: 'dispatcher',
      landing: '#/dispatch',
      runs: RUNS,
      signinInteractiveMs: median(runs.map((r) => r.signinInteractiveMs)),
      signinToRowsMs: median(runs.map((r) => r.signinToRowsMs)),
      firstContentfulPaintMs: median(runs.map((r) => r.firstContentfulPaintMs ?? 0)),
      transferKBBeforeSignin: runs[0].transferKBBeforeSignin,
      requestsBeforeSignin: runs[0].requestsBeforeSignin,
      all: runs,
    };
    console.log(JSON.stringify(result));
    fs.mkdirSync(path.dirname(SHOTS_DIR), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(SHOTS_DIR), `first-load-${w.e2e.backend}.json`), `${JSON.stringify(result, null, 2)}\n`);
    assert.ok(result.signinInteractiveMs < BOUND_MS, `sign-in form interactive after ${result.signinInteractiveMs} ms`);
    assert.ok(result.signinToRowsMs < BOUND_MS, `first workbench rows ${result.signinToRowsMs} ms after signing in`);
  });
});

async function noErrors(s: Session) {
  assert.equal(await s.page.getByTestId('error').count(), 0, `${s.user}: error state shown`);
  assert.equal(await s.page.getByTestId('error-boundary').count(), 0, `${s.user}: render error`);
}

test('every role lands on its workbench and it renders the demo data (screenshots)', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'first-load', async () => {
    // 话务受理
    const op = await as('operator');
    await op.page.waitForURL(/#\/intake$/);
    await op.page.getByTestId('intake-form').waitFor();
    assert.deepEqual(await op.page.getByTestId('nav').locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid'))), ['nav-intake', 'nav-reception', 'nav-orders']);
    await shot(op.page, 'workbench-intake');

    // 派单
    const disp = await as('dispatcher');
    await disp.page.waitForURL(/#\/dispatch$/);
    await disp.page.getByTestId('dispatch-table').locator('[data-testid^="order-row-"]').first().waitFor();
    await shot(disp.page, 'workbench-dispatch');

    // 承办: the handler of a unit with a demo order waiting to be signed
    const waiting = await api<{ items: { mainUnitId: number }[] }>(disp.page, '/orders?status=dispatched');
    assert.ok(waiting.body.items.length > 0, 'demo data has dispatched orders');
    const units = await api<{ items: { id: number; code: string }[] }>(disp.page, '/units');
    const unitCode = units.body.items.find((u) => u.id === waiting.body.items[0].mainUnitId)!.code;
    const h = await as(`handler.${unitCode}`);
    await h.page.waitForURL(/#\/unit$/);
    await h.page.getByTestId('inbox-dispatched').locator('[data-testid^="order-row-"]').first().waitFor();
    await shot(h.page, 'workbench-unit-inbox');
    // …and one of its orders
    await h.page.getByTestId('inbox-dispatched').locator('[data-testid^="open-"]').first().click();
    await h.page.getByTestId('order-page').waitFor();
    await h.page.getByTestId('order-timeline').getByTestId('event-dispatched').waitFor();
    assert.ok(await h.page.getByTestId('action-sign').isVisible());
    await shot(h.page, 'workbench-order-page');

    // 回访
    const cb = await as('callback');
    await cb.page.waitForURL(/#\/callback$/);
    await cb.page.getByTestId('callback-table').locator('[data-testid^="order-row-"]').first().waitFor();
    await shot(cb.page, 'workbench-callback');

    // 督办: warning lists and the per-unit overview with its chart
    const sup = await as('supervisor');
    await sup.page.waitForURL(/#\/supervision$/);
    await sup.page.getByTestId('supervision').waitFor();
    // Fresh demo orders are all on time; supervise one so the overview has a row and a bar.
    const inProgress = await api<{ items: { id: number; version: number }[] }>(sup.page, '/orders?status=accepted');
    assert.ok(inProgress.body.items.length > 0, 'demo data has orders in progress');
    const sv = await api(sup.page, `/orders/${inProgress.body.items[0].id}/supervise`, 'POST', { version: inProgress.body.items[0].version, note: '请加快办理并反馈进展。' });
    assert.equal(sv.status, 200, JSON.stringify(sv.body));
    await settle(sup.page);
    await shot(sup.page, 'workbench-supervision');
    await sup.page.getByTestId('tab-overview').click();
    await sup.page.getByTestId('overview-table').waitFor();
    await sup.page.getByTestId('overdue-chart').locator('canvas').first().waitFor();
    await sup.page.waitForTimeout(800); // the chart animates in
    await shot(sup.page, 'workbench-supervision-overview');

    // 工单查询 (the centre sees every demo order)
    await sup.page.getByTestId('nav-orders').click();
    await sup.page.getByTestId('search-table').locator('[data-testid^="order-row-"]').first().waitFor();
    assert.ok((await sup.page.getByTestId('search-table').locator('[data-testid^="order-row-"]').count()) >= 10);
    await shot(sup.page, 'workbench-orders');

    // 管理: organisation, users, catalog, deadline policy, calendar
    const admin = await as('admin');
    await admin.page.waitForURL(/#\/admin$/);
    await admin.page.getByTestId('unit-tree').waitFor();
    await shot(admin.page, 'workbench-admin');
    await admin.page.getByTestId('tab-users').click();
    await admin.page.getByTestId('users-table').getByText('dispatcher', { exact: true }).waitFor();
    await shot(admin.page, 'workbench-admin-users');
    await admin.page.getByTestId('tab-catalog').click();
    await admin.page.getByTestId('catalog-tree').waitFor();
    await shot(admin.page, 'workbench-admin-catalog');
    await admin.page.getByTestId('tab-sla').click();
    await admin.page.getByTestId('sla-policy-3').waitFor();
    await shot(admin.page, 'workbench-admin-sla');
    await admin.page.getByTestId('tab-calendar').click();
    await admin.page.getByTestId('calendar-status').waitFor();
    assert.notEqual(await admin.page.getByTestId('calendar-status').getAttribute('data-ok'), 'false');
    await shot(admin.page, 'workbench-admin-calendar');
    // Entering next year's schedule (a test fixture, not an official notice): a mistake is listed by line, nothing saved;
    // corrected, the calendar covers one more year.
    const last = Number(await admin.page.getByTestId('calendar-last-year').textContent());
    const next = last + 1;
    const wednesday = (() => {
      for (let d = Date.parse(`${next}-03-01T00:00:00Z`); ; d += 86400_000) if (new Date(d).getUTCDay() === 3) return new Date(d).toISOString().slice(0, 10);
    })();
    await admin.page.getByTestId('calendar-source').fill('测试用安排（非官方）');
    await admin.page.getByTestId('calendar-holidays').fill(`${next}-01-01 元旦\n${next}-02-08~${next}-02-14 春节`);
    await admin.page.getByTestId('calendar-workdays').fill(`${wednesday} 调休上班`);
    await admin.page.getByTestId('calendar-save').click();
    await admin.page.getByTestId('calendar-errors').getByText('调休上班 第 1 行', { exact: true }).waitFor();
    assert.equal(await admin.page.getByTestId('calendar-entered').count(), 0);
    await shot(admin.page, 'workbench-admin-calendar-errors');
    await admin.page.getByTestId('calendar-workdays').fill('');
    await admin.page.getByTestId('calendar-save').click();
    await admin.page.getByTestId('calendar-entered').getByText('测试用安排（非官方）').waitFor();
    assert.equal(await admin.page.getByTestId('calendar-last-year').textContent(), String(next));
    await shot(admin.page, 'workbench-admin-calendar-entered');

    for (const s of sessions) {
      await noErrors(s);
      assert.deepEqual(s.pageErrors, [], `uncaught errors in ${s.user}'s page`);
    }
  });
});

test('the API docs (/docs, swagger-ui) render under their Content-Security-Policy', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const ctx = await w.e2e.browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  try {
    const page = await ctx.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content.Security.Policy/i.test(m.text())) blocked.push(m.text());
    });
    page.on('pageerror', (e) => blocked.push(e.message));
    const res = await page.goto(`${w.e2e.url}/docs`);
    assert.match(String(res?.headers()['content-security-policy']), /frame-ancestors 'none'/);
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    assert.deepEqual(blocked, []);
  } finally {
    await ctx.close();
  }
});
