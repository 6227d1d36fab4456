// The year change seen in the console: the server's clock is set to late December of the last year the
// holiday calendar covers, whatever the machine's date. A tier-3 dispatch then reaches into a year nobody has
// entered: it succeeds, its deadline is marked 暂定 in lists and on the order page, and the admin sees the banner
// naming the year and the way out. Entering the year (through the API here; the form is tested in first-load)
// turns the mark off and the banner away.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calendarCoverage } from '../../src/modules/sla';
import { api, settle, shot, skipReason, TEST_TIMEOUT, unitByCode, useE2E, withDiagnostics, leafByName } from './_support';

const Y = calendarCoverage().lastYear;
const N = Y + 1;
const w = useE2E(undefined, { clockStart: `${Y}-12-28T10:00:00+08:00` });

test(`a deadline into ${N} is provisional in the console until ${N} is entered`, { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, w.sessions, 'provisional', async () => {
    const admin = await w.as('admin');
    const { page } = admin;
    // The console's clock is the server's: the browser's own date plays no part.
    const cov = await api(page, '/sla/calendar');
    assert.match(cov.body.now, new RegExp(`^${Y}-12-2[89]`));
    const street = await unitByCode(page, '350102004');
    const created = await api(page, '/orders', 'POST', { channel: 'phone', type: 'help', title: '年底路灯不亮', requester: { name: '甲', phone: '13800000001' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const d = await api(page, `/orders/${created.body.id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: street.id, tier: 3, categoryId: await leafByName(page) });
    assert.equal(d.status, 200, JSON.stringify(d.body));
    assert.equal(d.body.deadlines.resolve.provisional, true);

    await page.goto(`${w.e2e.url}/#/orders/${created.body.id}`);
    await settle(page);
    const banner = page.getByTestId('provisional-banner');
    await banner.waitFor({ timeout: 15_000 });
    assert.equal(await banner.getAttribute('data-year'), String(N));
    assert.match(await banner.innerText(), new RegExp(`${N}.*管理 → 节假日日历`));
    const tag = page.locator('[data-testid="deadline-resolve-tag"]');
    await tag.waitFor({ timeout: 15_000 });
    assert.equal(await tag.getAttribute('data-provisional'), 'true');
    assert.match(await tag.innerText(), /暂定/);
    await shot(page, 'provisional-order');

    // Entering the year recomputes the order; the mark and the banner go away.
    const saved = await api(page, `/sla/calendar/years/${N}`, 'PUT', {
      source: '测试用安排（非官方）',
      holidays: [{ from: `${N}-01-01`, name: '元旦' }, { from: `${N}-02-08`, to: `${N}-02-14`, name: '春节' }],
      workdays: [],
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body.provisional, []);
    await page.reload();
    await settle(page);
    await page.locator('[data-testid="deadline-resolve-tag"][data-provisional="false"]').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByTestId('provisional-banner').count(), 0);
  });
});
