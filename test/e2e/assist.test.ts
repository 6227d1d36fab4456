// The assistant in the dispatch dialog: for a water outage the suggestions propose the water company,
// and one click fills in the main handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E } from './_support';

const w = useE2E();
const { sessions, as } = w;

test('dispatch dialog shows live suggestions; clicking the suggested unit sets the main handler', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const disp = await as('dispatcher');
  await withDiagnostics(w.e2e, sessions, 'assist', async () => {
    const created = await api(disp.page, '/orders', 'POST', {
      channel: 'phone', type: 'help', title: '小区停水一整天', description: '从早上开始停水，水龙头一滴水都没有，物业也说不清原因。',
      address: '鼓楼区五四路', requester: { name: '吴先生', phone: '13900002222' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const water = await unitByCode(disp.page, 'E3501-WATER');
    await disp.page.reload();
    await disp.page.getByTestId(`dispatch-open-${created.body.number}`).first().click();
    await disp.page.getByTestId('dispatch-dialog').waitFor();
    const unitTag = disp.page.getByTestId(`assist-unit-${water.id}`);
    await unitTag.waitFor({ timeout: 20_000 });
    await unitTag.click();
    await shot(disp.page, 'dispatch-suggestions');
    const main = await disp.page.getByTestId('dispatch-main-unit').textContent();
    assert.match(main ?? '', /水务/, `main unit field shows the water company, got: ${main}`);
  });
});

test('intake offers the standard address (地址标准化); one click puts it in the field', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const op = await as('operator');
  await withDiagnostics(w.e2e, sessions, 'address', async () => {
    await op.page.getByTestId('nav-intake').click();
    await op.page.getByTestId('intake-form').waitFor();
    await op.page.getByTestId('intake-address').fill('东街 军门社区 杨桥中路２９４号金山花园3号楼');
    const hint = op.page.getByTestId('intake-address-standard');
    await hint.waitFor({ timeout: 20_000 });
    assert.match((await hint.textContent()) ?? '', /东街街道军门社区杨桥中路294号金山花园3号楼/);
    await shot(op.page, 'intake-address-standard');
    await op.page.getByTestId('intake-address-accept').click();
    assert.equal(await op.page.getByTestId('intake-address').inputValue(), '鼓楼区东街街道军门社区杨桥中路294号金山花园3号楼');
    await hint.waitFor({ state: 'detached' });
  });
});
