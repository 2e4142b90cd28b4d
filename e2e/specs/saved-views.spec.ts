import { expect, signInPage, test, unique } from '../fixtures';

test('a sales user saves the current list view under a name, applies it later and deletes it', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Views Sales'));
  const name = unique('Open pipeline');
  await signInPage(page, sales.email, sales.password, '/leads?view=open&phase=new');
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('menuitem', { name: 'Save current view…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save current view' });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(name);
  await dialog.getByRole('checkbox', { name: /Shared/ }).check();
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText(`View "${name}" saved`)).toBeVisible();

  await page.getByRole('tab', { name: /My leads/ }).click();
  await expect(page).toHaveURL(/view=my/);
  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('menuitem', { name: new RegExp(name) }).click();
  await expect(page).toHaveURL(/view=open/);
  await expect(page).toHaveURL(/phase=new/);

  await page.getByRole('button', { name: 'Saved views' }).click();
  await page.getByRole('button', { name: `Delete ${name}` }).click();
  await page.reload();
  await page.getByRole('button', { name: 'Saved views' }).click();
  await expect(page.getByRole('menuitem', { name: 'Save current view…' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: new RegExp(name) })).toHaveCount(0);
});
