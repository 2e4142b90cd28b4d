import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectAccessible } from '../axe';
import { createLead, expect, leadRefs, test, unique } from '../fixtures';

const SHOTS = '/tmp/shots/intake2';
mkdirSync(SHOTS, { recursive: true });

/** Collects the page's console errors; each test ends with none. */
function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/** Screenshots at 1440 and 390 px wide; at 390 the page must not scroll sideways. */
async function walk(page: Page, name: string) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.waitForTimeout(250);
  await page.screenshot({ path: `${SHOTS}/${name}-1440.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(250);
  expect(await page.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
  await page.screenshot({ path: `${SHOTS}/${name}-390.png`, fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Screenshots, and an accessibility audit, at 1440 and at 390 px wide. */
async function walkAudited(page: Page, name: string) {
  await walk(page, name);
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.waitForTimeout(250);
    await expectAccessible(page, `${name} at ${width} px`);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('an XLSX import goes through the wizard: its first rows previewed with row errors, then the progress bar', async ({
  adminPage: page,
  adminApi,
}) => {
  // Eight audits and an import: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const { source, direction } = await leadRefs(adminApi);
  const tag = unique('xlsx').replace(/\W+/g, '');
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Leads');
  sheet.addRow(['Lead name', 'First name', 'Surname', 'E-mail', 'Probability', 'Expected completion']);
  for (let i = 0; i < 30; i++) {
    if (i === 5) sheet.addRow([]);
    sheet.addRow([
      `Workbook ${tag} ${i}`,
      `Ann${i}`,
      `Row${tag}`,
      `${tag}.${i}@xlsx.test`,
      i === 2 ? 'abc' : 10 + i,
      new Date(Date.UTC(2027, 0, 1 + i)),
    ]);
    sheet.getCell(`F${sheet.rowCount}`).numFmt = 'dd.mm.yyyy';
  }
  wb.addWorksheet('Notes').addRow(['Not imported']);
  const buffer = Buffer.from(await wb.xlsx.writeBuffer());

  await page.goto('/imports/new');
  await page.locator('input[type=file]').setInputFiles({
    name: `${tag}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  const first = page.getByRole('table', { name: 'First rows' });
  await expect(first).toContainText(`Workbook ${tag} 0`);
  await expect(first).toContainText('2027-01-01');
  await expect(page.getByText('6 columns; the first 20 rows:')).toBeVisible();
  await walkAudited(page, '06-xlsx-file');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('textbox', { name: 'Lead field for E-mail' })).toHaveValue('Emails');
  const checked = page.getByRole('table', { name: 'First rows checked' });
  await expect(checked).toContainText('Probability: "abc" is not a whole number');
  // The sheet's own row numbers: the header is row 1, a blank row is left out.
  await expect(
    checked
      .getByRole('row', { name: new RegExp(`Workbook ${tag} 5 `) })
      .getByRole('cell')
      .first(),
  ).toHaveText('8');
  await expect(page.getByText('1 of the first rows would be rejected')).toBeVisible();
  await walkAudited(page, '07-xlsx-mapping');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('textbox', { name: 'Lead source' }).click();
  await page.getByRole('option', { name: source.name, exact: true }).click();
  await page.getByRole('textbox', { name: 'Sales direction' }).click();
  await page.getByRole('option', { name: direction.name, exact: true }).click();
  await walkAudited(page, '08-xlsx-options');
  await page.getByRole('button', { name: 'Start import' }).click();

  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('import-progress')).toContainText('30 of 30 rows');
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute(
    'aria-valuenow',
    '100',
  );
  await walkAudited(page, '09-xlsx-done');
  expect(errors).toEqual([]);
});

