// 考核: a street's handler asks to exempt a closed order (免考核) on the order page, the supervisor approves it
// from the exemption queue of the 考核 page, opens a unit's scorecard from the ranking and publishes the month;
// then records a 约谈 of a last-ranked unit and looks at the 关键小事 rankings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, choose, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E, leafByName } from './_support';

const STREET = { code: '350102007', name: '华大街道' };
const w = useE2E();
const { sessions, as } = w;

test('exemption request → supervisor approves in the queue → scorecard → publish', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  await withDiagnostics(w.e2e, sessions, 'assessment', async () => {
    const op = await as('operator');
    const created = await api(op.page, '/orders', 'POST', { channel: 'phone', type: 'complaint', title: '要求拆除邻居合法阳台', description: '要求拆除。', address: '鼓楼区华大', requester: { name: '赵先生', phone: '13900002222' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, number } = created.body as { id: number; number: string };
    const disp = await as('dispatcher');
    const unit = await unitByCode(disp.page, STREET.code);
    let o = (await api(disp.page, `/orders/${id}/dispatch`, 'POST', { version: created.body.version, mainUnitId: unit.id, tier: 3, categoryId: await leafByName(disp.page) })).body;
    const h = await as(`handler.${STREET.code}`);
    for (const [a, b] of [['sign', {}], ['contact', { note: '已联系' }], ['reply', { result: '已解释', replyToRequester: '已解释政策' }]] as const) {
      const r = await api(h.page, `/orders/${id}/${a}`, 'POST', { version: o.version, ...b });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      o = r.body;
    }
    const cb = await as('callback');
    const closed = await api(cb.page, `/orders/${id}/callback`, 'POST', { version: o.version, outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' });
    assert.equal(closed.status, 200, JSON.stringify(closed.body));

    // 1. The handler asks for the exemption on the order page.
    await h.page.goto(`${w.e2e.url}/#/orders/${id}`);
    await h.page.getByTestId('action-exemption').click();
    await h.page.getByTestId('action-dialog-exemption').waitFor();
    await choose(h.page, 'action-field-reason', '不合理诉求');
    await h.page.getByTestId('action-field-note').fill('诉求不合理：要求拆除合法建筑。');
    await h.page.getByTestId('action-submit').click();
    await h.page.getByTestId('action-dialog-exemption').waitFor({ state: 'detached' });
    await h.page.getByTestId('action-exemption').waitFor({ state: 'detached' });

    // 2. The supervisor approves it in the queue.
    const sup = await as('supervisor');
    await sup.page.getByTestId('nav-assessment').click();
    await sup.page.getByTestId('assessment-page').waitFor();
    await sup.page.getByTestId('assessment-tab-exemptions').click();
    await sup.page.getByTestId(`exemption-row-${number}`).waitFor();
    await shot(sup.page, 'assessment-exemptions');
    await sup.page.getByTestId(`exemption-approve-${number}`).click();
    await sup.page.getByTestId('action-dialog-exemption-approve').waitFor();
    await sup.page.getByTestId('action-field-note').fill('同意免考核');
    await sup.page.getByTestId('action-submit').click();
    await sup.page.getByTestId(`exemption-row-${number}`).waitFor({ state: 'detached' });
    const ev = (await api(sup.page, `/orders/${id}`)).body.events.map((e: { type: string }) => e.type);
    assert.ok(ev.includes('exemption_approved'), ev.join(','));

    // 3. The ranking of last month (demo history, live): drill down to a unit's scorecard.
    await sup.page.getByTestId('assessment-tabs').getByRole('tab').first().click();
    await sup.page.getByTestId('ranking-street').waitFor();
    await sup.page.getByTestId('ranking-live').waitFor();
    const first = sup.page.locator('[data-testid^="ranking-unit-"]').first();
    await first.click();
    await sup.page.locator('[data-testid^="scorecard-"]').waitFor();
    await sup.page.getByTestId('assessment-trend').first().waitFor();
    await shot(sup.page, 'assessment-scorecard');
    await sup.page.keyboard.press('Escape');

    // 4. Publish the month: the ranking says so, and the API agrees.
    await sup.page.getByTestId('assessment-publish').click();
    await sup.page.getByTestId('assessment-publish-confirm').click();
    // A click that lands while the confirm dialog is still zooming in can be lost on a loaded machine (seen once on
    // PostgreSQL): if the dialog is still open after a while, confirm again.
    const published = await sup.page.getByTestId('ranking-published').waitFor({ timeout: 10_000 }).then(() => true, () => false);
    if (!published && (await sup.page.getByTestId('assessment-publish-confirm').isVisible())) await sup.page.getByTestId('assessment-publish-confirm').click();
    await sup.page.getByTestId('ranking-published').waitFor();
    await sup.page.getByTestId('assessment-republish').waitFor();
    await shot(sup.page, 'assessment-published');
    const month = await sup.page.evaluate(() => {
      const el = document.querySelector('[data-testid="assessment-month"]');
      return ((el?.tagName === 'INPUT' ? el : el?.querySelector('input')) as HTMLInputElement).value;
    });
    const r = await api(sup.page, `/assessment/rankings?month=${month}&unitType=street`);
    assert.equal(r.status, 200);
    assert.equal(r.body.published, true);
    assert.equal(r.body.version, 1);

    // 5. 约谈: the month's list names the last-ranked units; record an interview of one of them.
    await sup.page.getByTestId('assessment-tab-interviews').click();
    await sup.page.getByTestId('interview-candidates').waitFor();
    const rec = sup.page.locator('[data-testid^="interview-record-"]').first();
    const unitId = Number((await rec.getAttribute('data-testid'))!.replace('interview-record-', ''));
    await rec.click();
    const held = sup.page.getByTestId('interview-held-on');
    await held.click();
    await (held.locator('input').or(sup.page.locator('input[data-testid="interview-held-on"]'))).first().fill(`${month}-28`);
    await sup.page.keyboard.press('Enter');
    await sup.page.getByTestId('interview-interviewer').fill('区接诉即办专班');
    await sup.page.getByTestId('interview-commitments').fill('一周内逐件回访未解决诉求');
    await sup.page.getByTestId('interview-submit').click();
    await sup.page.getByTestId(`interview-status-${unitId}`).waitFor();
    const list = await api(sup.page, `/assessment/months/${month}/interviews`);
    const saved = list.body.records.find((x: { unitId: number }) => x.unitId === unitId);
    assert.equal(saved?.heldOn, `${month}-28`, JSON.stringify(list.body.records));
    assert.equal(saved.commitments, '一周内逐件回访未解决诉求');
    await shot(sup.page, 'assessment-interviews');

    // 6. 关键小事: the demo's key matters, each ranked on its own categories.
    await sup.page.getByTestId('assessment-tab-key-matters').click();
    await sup.page.getByTestId('key-matters-panel').waitFor();
    await sup.page.locator('[data-testid^="ranking-street-km-"]').waitFor();
    await shot(sup.page, 'assessment-key-matters');
  });
});
