import type { Page } from '@playwright/test';
import { createLead, expect, leadRefs, signInPage, test, unique, type Api } from '../fixtures';

/**
 * The bugs a first week of use found, each walked by visible labels: what the user does and what must
 * happen. Every page also keeps the console free of errors.
 */

function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

async function company(api: Api, name: string) {
  return api.post<{ id: string; name: string }>('/companies', { name, type: 'prospect' });
}

test('selecting a row never moves the rows, the name opens the lead, and the company shows', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales'], unique('Row Rita'));
  const acme = await company(adminApi, unique('Existing Co'));
  const linked = await createLead(adminApi, {
    name: unique('Linked lead'),
    newCompany: false,
    companyName: null,
    companyWebsite: null,
    companyTin: null,
    companyId: acme.id,
    ownerId: sales.id,
  });
  const other = await createLead(adminApi, { name: unique('Second lead'), ownerId: sales.id });
  await signInPage(page, sales.email, sales.password, '/leads?view=my');

  const grid = page.getByRole('grid', { name: 'Leads' });
  const row = grid.getByRole('row').filter({ hasText: linked.name });
  await expect(row).toBeVisible();
  // The linked company's name, read by the list itself.
  await expect(row).toContainText(acme.name);

  const before = await row.boundingBox();
  await grid
    .getByRole('row')
    .filter({ hasText: other.name })
    .click({ position: { x: 700, y: 10 } });
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toBeVisible();
  const after = await row.boundingBox();
  expect(after!.y).toBe(before!.y);

  // One click on the name opens that lead.
  await row.getByRole('link', { name: linked.name }).click();
  await expect(page.getByRole('heading', { level: 1, name: linked.name })).toBeVisible();
  await expect(page.getByText(acme.name).first()).toBeVisible();

  // The Kanban card names the company too.
  await page.goto('/kanban');
  await expect(page.getByText(linked.name)).toBeVisible();
  await expect(page.getByText(acme.name).first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('the search box follows the address bar; Filters opens no list by itself', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const a = await createLead(adminApi, { name: unique('Zebra deal') });
  const b = await createLead(adminApi, { name: unique('Yak deal') });
  await signInPage(page, (await adminApi.createUser(['crm_admin'])).email, 'e2e-password-123', '/leads');

  const header = page.getByRole('textbox', { name: 'Search leads' });
  await header.fill(a.name);
  await header.press('Enter');
  const box = page.getByRole('textbox', { name: 'Search', exact: true });
  await expect(box).toHaveValue(a.name);
  await expect(page.getByRole('link', { name: a.name })).toBeVisible();
  await header.fill(b.name);
  await header.press('Enter');
  await expect(box).toHaveValue(b.name);
  await expect(page.getByRole('link', { name: b.name })).toBeVisible();
  await expect(page.getByRole('link', { name: a.name })).toBeHidden();

  await page.getByRole('button', { name: 'Filters' }).click();
  await expect(page.getByRole('listbox')).toBeHidden();
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await expect(page.getByRole('listbox')).toBeVisible();
  expect(errors).toEqual([]);
});

test('new lead: focus starts in Name; a missing field is shown, focused and listed at the top', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales']);
  const { source } = await leadRefs(adminApi);
  await signInPage(page, sales.email, sales.password, '/leads/new');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await page.getByLabel('Name', { exact: true }).fill(unique('No direction'));
  await page.getByRole('textbox', { name: 'Lead source' }).click();
  await page.getByRole('option', { name: source.name }).click();
  await page.getByRole('checkbox', { name: 'New contact' }).check();
  await page.getByLabel('First name').fill('Nora');
  await page.getByLabel('Last name').fill('Nodirection');
  await page.getByRole('radio', { name: 'Person' }).check();
  await page.getByRole('button', { name: 'Create lead' }).click();
  const summary = page.getByTestId('form-error-summary');
  await expect(summary).toContainText('Sales direction');
  await expect(page.getByRole('textbox', { name: 'Sales direction' })).toBeFocused();
  await expect(page.getByRole('textbox', { name: 'Sales direction' })).toBeInViewport();
  // The 422 is the answer the form handles; nothing else may log an error.
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});

test('each view says what it holds; the sign-in page logs nothing; favicon.ico is served', async ({
  page,
  adminApi,
  request,
}) => {
  const errors = watchConsole(page);
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect((await request.get('/favicon.ico')).status()).toBe(200);
  const fresh = await adminApi.createUser(['crm_marketeer']);
  await page.getByLabel('Email').fill(fresh.email);
  await page.getByLabel('Password').fill(fresh.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('You own no active lead')).toBeVisible();
  await page.getByRole('tab', { name: /Inactive/ }).click();
  await expect(
    page.getByText('Inactive holds the leads that were deactivated', { exact: false }),
  ).toBeVisible();
  // A marketeer is not offered marketing lists.
  await expect(page.getByRole('link', { name: 'Marketing lists' })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('owner pickers offer only active CRM users; a move is one timeline entry; e-mails are links', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales'], unique('Picker Pia'));
  const gone = await adminApi.createUser(['crm_sales'], unique('Gone Gus'));
  await adminApi.patch(`/users/${gone.id}`, { active: false }, gone.version);
  const partnerCo = await adminApi.post<{ id: string }>('/companies', {
    name: unique('Partner Co'),
    type: 'partner',
  });
  const partner = await adminApi.post<{ id: string; name: string }>('/users', {
    name: unique('Partner Pam'),
    email: `${unique('pam').replace(/\W+/g, '.').toLowerCase()}@e2e.test`,
    password: 'e2e-password-123',
    roles: ['partner'],
    partnerCompanyId: partnerCo.id,
  });
  const lead = await createLead(adminApi, { name: unique('Picker lead'), ownerId: sales.id });
  await signInPage(page, sales.email, sales.password, `/leads/${lead.id}`);
  await expect(page.getByRole('link', { name: 'ada@example.com' })).toHaveAttribute(
    'href',
    'mailto:ada@example.com',
  );

  await page.getByRole('button', { name: 'Take in charge', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Take in charge' }).click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('textbox', { name: 'Owner' }).click();
  const options = page.getByRole('listbox');
  await expect(options.getByRole('option', { name: sales.name })).toBeVisible();
  await expect(options.getByRole('option', { name: gone.name })).toHaveCount(0);
  await expect(options.getByRole('option', { name: partner.name })).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Cancel' }).click();

  // Move by the status bar: one entry in the timeline, and only visited statuses are ticked.
  const statuses = (
    await adminApi.get<{ items: { id: string; name: string; phase: string }[] }>('/lead-statuses')
  ).items.filter((s) => s.phase === 'in_progress');
  await page.getByRole('listitem', { name: statuses[2].name }).click();
  await expect(page.getByRole('listitem', { name: statuses[2].name })).toHaveAttribute(
    'aria-current',
    'step',
  );
  const timeline = page.getByLabel('Timeline');
  await expect(timeline.getByText(/moved the lead/)).toHaveCount(1);
  await expect(timeline.getByText(/changed Phase/)).toHaveCount(0);
  await expect(page.getByRole('listitem', { name: statuses[1].name }).locator('svg')).toHaveCount(0);
  expect(errors).toEqual([]);
});