test('an import goes through the wizard: preview with row errors, suggested mapping, defaults, progress, report', async ({
  adminPage: page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const { source, direction } = await leadRefs(adminApi);
  const tag = unique('imp').replace(/\W+/g, '');
  const rows = Array.from({ length: 40 }, (_, i) => {
    const probability = i === 2 ? 'abc' : String(10 + i);
    return `Imported ${tag} ${i};Ann${i};Row${tag};${tag}.${i}@import.test;${probability}`;
  });
  const csv = ['Lead name;First name;Surname;E-mail;Probability', ...rows].join('\n');

  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Imports' })
    .click();
  await expect(page).toHaveURL(/\/imports$/);
  await page.getByRole('link', { name: 'New import' }).click();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: `${tag}.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.getByRole('table', { name: 'First rows' })).toContainText(`Imported ${tag} 0`);
  await walk(page, '01-import-file');
  await page.getByRole('button', { name: 'Next' }).click();

  // Fields suggested from the headers, in either language's words.
  await expect(page.getByRole('textbox', { name: 'Lead field for E-mail' })).toHaveValue('Emails');
  await expect(page.getByRole('textbox', { name: 'Lead field for Surname' })).toHaveValue('Last name');
  await expect(page.getByRole('textbox', { name: 'Lead field for Probability' })).toHaveValue(
    'Probability to win',
  );
  await expect(page.getByRole('textbox', { name: 'Lead field for Lead name' })).toHaveValue('Name');
  const checked = page.getByRole('table', { name: 'First rows checked' });
  await expect(checked).toContainText('Probability: "abc" is not a whole number');
  await expect(page.getByText('1 of the first rows would be rejected')).toBeVisible();
  await walk(page, '02-import-mapping');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('textbox', { name: 'Lead source' }).click();
  await page.getByRole('option', { name: source.name, exact: true }).click();
  await page.getByRole('textbox', { name: 'Sales direction' }).click();
  await page.getByRole('option', { name: direction.name, exact: true }).click();
  await page.getByLabel('Update the matching lead').check();
  await walk(page, '03-import-options');
  await page.getByRole('button', { name: 'Start import' }).click();

  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(page.getByTestId('import-progress')).toContainText('rows');
  await expect(page.getByText('Done', { exact: true })).toBeVisible({ timeout: 45_000 });
  await expect(page.getByTestId('import-progress')).toContainText('40 of 40 rows');
  await expect(page.getByTestId('import-progress')).toContainText('rows/s');
  await walk(page, '04-import-done');
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download rejected rows (CSV)' }).click();
  const rejects = readFileSync(await (await download).path(), 'utf8');
  expect(rejects).toContain('line,column,reason');
  expect(rejects).toContain('4,Probability,');

  // The list of past imports shows it; the same headers next time come back as mapped.
  await page.getByRole('link', { name: 'All imports' }).click();
  const row = page.getByRole('row', { name: new RegExp(`${tag}\\.csv`) });
  await expect(row).toContainText('39');
  await expect(row).toContainText('Rejected rows');
  await walk(page, '05-imports-list');
  await page.getByRole('link', { name: 'New import' }).click();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: `again.csv`, mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('mapped as you mapped a file with the same columns')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Lead field for Lead name' })).toHaveValue('Name');
  expect(errors).toEqual([]);
});

test('an administrator designs a web form, opens it at its address and a visitor submits it', async ({
  adminPage: page,
  adminApi,
  browser,
}) => {
  const errors = watchConsole(page);
  const name = unique('Contact us');
  const { direction } = await leadRefs(adminApi);
  await page.goto('/settings/web-forms');
  await page.getByRole('link', { name: 'New web form' }).click();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Sales direction' }).click();
  await page.getByRole('option', { name: direction.name, exact: true }).click();
  await page.getByRole('button', { name: 'Remove Phones' }).click();
  await page.getByLabel('Label of Emails').fill('Your work e-mail');
  await page.getByRole('textbox', { name: 'Add a field' }).click();
  await page.getByRole('option', { name: 'Job title' }).click();
  await page.getByLabel('Consent text').fill('I agree to be contacted about my request.');
  await page.getByLabel('Thank-you text').fill('Thanks, we will call you.');
  const preview = page.getByTestId('form-preview');
  await expect(preview).toContainText('Your work e-mail');
  await expect(preview).toContainText('I agree to be contacted');
  await expect(preview).not.toContainText('Phone');
  await page.getByRole('button', { name: 'Create web form' }).click();
  await expect(page).toHaveURL(/\/settings\/web-forms\/[0-9a-f-]{36}$/);
  const url = await page.getByTestId('hosted-url').textContent();
  expect(url).toMatch(/\/forms\/contact-us-/);
  await expect(page.getByText('<iframe src=')).toBeVisible();
  await walk(page, '06-form-designer');
  await page.goto('/settings/web-forms');
  await expect(page.getByRole('row', { name: new RegExp(name) })).toBeVisible();
  await walk(page, '07-forms-list');

  // A visitor, in a browser of their own, fills the hosted page; the widget proves the work.
  const visitor = await browser.newPage();
  const visitorErrors = watchConsole(visitor);
  await visitor.goto(url!);
  await visitor.getByLabel('First name').fill('Vera');
  await visitor.getByLabel('Last name').fill(unique('Visitor'));
  await visitor.getByLabel('Your work e-mail').fill('vera@visitor.test');
  await visitor.getByLabel('Job title').fill('Buyer');
  await visitor.getByLabel('I agree to be contacted about my request.').check();
  await expect(visitor.locator('altcha-widget input[name="altcha"]')).toHaveValue(/.{40,}/, {
    timeout: 30_000,
  });
  await visitor.waitForTimeout(3100); // a person takes a few seconds; the time trap says so
  await visitor.screenshot({ path: `${SHOTS}/08-hosted-form.png`, fullPage: true });
  await visitor.getByRole('button', { name: 'Send' }).click();
  await expect(visitor.getByRole('status')).toHaveText('Thanks, we will call you.');
  expect(visitorErrors).toEqual([]);
  await visitor.close();

  await page.goto('/leads?view=all');
  await expect(page.getByText(`${name}: Vera`).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('an administrator sees the intake needing attention and fixes a refused submission', async ({
  adminPage: page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const { direction } = await leadRefs(adminApi);
  const form = await adminApi.post<{ slug: string }>('/web-forms', {
    salesDirectionId: direction.id,
    name: unique('Callback'),
    slug: unique('callback').toLowerCase().replace(/\W+/g, '-'),
    fields: [{ key: 'lastName' }, { key: 'emails' }],
  });
  const last = unique('Nofirst');
  // No first name: a new contact needs one, so the lead rules refuse it; the submission waits.
  const res = await page.request.post(`/forms/${form.slug}`, {
    data: { lastName: last, emails: 'nofirst@visitor.test' },
  });
  expect(res.status()).toBe(201);
  await page.goto('/settings/intake');
  const row = page.getByRole('row', { name: new RegExp(last) });
  await expect(row).toContainText('Refused');
  await walk(page, '09-intake');
  await row.click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('First name').fill('Nora');
  await walk(page, '10-intake-fix');
  await dialog.getByRole('button', { name: 'Save and retry' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Nothing needs your attention').or(page.getByRole('table'))).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(last) })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('the lead list exports what it shows, and the bulk bar exports the selection', async ({
  adminPage: page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  await createLead(adminApi);
  await createLead(adminApi);
  await page.goto('/leads?view=all');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'CSV (spreadsheet-safe)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await file.path(), 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.split('\r\n')[0]).toContain('Number');
  expect(file.url()).toContain('view=all');
  await walk(page, '11-lead-list-export');

  await page
    .getByRole('checkbox', { name: /select/i })
    .nth(1)
    .check();
  await page.getByRole('button', { name: 'Export selected' }).click();
  const selected = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'Excel workbook (.xlsx)' }).click();
  const xlsx = await selected;
  expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
  expect(xlsx.url()).toMatch(/ids=[0-9a-f-]{36}/);
  expect(
    readFileSync(await xlsx.path())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');
  expect(errors).toEqual([]);
});
