import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { createLead, expect, signInPage, test, unique } from '../fixtures';
import { ADMIN } from '../constants';

const shotsDir = process.env.IDENTITY_SHOTS;
async function look(page: Page, name: string) {
  if (shotsDir) await page.screenshot({ path: `${shotsDir}/${name}.png`, fullPage: true });
}

/** Console errors of the page while `work` runs: none expected. */
function consoleErrors(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    // The browser asks for /favicon.ico on its own; the web interface has none.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
      errors.push(`${m.text()} ${m.location().url}`);
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

test('an administrator writes a scoring rule, tries it on a lead, and its reason shows on the lead', async ({
  page,
  adminApi,
}) => {
  const errors = consoleErrors(page);
  const ruleName = unique('Key account');
  const lead = await createLead(adminApi, { keyAccount: true, name: unique('Scored deal') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, '/settings/scoring-rules');
  await page.getByRole('button', { name: 'New scoring rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(ruleName);
  await dialog.getByLabel('Points').fill('20');
  await dialog.getByLabel('Condition (JSON Logic)').fill('{"==": [{"var": "lead.keyAccount"}, true]}');
  await dialog.getByLabel('Try on a lead').fill(lead.number);
  await dialog.getByRole('button', { name: 'Try', exact: true }).click();
  await expect(dialog.getByTestId('rule-preview')).toContainText('the rule holds: +20 points');
  await look(page, 'scoring-rule-editor-1440');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: new RegExp(ruleName) })).toBeVisible();
  await look(page, 'scoring-rules-1440');

  // The rules changed: open leads are re-scored by a job; a lead saved now is scored at once.
  await expect
    .poll(async () => (await adminApi.get<{ computedScore: number }>(`/leads/${lead.id}`)).computedScore, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(20);
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByTestId('score-reasons')).toContainText(`+20 ${ruleName}`);
  await look(page, 'lead-score-reasons-1440');

  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ['/settings/scoring-rules', '/settings/assignment-rules', '/leads/new']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await look(page, `${path.replace(/\W+/g, '-').replace(/^-/, '')}-390`);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  }
  // The lead page is as wide with its score reasons as the same page of a lead without any.
  const plain = await createLead(adminApi, { name: unique('Plain deal') });
  const widthOf = async (id: string) => {
    await page.goto(`/leads/${id}`);
    await page.waitForLoadState('networkidle');
    return page.evaluate('document.documentElement.scrollWidth');
  };
  expect(await widthOf(lead.id)).toBeLessThanOrEqual((await widthOf(plain.id)) as number);
  await look(page, 'lead-score-reasons-390');
  await adminApi.delete(
    `/scoring-rules/${(await adminApi.get<{ items: { id: string; name: string }[] }>('/scoring-rules')).items.find((r) => r.name === ruleName)!.id}`,
  );
  expect(errors).toEqual([]);
});

test('an administrator routes new leads round-robin and the lead timeline names the rule', async ({
  page,
  adminApi,
}) => {
  const errors = consoleErrors(page);
  const a = await adminApi.createUser(['crm_sales'], unique('Rita Robin'));
  const unit = await adminApi.post<{ id: string; name: string }>('/units', {
    name: unique('Inbound'),
    memberIds: [a.id],
  });
  const ruleName = unique('Inbound round-robin');
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, '/settings/assignment-rules');
  await page.getByRole('button', { name: 'New assignment rule' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Name').fill(ruleName);
  await dialog.getByLabel('Condition (JSON Logic)').fill('{"in": ["inbound-e2e", {"var": "lead.tags"}]}');
  await dialog.getByRole('textbox', { name: 'Unit' }).click();
  await page.getByRole('option', { name: unit.name }).click();
  await look(page, 'assignment-rule-editor-1440');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('row', { name: new RegExp(ruleName) })).toBeVisible();
  await look(page, 'assignment-rules-1440');

  const lead = await createLead(adminApi, { tags: ['inbound-e2e'], name: unique('Routed deal') });
  expect(lead.ownerId).toBe(a.id);
  await page.goto(`/leads/${lead.id}`);
  await expect(page.getByText(`Assigned by the rule “${ruleName}”`)).toBeVisible();
  await look(page, 'lead-assigned-1440');
  const rules = await adminApi.get<{ items: { id: string; name: string }[] }>('/assignment-rules');
  await adminApi.delete(`/assignment-rules/${rules.items.find((r) => r.name === ruleName)!.id}`);
  expect(errors).toEqual([]);
});

