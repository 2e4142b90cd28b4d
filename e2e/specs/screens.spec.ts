import { createLead, expect, shot, test } from '../fixtures';

// A tour of the screens no other spec photographs; run with E2E_SCREENSHOTS=1 to look at them.
test('every screen renders without an error state', async ({ adminPage: page, adminApi }) => {
  test.skip(!process.env.E2E_SCREENSHOTS, 'screenshots only');
  const lead = await createLead(adminApi, {
    description: 'Wants a new website',
    tags: ['web', 'hot'],
    score: 4,
  });
  const visit = async (path: string, name: string) => {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expect(page.getByText('This could not be loaded')).toHaveCount(0);
    await shot(page, name);
  };
  await visit('/leads?view=all', '50-leads-all');
  await visit(`/leads/${lead.id}`, '51-lead-page');
  await visit(`/leads/${lead.id}/edit`, '52-lead-edit');
  await visit('/kanban', '53-kanban-admin');
  await visit('/companies', '54-companies');
  await visit('/contacts', '55-contacts');
  await visit('/opportunities', '56-opportunities');
  await visit('/settings/lists', '57-settings-lists');
  await visit('/settings/general', '58-settings-general');
  const companies = await adminApi.get<{ items: { id: string }[] }>('/companies?limit=1');
  if (companies.items[0]) await visit(`/companies/${companies.items[0].id}`, '59-company');
  const opps = await adminApi.get<{ items: { id: string }[] }>('/opportunities?limit=1');
  if (opps.items[0]) await visit(`/opportunities/${opps.items[0].id}`, '60-opportunity');
});
