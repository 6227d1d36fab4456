// 网格巡查 on a phone (390×844): a grid worker reports a patrol finding with a photo, the GPS position and a
// category; it shows in today's patrol log with its photo and in the month's statistics, and as an order of
// channel grid in the street of the worker's grid; then a small issue is self-handled (before and after photos) and
// a mate of the grid verifies it on their phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { api, pick, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E } from './_support';
import { BENCH_PASSWORD } from '../../bench/lib/server';

const COMMUNITY = '350102004001';
const STREET = '350102004';
const USER = 'grid.e2e';
const MATE = 'grid.e2e.mate';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');
const w = useE2E();
const { sessions, as } = w;

test('a grid worker reports with photo, GPS and category on a 390×844 screen; the log and statistics show it; self-handling is verified by a mate', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'grid', async () => {
    const admin = await as('admin');
    const community = await unitByCode(admin.page, COMMUNITY);
    const created = await api(admin.page, '/users', 'POST', { username: USER, displayName: '网格员小陈', password: BENCH_PASSWORD, role: 'grid_worker', unitId: community.id });
    assert.equal(created.status, 201, JSON.stringify(created.body));

    const g = await as(USER);
    await g.page.setViewportSize({ width: 390, height: 844 });
    await g.ctx.grantPermissions(['geolocation']);
    await g.ctx.setGeolocation({ latitude: 26.0789, longitude: 119.2965 });
    await g.page.getByTestId('grid-page').waitFor(); // the grid worker lands on the workbench
    await g.page.getByTestId('grid-title').fill('井盖缺失，夜间行人易踩空');
    await g.page.getByTestId('grid-description').fill('东街口人行道井盖缺失约半米见方。');
    await pick(g.page, 'grid-category', '城市公共设施', '城乡建设');
    await g.page.getByTestId('grid-address').fill('东街口人行道');
    await g.page.getByTestId('grid-gps').click();
    await g.page.getByTestId('grid-gps-value').waitFor();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'minhu-grid-')), 'well.png');
    fs.writeFileSync(file, PNG);
    await g.page.getByTestId('grid-photo').setInputFiles(file);
    await g.page.getByTestId('grid-photo-name').waitFor();
    await shot(g.page, 'grid-report-390');
    await g.page.getByTestId('grid-submit').click();
    const row = g.page.locator('[data-testid^="grid-log-"]').first();
    await row.waitFor();
    assert.match(await row.innerText(), /井盖缺失/);
    assert.match(await row.innerText(), /照片 1/);
    await g.page.locator('[data-testid="grid-stat-reports"]', { hasText: '1' }).waitFor();
    // Nothing overflows the phone's width.
    const width = await g.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 390, `the page is ${width}px wide on a 390px screen`);
    await shot(g.page, 'grid-log-390');

    const number = (await row.getAttribute('data-testid'))!.replace('grid-log-', '');
    const found = (await api(admin.page, `/orders?q=${number}`)).body.items[0];
    const o = (await api(admin.page, `/orders/${found.id}`)).body;
    assert.equal(o.channel, 'grid');
    assert.deepEqual(o.location, { lat: 26.0789, lng: 119.2965 });
    assert.equal(o.attachments.length, 1);
    assert.ok(o.categoryId);
    assert.equal(o.jurisdictionUnitId, (await unitByCode(admin.page, STREET)).id);

    // Self-handling 自行处置: a small issue with a before photo, handled with an after photo, verified by a mate of the grid.
    await g.page.getByTestId('grid-self-title').fill('楼道杂物堆放');
    await g.page.getByTestId('grid-self-address').fill('军门社区 3 号楼');
    await g.page.getByTestId('grid-self-before').setInputFiles(file);
    await g.page.getByTestId('grid-self-before-name').waitFor();
    await g.page.getByTestId('grid-self-submit').click();
    const issue = g.page.locator('[data-testid^="grid-issue-"][data-testid$="-status"]', { hasText: '处置中' }).first();
    await issue.waitFor();
    const id = (await issue.getAttribute('data-testid'))!.replace('grid-issue-', '').replace('-status', '');
    await g.page.getByTestId(`grid-issue-${id}-after`).setInputFiles(file);
    await g.page.getByTestId(`grid-issue-${id}-note`).fill('已清理完毕');
    await g.page.getByTestId(`grid-issue-${id}-handle`).click();
    await g.page.locator(`[data-testid="grid-issue-${id}-status"]`, { hasText: '待核验' }).waitFor();
    // The worker who handled it has no verify button.
    assert.equal(await g.page.getByTestId(`grid-issue-${id}-verify`).count(), 0);
    const widthSelf = await g.page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(widthSelf <= 390, `the page is ${widthSelf}px wide on a 390px screen`);
    await shot(g.page, 'grid-selfhandle-390');

    const mateCreated = await api(admin.page, '/users', 'POST', { username: MATE, displayName: '网格员小林', password: BENCH_PASSWORD, role: 'grid_worker', unitId: community.id });
    assert.equal(mateCreated.status, 201, JSON.stringify(mateCreated.body));
    const m = await as(MATE);
    await m.page.setViewportSize({ width: 390, height: 844 });
    await m.page.getByTestId('grid-page').waitFor();
    await m.page.getByTestId(`grid-issue-${id}-verify`).click();
    await m.page.locator(`[data-testid="grid-issue-${id}-status"]`, { hasText: '已核验办结' }).waitFor();
    const done = (await api(admin.page, `/grid/issues/${id}`)).body;
    assert.equal(done.status, 'closed');
    assert.equal(done.verifierName, '网格员小林');
    assert.deepEqual(done.photos.map((p: { stage: string }) => p.stage).sort(), ['after', 'before']);
  });
});