test('likely duplicates appear beside the new lead form while typing, and lead to the existing lead', async ({
  page,
  adminApi,
}) => {
  const errors = consoleErrors(page);
  const last = unique('Dubois').replace(/\s+/g, '');
  const existing = await createLead(adminApi, {
    name: unique('Existing deal'),
    firstName: 'Jean',
    lastName: last,
    emails: `jean.${last.toLowerCase()}@example.test`,
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, '/leads/new');
  const panel = page.getByTestId('duplicates-panel');
  await expect(panel).toContainText('No similar lead yet.');
  await page.getByRole('checkbox', { name: 'New contact' }).check();
  await page.getByRole('textbox', { name: 'Emails' }).fill(`JEAN.${last.toUpperCase()}@example.test`);
  const candidate = panel.getByTestId('duplicate-candidate').filter({ hasText: existing.number });
  await expect(candidate).toBeVisible();
  await expect(candidate).toContainText('e-mail');
  await look(page, 'new-lead-duplicates-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'new-lead-duplicates-390');
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
  await candidate.getByRole('button', { name: 'This is the same — update that lead instead' }).click();
  // What was typed is not saved: the form asks before leaving it.
  await page.getByRole('dialog').getByRole('button', { name: 'Leave' }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${existing.id}/edit$`));
  expect(errors).toEqual([]);
});

test('two leads are merged choosing fields, and the merge is undone from the timeline', async ({
  page,
  adminApi,
}) => {
  const errors = consoleErrors(page);
  const sources = (await adminApi.get<{ items: { id: string; name: string }[] }>('/lead-sources?limit=50'))
    .items;
  const older = await createLead(adminApi, {
    name: unique('Older deal'),
    description: 'Old notes',
    sourceId: sources[1].id,
  });
  const newer = await createLead(adminApi, {
    name: unique('Newer deal'),
    description: null,
    jobTitle: 'CTO',
    sourceId: sources[0].id,
  });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, `/leads/merge?ids=${newer.id},${older.id}`);
  const table = page.getByTestId('merge-table');
  // The best value is preselected: the description only the older lead has.
  await expect(table.getByRole('radio', { name: `Description from ${older.number}` })).toBeChecked();
  await expect(table.getByRole('radio', { name: `Keep ${newer.number}` })).toBeChecked();
  // A reference field reads as its name, never as an id.
  await expect(table.getByRole('radio', { name: `Lead source from ${older.number}` })).toBeVisible();
  await expect(table).toContainText(sources[1].name);
  await expect(table).not.toContainText(sources[1].id);
  // The name is taken from the older lead, by choice.
  await table.getByRole('radio', { name: `Name from ${older.number}`, exact: true }).check();
  await look(page, 'merge-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'merge-390');
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Merge 2 leads' }).click();
  await expect(page).toHaveURL(new RegExp(`/leads/${newer.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(older.name);
  const kept = await adminApi.get<{ description: string; jobTitle: string }>(`/leads/${newer.id}`);
  expect(kept).toMatchObject({ description: 'Old notes', jobTitle: 'CTO' });
  expect((await adminApi.get<{ mergedIntoId: string }>(`/leads/${older.id}`)).mergedIntoId).toBe(newer.id);

  await expect(page.getByText(`merged lead ${older.number} into this one`)).toBeVisible();
  await page.getByRole('button', { name: 'Undo merge' }).click();
  await expect
    .poll(
      async () => (await adminApi.get<{ mergedIntoId: string | null }>(`/leads/${older.id}`)).mergedIntoId,
    )
    .toBeNull();
  // Once undone, the merge offers no undo any more and says so.
  await expect(page.getByText('undid the merge: 1 lead restored')).toBeVisible();
  await expect(page.getByText('This merge was undone.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Undo merge' })).toHaveCount(0);
  await look(page, 'merge-undone-1440');
  expect(errors).toEqual([]);
});

test('the lead form offers the company the register finds for a typed TIN', async ({ page, adminApi }) => {
  const errors = consoleErrors(page);
  // A local stand-in for DaData's "find party by INN".
  const register = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += String(c)));
    req.on('end', () => {
      const query = (JSON.parse(body || '{}') as { query?: string }).query ?? '';
      const suggestions = query.startsWith('77')
        ? [
            {
              value: 'ООО "Ромашка"',
              data: {
                inn: query,
                opf: { short: 'ООО' },
                name: { short_with_opf: 'ООО "Ромашка"' },
                okved: '62.01',
                state: { status: 'ACTIVE' },
                address: { value: 'г Москва, ул Вавилова, д 19', data: { city: 'Москва' } },
              },
            },
          ]
        : [];
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ suggestions }));
    });
  });
  await new Promise<void>((r) => register.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(register.address() as AddressInfo).port}/suggestions/api/4_1/rs`;
  try {
    await adminApi.patch('/settings', { enrichment: { enabled: true, baseUrl, apiKey: 'e2e-key' } });
    await page.setViewportSize({ width: 1440, height: 900 });
    await signInPage(page, ADMIN.email, ADMIN.password, '/leads/new');
    await page.getByRole('checkbox', { name: 'New company' }).check();
    await page.getByRole('textbox', { name: 'Company TIN' }).fill('7700000017');
    const found = page.getByTestId('company-from-register');
    await expect(found).toContainText('Found: ООО "Ромашка"');
    await found.getByRole('button', { name: 'fill in' }).click();
    await expect(page.getByRole('textbox', { name: /^Company name/ })).toHaveValue('ООО "Ромашка"');
    await look(page, 'enrichment-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await look(page, 'enrichment-390');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  } finally {
    await adminApi.patch('/settings', { enrichment: { enabled: false } });
    register.closeAllConnections();
    await new Promise((r) => register.close(r));
  }
  expect(errors).toEqual([]);
});

test('two companies are merged choosing fields, their leads follow, and the merge is undone', async ({
  page,
  adminApi,
}) => {
  const errors = consoleErrors(page);
  const name = unique('Zephyr Robotics');
  const kept = await adminApi.post<{ id: string }>('/companies', {
    name: `${name} GmbH`,
    website: 'zephyr.test',
  });
  const tin = String(7_700_000_000 + Math.floor(Math.random() * 99_999_999));
  const other = await adminApi.post<{ id: string }>('/companies', {
    name: `${name.toUpperCase()}, LLC`,
    tin,
    website: 'zephyr-robotics.test',
  });
  const lead = await createLead(adminApi, { name: unique('Robot deal'), companyId: other.id });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, `/companies/${kept.id}`);
  // The company page lists the other one as a likely duplicate, with why.
  const panel = page.getByTestId('record-duplicates');
  await expect(panel).toContainText('same company +7.1');
  await look(page, 'company-duplicates-1440');
  await panel.getByRole('link', { name: `Merge with ${name.toUpperCase()}, LLC` }).click();
  await expect(page).toHaveURL(/\/companies\/merge\?ids=/);
  const table = page.getByTestId('merge-table');
  await expect(table.getByRole('radio', { name: `Keep ${name} GmbH` })).toBeChecked();
  // The TIN only the other company has is preselected; the website is taken from the kept one by choice.
  await expect(table.getByRole('radio', { name: `TIN from ${name.toUpperCase()}, LLC` })).toBeChecked();
  await table.getByRole('radio', { name: `Website from ${name} GmbH` }).check();
  await look(page, 'company-merge-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'company-merge-390');
  expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.getByRole('button', { name: 'Merge 2 companies' }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${kept.id}\\?merged=`));
  await expect(page.getByTestId('merged-notice')).toBeVisible();
  const merged = await adminApi.get<{ tin: string; website: string }>(`/companies/${kept.id}`);
  expect(merged).toMatchObject({ tin, website: 'https://zephyr.test' });
  expect((await adminApi.get<{ companyId: string }>(`/leads/${lead.id}`)).companyId).toBe(kept.id);
  expect((await adminApi.get<{ mergedIntoId: string }>(`/companies/${other.id}`)).mergedIntoId).toBe(kept.id);

  await page.getByRole('button', { name: 'Undo merge' }).click();
  await expect
    .poll(
      async () =>
        (await adminApi.get<{ mergedIntoId: string | null }>(`/companies/${other.id}`)).mergedIntoId,
    )
    .toBeNull();
  await expect(page.getByTestId('merged-notice')).toHaveCount(0);
  expect((await adminApi.get<{ companyId: string }>(`/leads/${lead.id}`)).companyId).toBe(other.id);
  expect(errors).toEqual([]);
});
