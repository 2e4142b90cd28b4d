import { expect, shot, test, unique } from '../fixtures';

test('an administrator adds a status and moves it up the pipeline by drag and drop', async ({
  adminPage: page,
  adminApi,
}) => {
  await page.goto('/settings/statuses');
  const list = page.getByRole('list', { name: 'Statuses' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const name = unique('Negotiation');
  await page.getByRole('button', { name: 'New status' }).click();
  const dialog = page.getByRole('dialog', { name: 'New status' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('textbox', { name: 'Phase' }).click();
  await page.getByRole('option', { name: 'In progress' }).click();
  await dialog.getByRole('button', { name: 'Add status' }).click();
  await expect(dialog).toBeHidden();
  const row = list.getByRole('listitem', { name });
  await expect(row).toBeVisible();
  await shot(page, '40-statuses');

  type S = { id: string; name: string; position: number; phase: string };
  const before = (await adminApi.get<{ items: S[] }>('/lead-statuses')).items;
  const index = before.findIndex((s) => s.name === name);
  // A new in-progress status comes after the last open one, before the closed statuses.
  const open = before.filter((s) => s.phase === 'new' || s.phase === 'in_progress');
  expect(index).toBe(open.length - 1);
  expect(before.slice(index + 1).every((s) => s.phase !== 'new' && s.phase !== 'in_progress')).toBe(true);

  // Keyboard drag and drop: Space picks the row up, arrows move it, Space drops it.
  const handle = row.getByRole('button', { name: `Reorder ${name}` });
  await handle.focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(150);
    await page.keyboard.press('ArrowUp');
  }
  await page.waitForTimeout(150);
  await page.keyboard.press('Space');
  await expect(page.getByText('Order saved')).toBeVisible();
  await expect
    .poll(async () =>
      (await adminApi.get<{ items: S[] }>('/lead-statuses')).items.findIndex((s) => s.name === name),
    )
    .toBe(index - 3);
  await expect(list.getByRole('listitem').nth(index - 3)).toHaveAccessibleName(name);
});
