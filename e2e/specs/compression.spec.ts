import type { Response } from '@playwright/test';
import { ADMIN } from '../constants';
import { expect, test } from '../fixtures';

test('sign-in and the lead list load compressed, long-cached chunks without the settings or Kanban code', async ({
  page,
}) => {
  const assets: Response[] = [];
  page.on('response', (r) => {
    if (/\/assets\/.+\.(js|css)$/.test(new URL(r.url()).pathname)) assets.push(r);
  });
  // The lead list asks for the sign-in first and is shown right after it.
  await page.goto('/leads');
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Leads', exact: true })).toBeVisible();
  await page.waitForLoadState('networkidle');

  const names = assets.map((r) => new URL(r.url()).pathname);
  expect(names.some((n) => /LeadListPage-/.test(n))).toBe(true);
  expect(
    names.filter((n) => /KanbanPage-|StatusesPage-|SettingsLayout-|UsersPage-|PortalPages-/.test(n)),
  ).toEqual([]);

  let transferred = 0;
  for (const r of assets) {
    const headers = await r.allHeaders();
    expect(headers['content-encoding'], r.url()).toBe('br');
    expect(headers['vary'], r.url()).toMatch(/accept-encoding/i);
    expect(headers['cache-control'], r.url()).toBe('public, max-age=31536000, immutable');
    transferred += Number(headers['content-length'] ?? (await r.body()).length);
  }
  const page0 = await page.request.get('/leads', { headers: { 'accept-encoding': 'br' } });
  expect(page0.headers()['cache-control']).toBe('no-cache');
  console.log(`JS and CSS sent for sign-in and the lead list: ${assets.length} files, ${transferred} bytes`);
});
