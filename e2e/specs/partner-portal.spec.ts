import type { Page } from '@playwright/test';
import { expect, signInPage, test, unique, type Api } from '../fixtures';

/**
 * Everything that goes wrong on a page: console errors and answers of 400 or more. The favicon is left
 * out: the browser asks for it on its own, and the web interface does not ship one yet.
 */
function watchProblems(page: Page) {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico'))
      problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}

/** A partner company with an agreement whose program offers one direction and two products, and its employee. */
async function partnerWithAgreement(api: Api) {
  const product = (name: string) =>
    api.post<{ id: string; name: string }>('/products', {
      name,
      price: { amount: '250.00', currency: 'EUR' },
    });
  const fiber = await product(unique('Fiber'));
  const wifi = await product(unique('Wi-Fi'));
  const other = await product(unique('Rack'));
  const direction = await api.post<{ id: string; name: string }>('/sales-directions', {
    name: unique('Connectivity'),
    productIds: [fiber.id, wifi.id, other.id],
  });
  const program = await api.post<{ id: string }>('/partnership-programs', {
    name: unique('Resellers'),
    salesDirectionIds: [direction.id],
    productIds: [fiber.id, wifi.id],
  });
  const company = await api.post<{ id: string; name: string }>('/companies', {
    name: unique('Bright Partners'),
    type: 'partner',
  });
  const agreement = await api.post<{ id: string; number: string }>('/partnership-agreements', {
    number: unique('PA'),
    partnerCompanyId: company.id,
    programId: program.id,
  });
  const email = `${unique('paula').replace(/\W+/g, '.')}@partner.test`;
  const password = 'partner-password-1';
  await api.post('/users', {
    name: unique('Paula'),
    email,
    password,
    roles: ['partner'],
    partnerCompanyId: company.id,
  });
  return { fiber, wifi, other, direction, company, agreement, email, password };
}

test('a partner registers a lead on the portal, follows it and comments, with no error on any page', async ({
  page,
  adminApi,
}) => {
  const p = await partnerWithAgreement(adminApi);
  // Another partner's lead, which she must never see.
  const rival = await partnerWithAgreement(adminApi);
  const problems = watchProblems(page);
  await signInPage(page, p.email, p.password, '/leads');

  await expect(page.getByRole('heading', { name: 'Our leads' })).toBeVisible();
  await expect(page.getByText('Your company has no leads yet')).toBeVisible();
  // Only what she can use is in her menu.
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(nav.getByRole('link')).toHaveText(['Our leads', 'Register a lead']);

  await nav.getByRole('link', { name: 'Register a lead' }).click();
  await expect(page.getByRole('heading', { name: 'Register a lead' })).toBeVisible();
  // Her company's only agreement is chosen for her; the program's products are hers to pick.
  await expect(page.getByRole('textbox', { name: 'Partnership agreement' })).toHaveValue(
    new RegExp(p.agreement.number),
  );
  await page.getByRole('button', { name: 'Register a lead' }).click();
  await expect(page.getByRole('alert')).toContainText('Some fields need your attention');
  await page.getByLabel('Title of the request').fill('Fiber for the new warehouse');
  await page.getByLabel("The customer's need").fill('Two sites, 1 Gbit/s each, from March');
  await page.getByRole('button', { name: 'Add a product' }).click();
  await page.getByRole('textbox', { name: 'Product 1', exact: true }).click();
  await expect(page.getByRole('option')).toHaveText([p.fiber.name, p.wifi.name]);
  await page.getByRole('option', { name: p.fiber.name }).click();
  await page.getByLabel('Quantity of product 1').fill('2');
  await page.getByLabel(/^Company\s*\*?$/).fill('Northwind Logistics');
  await page.getByLabel('Company website').fill('northwind.example');
  await page.getByLabel('Company TIN').fill('7736207543');
  await page.getByLabel('First name').fill('Nina');
  await page.getByLabel('Last name').fill('North');
  await page.getByLabel('E-mails').fill('nina@northwind.example');
  await page.getByRole('button', { name: 'Register a lead' }).click();

  // Her lead's page: what she registered, its status, and the comment box.
  await expect(page.getByRole('heading', { level: 1, name: 'Fiber for the new warehouse' })).toBeVisible();
  await expect(page.getByText('To be processed').first()).toBeVisible();
  await expect(page.getByText('Owner: not assigned yet')).toBeVisible();
  await expect(page.getByText(`${p.fiber.name} × 2`)).toBeVisible();
  await expect(page.getByText(p.direction.name)).toBeVisible();
  const leadId = page.url().split('/').pop()!;
  const lead = await adminApi.get<{ sourceId: string; partnerCompanyId: string; name: string }>(
    `/leads/${leadId}`,
  );
  expect(lead.partnerCompanyId).toBe(p.company.id);
  const sources = await adminApi.get<{ items: { id: string; name: string }[] }>('/lead-sources?limit=50');
  expect(sources.items.find((s) => s.id === lead.sourceId)?.name).toBe('Partner');

  await page.getByLabel('Comment').fill('The customer prefers a call after 10:00.');
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByText('The customer prefers a call after 10:00.')).toBeVisible();

  // The CRM staff assign it: she sees who works it, by name.
  const sales = await adminApi.createUser(['crm_sales'], unique('Sam Seller'));
  await adminApi.post(`/leads/${leadId}/actions/assign`, { ownerId: sales.id });
  await page.reload();
  await expect(page.getByText(`Owner: ${sales.name}`)).toBeVisible();

  // She changes what she registered.
  await page.getByRole('link', { name: 'Edit the lead' }).click();
  await page.getByLabel("The customer's need").fill('Two sites, 1 Gbit/s each, from April');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Two sites, 1 Gbit/s each, from April')).toBeVisible();

  // Our leads: her lead with its status and owner; the other partner's lead is not there.
  await adminApi.post('/leads', {
    name: 'Rival lead',
    sourceId: lead.sourceId,
    partnershipAgreementId: rival.agreement.id,
    prospectType: 'person',
    newContact: true,
    firstName: 'Rita',
    lastName: 'Rival',
  });
  await page.getByRole('link', { name: 'Our leads' }).first().click();
  const row = page.getByRole('row', { name: /Fiber for the new warehouse/ });
  await expect(row).toContainText('Northwind Logistics');
  // Assigned, it moved to the first status in progress.
  await expect(row).toContainText('Marketing qualification');
  await expect(row).toContainText(sales.name);
  await expect(page.getByText('Rival lead')).toHaveCount(0);

  // A CRM page is not hers: the address leads back to her leads.
  await page.goto('/kanban');
  await expect(page.getByRole('heading', { name: 'Our leads' })).toBeVisible();
  expect(problems).toEqual([]);
});
