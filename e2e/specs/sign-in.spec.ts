import { expect, test } from '@playwright/test';
import { ADMIN } from '../constants';
import { shot } from '../fixtures';

test('an administrator signs in, sees the navigation and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await shot(page, '01-sign-in');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('wrong-password-here');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('wrong');

  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // An administrator lands on the dashboard.
  await expect(page).toHaveURL(/\/dashboard/);
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  for (const name of ['Dashboard', 'Leads', 'Kanban', 'Companies', 'Contacts', 'Opportunities', 'Settings']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }

  // `/` jumps to the page's search, or to the lead search on pages without one.
  await nav.getByRole('link', { name: 'Leads' }).click();
  await expect(page.getByRole('textbox', { name: 'Search', exact: true })).toBeVisible();
  await page.locator('body').press('/');
  await expect(page.getByRole('textbox', { name: 'Search', exact: true })).toBeFocused();
  await page.goto('/settings/statuses');
  await expect(page.getByRole('list', { name: 'Statuses' })).toBeVisible();
  await page.locator('body').press('/');
  await expect(page.getByRole('textbox', { name: 'Search leads' })).toBeFocused();

  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login$/);
});
