import { expect, shot, test, unique } from '../fixtures';

test('an administrator creates a user, sees the server refuse a bad e-mail on its field, then edits roles', async ({
  adminPage: page,
}) => {
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Settings' })
    .click();
  await page.getByRole('tab', { name: 'Users' }).click();
  await expect(page).toHaveURL(/\/settings\/users$/);
  await expect(page.getByRole('table', { name: 'Users' })).toBeVisible();
  await shot(page, '10-settings-users');

  const name = unique('Sara Sales');
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByLabel('Password').fill('short');
  // The browser's own e-mail check would stop the submit; the server's answer is what we test.
  await dialog.locator('form').evaluate((f) => f.setAttribute('novalidate', ''));
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog.getByText('must be a valid e-mail address')).toBeVisible();
  await expect(dialog.getByText('must have at least 10 characters')).toBeVisible();
  await shot(page, '11-settings-user-errors');

  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@e2e.test`;
  await dialog.getByLabel('Email').fill(email);
  await dialog.getByLabel('Password').fill('a-long-enough-password');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Sales');

  await row.click();
  const edit = page.getByRole('dialog', { name: `Edit ${name}` });
  await edit.getByRole('textbox', { name: 'Roles' }).fill('Manager');
  await page.getByRole('option', { name: /Manager/ }).click();
  await edit.getByRole('heading').click(); // closes the list of options
  await edit.getByRole('button', { name: 'Save' }).click();
  await expect(edit).toBeHidden();
  await expect(row).toContainText('Manager');
});

test('an administrator creates a unit with members and a collaborating unit', async ({
  adminPage: page,
  adminApi,
}) => {
  const member = await adminApi.createUser(['crm_sales'], unique('Unit Member'));
  const partnerUnit = await adminApi.post<{ id: string; name: string }>('/units', { name: unique('North') });
  await page.goto('/settings/units');
  await page.getByRole('button', { name: 'New unit' }).click();
  const dialog = page.getByRole('dialog', { name: 'New unit' });
  const name = unique('South');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('textbox', { name: 'Members' }).fill(member.name);
  await page.getByRole('option', { name: member.name }).click();
  await dialog.getByRole('textbox', { name: 'Collaborating units' }).fill(partnerUnit.name);
  await page.getByRole('option', { name: partnerUnit.name }).click();
  // Back to the first field: the open list of units no longer covers the dialog's buttons.
  await dialog.getByLabel('Name').click();
  await dialog.getByRole('button', { name: 'Create unit' }).click();
  await expect(dialog).toBeHidden();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('1 member');
  await expect(row).toContainText(partnerUnit.name);
  await shot(page, '12-settings-units');
});

test('an administrator creates an API token, sees it once, and revokes it', async ({ adminPage: page }) => {
  await page.goto('/settings/api-tokens');
  await page.getByRole('button', { name: 'New API token' }).click();
  const dialog = page.getByRole('dialog', { name: 'New API token' });
  const name = unique('Website');
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const token = dialog.getByLabel('New API token');
  await expect(token).toBeVisible();
  const value = (await token.textContent())?.trim() ?? '';
  expect(value.length).toBeGreaterThan(20);
  await expect(dialog.getByRole('button', { name: 'Copy token' })).toBeVisible();
  await shot(page, '13-settings-token-created');

  // The token works for the API.
  const res = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${value}` } });
  expect(res.status()).toBe(200);

  await dialog.getByRole('button', { name: 'Done' }).click();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Active');
  await row.getByRole('button', { name: `Revoke ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  const after = await page.request.get('/api/v1/me', { headers: { authorization: `Bearer ${value}` } });
  expect(after.status()).toBe(401);
});
