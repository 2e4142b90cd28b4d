import type { Page } from '@playwright/test';
import { createLead, expect, signInPage, test, unique, type Api } from '../fixtures';

/**
 * A sales user's and a manager's day in the browser, by visible labels: qualifying from the dialog with
 * the missing fields filled in it, the overdue view, reassigning only where allowed, dropping with a
 * reason, and marketing lists kept by an administrator and filled by sales users and managers.
 */

function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

const qualificationLabels = [
  'Goal',
  'Implementation options',
  'Procurement procedure',
  'Decision level',
  'Terms',
  'Decision maker',
  'Selection criteria',
  'Compliance with criteria',
  'Channel',
];

async function inProgress(api: Api, id: string, ownerId: string) {
  const lead = await api.get<{ version: number; phase: string }>(`/leads/${id}`);
  if (lead.phase === 'new') await api.post(`/leads/${id}/actions/assign`, { ownerId });
}

test("a sales user's day: qualify from the dialog, filling the missing fields in it", async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales'], unique('Quinn Qualify'));
  const lead = await createLead(adminApi, {
    name: unique('Dialog deal'),
    ownerId: sales.id,
    address: { city: null },
  });
  await inProgress(adminApi, lead.id, sales.id);
  await signInPage(page, sales.email, sales.password, `/leads/${lead.id}`);

  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Qualify' });
  await expect(dialog.getByTestId('qualification-in-dialog')).toBeVisible();
  // Submitting with the fields empty names each by its label, never by its API path.
  await dialog.getByRole('button', { name: 'Qualify' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Goal');
  await expect(alert).toContainText('City');
  await expect(alert).not.toContainText('opportunity.city');
  await expect(alert).not.toContainText('goal:');

  for (const label of qualificationLabels)
    await dialog.getByLabel(label, { exact: true }).fill(`${label} ok`);
  await dialog.getByRole('textbox', { name: 'City' }).fill('Lyon');
  await dialog.getByRole('button', { name: 'Qualify' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('listitem', { name: 'Qualified (converted)' })).toHaveAttribute(
    'aria-current',
    'step',
  );
  const saved = await adminApi.get<Record<string, string>>(`/leads/${lead.id}`);
  expect(saved.goal).toBe('Goal ok');
  expect(saved.channel).toBe('Channel ok');
  // The opportunity page names its lead.
  await page.locator('a[href^="/opportunities/"]').first().click();
  await expect(page.getByRole('link', { name: new RegExp(lead.name) })).toBeVisible();
  expect(errors.filter((e) => !e.includes('422'))).toEqual([]);
});

test("a manager's day: the overdue view, reassign only where allowed, drop with a reason", async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const manager = await adminApi.createUser(['crm_manager'], unique('Mara Manager'));
  const seller = await adminApi.createUser(['crm_sales'], unique('Sid Seller'));
  const hers = await createLead(adminApi, {
    name: unique('Hers overdue'),
    ownerId: manager.id,
    expectedCompletionDate: '2020-01-15',
  });
  const his = await createLead(adminApi, {
    name: unique('His overdue'),
    ownerId: seller.id,
    expectedCompletionDate: '2020-01-15',
  });
  await inProgress(adminApi, hers.id, manager.id);
  await inProgress(adminApi, his.id, seller.id);
  await signInPage(page, manager.email, manager.password, '/leads?view=overdue');
  const grid = page.getByRole('grid', { name: 'Leads' });
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill('overdue');
  // The term reaches the address once typing pauses; the selection belongs to the list it shows.
  await expect(page).toHaveURL(/[?&]q=overdue/);
  await expect(grid.getByRole('link', { name: hers.name })).toBeVisible();
  await expect(grid.getByRole('link', { name: his.name })).toBeVisible();

  // Only his lead selected: she may not reassign it, so it is not offered.
  await page.getByRole('checkbox', { name: `Select ${his.number}` }).check();
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bar.getByRole('button', { name: 'Assign to user' })).toHaveCount(0);
  // With her own lead too, it is offered; the result says how many changed and why the other did not.
  await page.getByRole('checkbox', { name: `Select ${hers.number}` }).check();
  await bar.getByRole('button', { name: 'Assign to user' }).click();
  await page.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: seller.name }).click();
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  await expect(page.getByText('Assigned: 1 of 2 changed')).toBeVisible();
  await expect(page.getByTestId('bulk-reasons')).toContainText(
    "1 lead: only the lead's owner, an administrator or a sales user may assign it",
  );
  await expect(page.getByTestId('bulk-reasons')).not.toContainText('crm_');

  // Drop his lead with a reason, from its page.
  await grid.getByRole('link', { name: his.name }).click();
  await page.getByRole('button', { name: 'More' }).click();
  await page.getByRole('menuitem', { name: 'Drop' }).click();
  const drop = page.getByRole('dialog', { name: 'Drop' });
  await drop.getByLabel('Reason').fill('Duplicate of an older request');
  await drop.getByRole('button', { name: 'Drop' }).click();
  await expect(drop).toBeHidden();
  await expect(page.getByRole('listitem', { name: 'Dropped' })).toHaveAttribute('aria-current', 'step');
  await expect(page.getByLabel('Timeline').getByText('Duplicate of an older request').first()).toBeVisible();
  expect(errors).toEqual([]);
});

