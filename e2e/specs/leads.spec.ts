import { Api, createLead, expect, leadRefs, shot, signInPage, test, unique } from '../fixtures';

test('a sales user creates a lead with a new company and contact; the server errors land on their fields', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Sam Sales'));
  const { source, direction } = await leadRefs(adminApi);
  await signInPage(page, sales.email, sales.password);
  await expect(page.getByRole('tab', { name: /My leads/ })).toHaveAttribute('aria-selected', 'true');
  await shot(page, '20-leads-empty');

  await page.getByRole('link', { name: 'New lead' }).first().click();
  await expect(page).toHaveURL(/\/leads\/new$/);
  await page.getByRole('button', { name: 'Create lead' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'Lead source' })).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '21-lead-form-errors');

  const name = unique('Website redesign');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Lead source' }).click();
  await page.getByRole('option', { name: source.name }).click();
  await page.getByRole('checkbox', { name: 'New company' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(unique('Globex'));
  await page.getByLabel('Company website').fill('https://globex.example');
  await page.getByLabel('Company TIN').fill('12345');
  await page.getByRole('checkbox', { name: 'New contact' }).check();
  await page.getByLabel('First name').fill('Grace');
  await page.getByLabel('Last name').fill(unique('Hopper'));
  await page.getByLabel('Emails').fill('grace@globex.example, g.hopper@globex.example');
  await page.getByRole('textbox', { name: 'Sales direction' }).click();
  await page.getByRole('option', { name: direction.name }).click();
  await page.getByRole('button', { name: 'Create lead' }).click();
  // 12345 is not a TIN: the server says so on the field, and nothing is saved.
  await expect(page.getByLabel('Company TIN')).toHaveAttribute('aria-invalid', 'true');
  await shot(page, '22-lead-form-tin');
  await page.getByLabel('Company TIN').fill('500100732259');
  await page.getByRole('button', { name: 'Create lead' }).click();

  await expect(page).toHaveURL(/\/leads\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByLabel('Number')).toHaveText(/^L-\d+/);
  await expect(page.getByRole('list', { name: 'Status' })).toBeVisible();
  await shot(page, '23-lead-page');

  // The lead is the sales user's own: it is in My leads.
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Leads' })
    .click();
  await expect(page.getByRole('grid', { name: 'Leads' }).getByText(name)).toBeVisible();
});

test('the lead list searches, selects with Ctrl and Shift, and assigns in bulk', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Bulk Sales'));
  const tag = unique('Bulk').replace(/\s/g, '');
  const leads = [];
  for (let i = 0; i < 4; i++)
    leads.push(await createLead(adminApi, { name: `${tag} lead ${i}`, ownerId: null }));
  await signInPage(page, sales.email, sales.password, '/leads?view=all');
  const grid = page.getByRole('grid', { name: 'Leads' });
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill(tag);
  await expect(grid.getByRole('row')).toHaveCount(5);
  await expect(page.getByText('4 leads', { exact: true })).toBeVisible();

  const rows = grid.getByRole('row');
  await rows.nth(1).click();
  await rows.nth(3).click({ modifiers: ['Shift'] });
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('3 selected');
  await rows.nth(2).click({ modifiers: ['Control'] });
  await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toContainText('2 selected');
  await shot(page, '24-lead-list-selection');

  await page.getByRole('button', { name: 'Assign to me' }).click();
  await expect(page.getByText('Assigned to you: 2 leads')).toBeVisible();
  await page.getByRole('tab', { name: /My leads/ }).click();
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill(tag);
  await expect(grid.getByRole('row')).toHaveCount(3);
});

test('the owner qualifies a lead with conversion and sees the opportunity and the timeline', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Quinn Qualifier'));
  const lead = await createLead(adminApi, {
    ownerId: null,
    address: { city: 'Berlin' },
    goal: 'Grow',
    implementationOptions: 'Cloud',
    procurementProcedure: 'Tender',
    decisionLevel: 'Board',
    terms: 'Q3',
    decisionMaker: 'CEO',
    selectionCriteria: 'Price',
    complianceWithCriteria: 'Yes',
    channel: 'Direct',
  });
  const api = await Api.signIn(page.request, sales.email, sales.password);
  await api.post(`/leads/${lead.id}/actions/take`);
  await page.goto(`/leads/${lead.id}`);

  // A comment is text: it reads as typed, with no entity shown and no markup applied.
  const comment = 'Called them, they are keen: price < budget & <b>soon</b>.';
  await page.getByRole('textbox', { name: 'Comment' }).fill(comment);
  await page.getByRole('button', { name: 'Post comment' }).click();
  await expect(page.getByLabel('Timeline')).toContainText(comment);

  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Qualify' });
  await expect(dialog.getByLabel('Name', { exact: true })).toHaveValue(lead.name);
  await expect(dialog.getByLabel('City')).toHaveValue('Berlin');
  await dialog.getByRole('radio', { name: 'Create a new company' }).check();
  await dialog.getByRole('radio', { name: 'Create a new contact' }).check();
  await shot(page, '25-qualify-dialog');
  await dialog.getByRole('button', { name: 'Qualify', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Opportunity', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: lead.name })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Qualify', exact: true })).toBeHidden();
  await shot(page, '26-lead-qualified');
});

test('someone else saved first: the form explains it and reloads the newer version', async ({
  adminPage: page,
  adminApi,
}) => {
  const lead = await createLead(adminApi);
  await page.goto(`/leads/${lead.id}/edit`);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(lead.name);
  const renamed = `${lead.name} (renamed elsewhere)`;
  await adminApi.patch(`/leads/${lead.id}`, { name: renamed }, lead.version);

  await page.getByLabel('Description').fill('My change');
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Someone else saved first' });
  await expect(dialog).toBeVisible();
  await shot(page, '27-stale-version');
  await dialog.getByRole('button', { name: 'Reload' }).click();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(renamed);
  await expect(page.getByLabel('Description')).toHaveValue('');
});

test('leaving the lead form with unsaved changes asks first', async ({ adminPage: page }) => {
  await page.goto('/leads/new');
  await page.getByLabel('Name', { exact: true }).fill('Half-typed lead');
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Kanban' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Leave without saving?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Stay' }).click();
  await expect(page).toHaveURL(/\/leads\/new$/);
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Half-typed lead');

  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Kanban' })
    .click();
  await page
    .getByRole('dialog', { name: 'Leave without saving?' })
    .getByRole('button', { name: 'Leave' })
    .click();
  await expect(page).toHaveURL(/\/kanban$/);
});
