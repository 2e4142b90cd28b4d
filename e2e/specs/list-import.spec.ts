import { expectAccessible } from '../axe';
import { expect, shot, test, unique } from '../fixtures';

for (const width of [1440, 390])
  test(`an administrator imports a list's values from a CSV at ${width} px`, async ({ adminPage: page }) => {
    await page.setViewportSize({ width, height: 900 });
    const name = unique('Imported fair');
    await page.goto('/settings/lists');
    await page
      .getByRole('navigation', { name: 'Lists of values' })
      .getByRole('button', { name: 'Lost reasons' })
      .click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await (
      await chooser
    ).setFiles({
      name: 'reasons.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`name;code;position\n${name};;4\n;NONAME;\n`),
    });
    await expect(page.getByText('Imported: 1 new, 0 updated').first()).toBeVisible();
    await expect(page.getByText('1 row refused:')).toBeVisible();
    await expect(page.getByText(/^Line 3:/)).toBeVisible();
    await expect(page.getByRole('table', { name: 'Lost reasons' }).getByText(name)).toBeVisible();
    await shot(page, `list-import-${width}`);
    await expectAccessible(page, `list import report at ${width} px`);
  });