test('marketing lists: an administrator keeps them, a sales user and a manager add leads, a marketeer is not offered it', async ({
  browser,
  adminApi,
}) => {
  const admin = await adminApi.createUser(['crm_admin'], unique('Ada Admin'));
  const sales = await adminApi.createUser(['crm_sales'], unique('Sal Sales'));
  const manager = await adminApi.createUser(['crm_manager'], unique('Max Manager'));
  const marketeer = await adminApi.createUser(['crm_marketeer'], unique('Mo Marketeer'));
  const a = await createLead(adminApi, { name: unique('List lead A'), ownerId: sales.id });
  const b = await createLead(adminApi, { name: unique('List lead B'), ownerId: manager.id });
  const listName = unique('Spring webinar');

  const as = async (user: { email: string; password: string }, path: string) => {
    const page = await (await browser.newContext()).newPage();
    const errors = watchConsole(page);
    await signInPage(page, user.email, user.password, path);
    return { page, errors };
  };

  // The administrator creates and renames the list.
  {
    const { page, errors } = await as(admin, '/leads');
    await page.getByRole('link', { name: 'Marketing lists' }).click();
    await page.getByRole('button', { name: 'New list' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(`${listName} draft`);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: `${listName} draft` })).toBeVisible();
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill(listName);
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('heading', { name: listName })).toBeVisible();
    expect(errors).toEqual([]);
    await page.context().close();
  }

  // A sales user and a manager each add a lead from the lead list.
  for (const [user, lead] of [
    [sales, a],
    [manager, b],
  ] as const) {
    const { page, errors } = await as(user, `/leads?view=my`);
    await page.getByRole('checkbox', { name: `Select ${lead.number}` }).check();
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await bar.getByRole('button', { name: 'Add to marketing list' }).click();
    await page.getByRole('textbox', { name: 'Marketing list' }).click();
    await page.getByRole('option', { name: listName }).click();
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText(/Added to the list: 1 lead|1 lead/).first()).toBeVisible();
    expect(errors).toEqual([]);
    await page.context().close();
  }

  // The sales user sees both members (as far as she may see them) and takes her lead off the list.
  {
    const { page, errors } = await as(sales, '/marketing-lists');
    await page.getByRole('listitem').filter({ hasText: listName }).click();
    const members = page.getByRole('table', { name: `Leads on ${listName}` });
    await expect(members.getByRole('link', { name: a.name })).toBeVisible();
    await page.getByRole('button', { name: `Remove ${a.name} from the list` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove from the list' }).click();
    await expect(members.getByRole('link', { name: a.name })).toBeHidden();
    expect(errors).toEqual([]);
    await page.context().close();
  }

  // A marketeer is offered neither the page nor the bulk action.
  {
    const lead = await createLead(adminApi, { name: unique('Marketeer lead'), ownerId: marketeer.id });
    const { page, errors } = await as(marketeer, '/leads?view=my');
    await expect(page.getByRole('link', { name: 'Marketing lists' })).toHaveCount(0);
    await page.getByRole('checkbox', { name: `Select ${lead.number}` }).check();
    const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
    await expect(bar).toBeVisible();
    await expect(bar.getByRole('button', { name: 'Add to marketing list' })).toHaveCount(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }
});
