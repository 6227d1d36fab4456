// 用户与角色 in the console: an admin searches a user, changes the role by typing 网格员 + Enter, disables and
// re-enables them and resets the password; the user then signs in with the temporary password and must set a
// new one before the console opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { api, confirmUntil, expectText, settle, shot, skipReason, unitByCode, withDiagnostics, TEST_TIMEOUT, useE2E } from './_support';

const USER = 'e2e.probe';
const w = useE2E();
const { sessions, as } = w;

test('admin: search, edit role by its Chinese name, disable/enable, reset password; the user must then set a new one', { skip: skipReason, timeout: TEST_TIMEOUT }, async () => {
  const admin = await as('admin');
  await withDiagnostics(w.e2e, sessions, 'users', async () => {
    const page = admin.page;
    const community = await unitByCode(page, '350102004001');
    const created = await api(page, '/users', 'POST', { username: USER, displayName: '探针用户', password: 'probe-pw-12345', role: 'handler', unitId: community.id });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.match(await page.getByTestId('demo-banner').innerText(), /系统管理 → 用户与角色/);

    await page.goto(`${w.e2e.url}/#/admin`);
    await page.getByTestId('tab-users').click();
    await page.getByTestId('users-table').waitFor();
    const search = page.getByTestId('users-search').locator('input');
    await search.fill('探针');
    await search.press('Enter');
    const row = page.getByTestId(`user-row-${USER}`);
    await row.waitFor();
    await settle(page);
    assert.equal(await page.locator('[data-testid^="user-row-"]').count(), 1, 'the search shows only the probe');

    // Edit: type 网格员 into the role picker and press Enter.
    await page.getByTestId(`user-edit-${USER}`).click();
    await page.getByTestId('user-edit-dialog').waitFor();
    await page.getByTestId('user-edit-role').click();
    await page.keyboard.type('网格员');
    await page.keyboard.press('Enter');
    await expectText(page.getByTestId('user-edit-role'), /网格员/);
    await page.getByTestId('user-edit-submit').click();
    await page.locator(`[data-testid="user-row-${USER}"][data-role="grid_worker"]`).waitFor();
    const edited = (await api(page, `/users?q=${USER}`)).body.items[0];
    assert.equal(edited.role, 'grid_worker');

    // Disable, then enable again.
    await page.getByTestId(`user-toggle-${USER}`).click();
    await confirmUntil(page, 'user-toggle-confirm', page.locator(`[data-testid="user-row-${USER}"][data-disabled="true"]`));
    assert.equal((await api(page, `/users?q=${USER}`)).body.items[0].disabled, true);
    await shot(page, 'users-disabled');
    await page.getByTestId(`user-toggle-${USER}`).click();
    await confirmUntil(page, 'user-toggle-confirm', page.locator(`[data-testid="user-row-${USER}"][data-disabled="false"]`));

    // Reset the password: the temporary password is shown once.
    await page.getByTestId(`user-reset-${USER}`).click();
    const value = page.getByTestId('user-temp-password-value');
    await confirmUntil(page, 'user-reset-confirm', value);
    const temporary = (await value.innerText()).trim();
    assert.match(temporary, /^[A-Za-z2-9]{12}$/);
    await shot(page, 'users-temporary-password');

    // The user signs in with it and must choose a new password first.
    const s = await w.e2e.open();
    sessions.push(s);
    await s.page.getByTestId('signin-username').fill(USER);
    await s.page.getByTestId('signin-password').fill(temporary);
    await s.page.getByTestId('signin-submit').click();
    await s.page.getByTestId('password-change').waitFor();
    assert.equal((await api(s.page, '/orders')).body.code, 'password_change_required');
    await s.page.getByTestId('password-new').fill('my-new-password-1');
    await s.page.getByTestId('password-confirm').fill('my-new-password-1');
    await s.page.getByTestId('password-submit').click();
    await expectText(s.page.getByTestId('me'), /探针用户 · 网格员/);
    for (const x of sessions) assert.deepEqual(x.pageErrors, [], `uncaught errors in ${x.user}'s page`);
  });
});
