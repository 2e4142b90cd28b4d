import type { Locator, Page } from '@playwright/test';
import { expect, leadRefs, shot, test, unique } from '../fixtures';

async function drag(page: Page, from: Locator, to: Locator) {
  await to.scrollIntoViewIfNeeded();
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + 12);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 12 });
  await page.mouse.up();
}

test("a sales user's day: create a lead, assign it, move it on the Kanban, qualify it with conversion", async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Dana Day'));
  const { source, direction } = await leadRefs(adminApi);
  const statuses = (
    await adminApi.get<{ items: { id: string; name: string; phase: string }[] }>('/lead-statuses')
  ).items;
  const inProgress = statuses.filter((s) => s.phase === 'in_progress');

  // Sign in through the form.
  await page.goto('/login');
  await page.getByLabel('Email').fill(sales.email);
  await page.getByLabel('Password').fill(sales.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/leads/);

  // Create a lead with a new company and a new contact.
  await page.getByRole('link', { name: 'New lead' }).first().click();
  const name = unique('CRM rollout');
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Lead source' }).click();
  await page.getByRole('option', { name: source.name }).click();
  await page.getByRole('checkbox', { name: 'New company' }).check();
  await page.getByLabel('Company name', { exact: true }).fill(unique('Initech'));
  await page.getByLabel('Company website').fill('initech.example');
  await page.getByLabel('Company TIN').fill('7736207543');
  await page.getByRole('checkbox', { name: 'New contact' }).check();
  await page.getByLabel('First name').fill('Peter');
  await page.getByLabel('Last name').fill(unique('Gibbons'));
  await page.getByLabel('Phones').fill('+49 30 1234567');
  await page.getByRole('textbox', { name: 'Sales direction' }).click();
  await page.getByRole('option', { name: direction.name }).click();
  await page.getByRole('textbox', { name: 'City' }).fill('Hamburg');
  for (const label of [
    'Goal',
    'Implementation options',
    'Procurement procedure',
    'Decision level',
    'Terms',
    'Decision maker',
    'Selection criteria',
    'Compliance with criteria',
    'Channel',
  ]) {
    await page.getByLabel(label, { exact: true }).fill(`${label} known`);
  }
  await page.getByRole('button', { name: 'Create lead' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const leadUrl = page.url();

  // Assign it (to herself): it moves to the first in-progress status.
  await page.getByRole('button', { name: 'Assign', exact: true }).click();
  const assign = page.getByRole('dialog', { name: 'Assign' });
  await assign.getByRole('textbox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: sales.name }).click();
  await assign.getByRole('button', { name: 'Assign' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByRole('listitem', { name: inProgress[0].name })).toHaveAttribute(
    'aria-current',
    'step',
  );

  // Drag it to the next status on the Kanban.
  await page
    .getByRole('navigation', { name: 'Main navigation' })
    .getByRole('link', { name: 'Kanban' })
    .click();
  const board = page.getByRole('list', { name: 'Pipeline' });
  const target = board.getByRole('listitem', { name: inProgress[1].name, exact: true });
  await drag(page, board.getByRole('button', { name: new RegExp(name) }), target);
  await expect(target).toContainText(name);
  await shot(page, '70-day-kanban');

  // Qualify with conversion; the opportunity and the history are on the lead.
  await page.goto(leadUrl);
  await page.getByRole('button', { name: 'Qualify', exact: true }).click();
  const qualify = page.getByRole('dialog', { name: 'Qualify' });
  await expect(qualify.getByLabel('City')).toHaveValue('Hamburg');
  await qualify.getByRole('radio', { name: 'Create a new company' }).check();
  await qualify.getByRole('radio', { name: 'Create a new contact' }).check();
  await qualify.getByRole('button', { name: 'Qualify', exact: true }).click();
  await expect(qualify).toBeHidden();
  await expect(page.getByRole('link', { name })).toBeVisible();
  await expect(page.getByText('qualified the lead')).toBeVisible();
  await shot(page, '71-day-qualified');

  await page.getByRole('link', { name }).click();
  await expect(page).toHaveURL(/\/opportunities\//);
  await expect(page.getByRole('heading', { name })).toBeVisible();
});
