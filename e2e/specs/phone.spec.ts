import type { Page } from '@playwright/test';
import { ADMIN } from '../constants';
import { createLead, expect, shot, signInPage, test, unique, type Api } from '../fixtures';

const PHONE = { width: 390, height: 844 };

/** The page is no wider than the phone: nothing makes it scroll sideways. */
async function expectNoSidewaysScroll(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  await expect(page.getByText('This could not be loaded')).toHaveCount(0);
  const width = await page.locator('html').evaluate((html) => html.scrollWidth);
  expect(width, `${path} is ${width}px wide`).toBeLessThanOrEqual(PHONE.width);
}

async function partnerUser(api: Api) {
  const company = await api.post<{ id: string }>('/companies', {
    name: unique('Partner Co'),
    type: 'partner',
  });
  const directions = await api.get<{ items: { id: string }[] }>('/sales-directions?limit=1');
  const program = await api.post<{ id: string }>('/partnership-programs', {
    name: unique('Program'),
    salesDirectionIds: directions.items.map((d) => d.id),
  });
  const agreement = await api.post<{ id: string }>('/partnership-agreements', {
    number: unique('PA'),
    partnerCompanyId: company.id,
    programId: program.id,
  });
  const email = `${unique('partner').replace(/\W+/g, '.')}@e2e.test`;
  await api.post('/users', {
    name: unique('Pat Partner'),
    email,
    password: 'e2e-password-123',
    roles: ['partner'],
    partnerCompanyId: company.id,
  });
  return { email, password: 'e2e-password-123', agreement };
}

test.use({ viewport: PHONE });

test('on a phone the navigation opens behind a burger and closes again', async ({ adminPage: page }) => {
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible();
  await expect(nav).not.toBeInViewport();
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await expect(nav).toBeInViewport();
  await shot(page, 'phone-navigation');
  await page.getByRole('button', { name: 'Close navigation' }).click();
  await expect(nav).not.toBeInViewport();
  // Choosing a page closes it too.
  await page.getByRole('button', { name: 'Open navigation' }).click();
  await nav.getByRole('link', { name: 'Companies' }).click();
  await expect(page).toHaveURL(/\/companies$/);
  await expect(nav).not.toBeInViewport();
});

test('on a phone the lead list is cards and the lead page one column with the comment box near the top', async ({
  adminPage: page,
  adminApi,
}) => {
  const lead = await createLead(adminApi, {
    name: unique('Cloud backup for forty offices in three countries'),
  });
  await page.goto('/leads?view=all');
  const card = page.locator('[data-lead-card]').filter({ hasText: lead.name });
  await expect(card).toBeVisible();
  await expect(card).toContainText(lead.number);
  await expect(card).toContainText('To be processed');
  // The view tabs scroll sideways and keep their counts readable (a shrunk tab clipped them to nothing).
  const count = page.getByRole('tab', { name: 'All leads' }).locator('.mantine-Badge-label');
  await expect(count).toHaveText(/^\d[\d,]*$/);
  expect((await count.boundingBox())!.width).toBeGreaterThanOrEqual(6);
  const countStyle = await count.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(countStyle.scroll).toBeLessThanOrEqual(countStyle.client);
  await shot(page, 'phone-lead-cards');
  await card.getByRole('link', { name: lead.name }).click();

  await expect(page.getByRole('heading', { level: 1, name: lead.name })).toBeVisible();
  // Its actions are on screen, and the comment box comes before the lead's details.
  await expect(page.getByRole('button', { name: 'Take in charge' })).toBeInViewport();
  const comment = await page.getByLabel('Comment').boundingBox();
  const identity = await page.getByRole('heading', { name: 'Identity' }).boundingBox();
  expect(comment!.y).toBeLessThan(identity!.y);
  expect(comment!.x + comment!.width).toBeLessThanOrEqual(PHONE.width);
  await shot(page, 'phone-lead-page');
});

test('no page of any role scrolls sideways at 390 px', async ({ page, adminApi }) => {
  test.setTimeout(180_000);
  const lead = await createLead(adminApi);
  const company = await adminApi.post<{ id: string }>('/companies', { name: unique('Globex') });
  const contact = await adminApi.post<{ id: string }>('/contacts', {
    firstName: 'Ann',
    lastName: unique('Smith'),
  });
  const crmPages = [
    '/leads',
    '/leads?view=all',
    `/leads/${lead.id}`,
    `/leads/${lead.id}/edit`,
    '/leads/new',
    '/kanban',
    '/companies',
    `/companies/${company.id}`,
    '/contacts',
    `/contacts/${contact.id}`,
    '/opportunities',
  ];
  const adminPages = [
    ...crmPages,
    '/settings/statuses',
    '/settings/lists',
    '/settings/users',
    '/settings/units',
    '/settings/api-tokens',
    '/settings/general',
  ];
  await signInPage(page, ADMIN.email, ADMIN.password);
  for (const path of adminPages) await expectNoSidewaysScroll(page, path);

  for (const roles of [['crm_sales'], ['crm_manager'], ['crm_marketeer']]) {
    const user = await adminApi.createUser(roles);
    await page.context().clearCookies();
    await signInPage(page, user.email, user.password);
    for (const path of crmPages) await expectNoSidewaysScroll(page, path);
  }

  const partner = await partnerUser(adminApi);
  await page.context().clearCookies();
  await signInPage(page, partner.email, partner.password);
  const sources = await adminApi.get<{ items: { id: string; name: string }[] }>('/lead-sources?limit=50');
  const theirs = await createLead(adminApi, {
    partnershipAgreementId: partner.agreement.id,
    sourceId: sources.items.find((s) => s.name === 'Partner')!.id,
  });
  for (const path of ['/leads', `/leads/${theirs.id}`, `/leads/${theirs.id}/edit`, '/leads/new'])
    await expectNoSidewaysScroll(page, path);
  await shot(page, 'phone-partner-register');
});
