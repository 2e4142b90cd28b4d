import type { Page } from '@playwright/test';
import { ADMIN } from '../constants';
import { Api, createLead, expect, signInPage, test, unique } from '../fixtures';

/** Full-page screenshots for a look by eye, when SHOTS_DIR names a folder. */
async function look(page: Page, name: string) {
  if (!process.env.SHOTS_DIR) return;
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${process.env.SHOTS_DIR}/${name}.png`, fullPage: true });
}

/** The page is no wider than the window (evaluated in the browser, hence the string). */
const noHorizontalScroll = (page: Page) =>
  page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');

test('the dashboard shows the figures of a source, and a bar opens the leads behind it', async ({
  page,
  adminApi,
}) => {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  // A source of its own, so that the figures are exactly this test's leads whatever else the server holds.
  const source = await adminApi.post<{ id: string; name: string }>('/lead-sources', {
    name: unique('Trade fair'),
  });
  const names = [unique('Fair lead'), unique('Fair lead'), unique('Fair lead')];
  const leads = [];
  for (const name of names) leads.push(await createLead(adminApi, { name, sourceId: source.id }));
  const codes = (
    await adminApi.get<{ items: { id: string; createsOpportunity: boolean }[] }>('/disqualification-codes')
  ).items;
  await adminApi.post(`/leads/${leads[2].id}/actions/assign`, { ownerId: adminApi.user.id });
  await adminApi.post(`/leads/${leads[2].id}/actions/disqualify`, {
    codeId: codes.find((c) => !c.createsOpportunity)!.id,
    reason: 'No budget',
  });

  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: 900 });
    // An administrator lands on the dashboard.
    await signInPage(page, ADMIN.email, ADMIN.password, '/');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    await look(page, `dashboard-all-${width}`);

    await page.goto(`/dashboard?sourceId=${source.id}`);
    const created = page.getByTestId('chart-created');
    await expect(created.getByRole('heading', { name: 'Leads created per week by source' })).toBeVisible();
    await expect(page.getByText('Leads created', { exact: true }).locator('..')).toContainText('3');
    for (const id of ['chart-funnel', 'chart-outcomes', 'chart-owners', 'chart-directions', 'chart-sources'])
      await expect(page.getByTestId(id).locator('svg.recharts-surface, table').first()).toBeVisible();
    await expect(page.getByTestId('chart-sources')).toContainText(source.name);
    await expect(created.getByRole('link', { name: /CSV/ })).toHaveAttribute(
      'href',
      new RegExp(`/api/v1/reports/created\\?.*sourceId=${source.id}.*format=csv`),
    );
    expect(await noHorizontalScroll(page)).toBe(true);
    await look(page, `dashboard-source-${width}`);

    // The week's bar opens the list of the leads created that week from that source: all three.
    await created.locator('path.recharts-rectangle').first().click();
    await expect(page).toHaveURL(new RegExp(`/leads\\?.*sourceId=${source.id}`));
    await expect(page).toHaveURL(/createdFrom=\d{4}-\d{2}-\d{2}.*createdTo=/);
    for (const name of names) await expect(page.getByText(name).first()).toBeVisible();
    await look(page, `dashboard-click-created-${width}`);

    // The lost bar of the funnel opens the lost one only.
    await page.goto(`/dashboard?sourceId=${source.id}`);
    const funnel = page.getByTestId('chart-funnel');
    await expect(funnel.locator('path.recharts-rectangle')).toHaveCount(2);
    await funnel.locator('path.recharts-rectangle').last().click();
    await expect(page).toHaveURL(/phase=lost/);
    await expect(page.getByText(names[2]).first()).toBeVisible();
    await expect(page.getByText(names[0])).toHaveCount(0);
    expect(await noHorizontalScroll(page)).toBe(true);
  }
  expect(errors).toEqual([]);
});

test('a sales user has a dashboard of their own leads', async ({ page, adminApi }) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Dash Sales'));
  const lead = await createLead(adminApi, { ownerId: null, name: unique('Mine') });
  const api = await Api.signIn(page.request, sales.email, sales.password);
  await api.post(`/leads/${lead.id}/actions/take`);

  await signInPage(page, sales.email, sales.password, '/');
  // A sales user lands on their leads, and finds their dashboard in the navigation.
  await expect(page).toHaveURL(/\/leads/);
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Dashboard' })
    .click();
  await expect(page.getByRole('heading', { name: 'My dashboard' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Owner' })).toHaveCount(0);
  await expect(page.getByText('Leads created', { exact: true }).locator('..')).toContainText('1');
  await look(page, 'dashboard-sales-1440');
});
