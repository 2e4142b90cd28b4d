import type { Locator, Page } from '@playwright/test';
import { createLead, expect, signInPage, test, unique } from '../fixtures';

/** Presses Tab until `target` has the focus; fails after `max` presses. */
async function tabTo(page: Page, target: Locator, max = 40, key = 'Tab') {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el.matches(':focus')).catch(() => false)) return;
    await page.keyboard.press(key);
  }
  await expect(target).toBeFocused();
}

/** What a screen reader would call the focused element, roughly: enough to tell the tab stops apart. */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return '';
    const labelled = el.getAttribute('aria-labelledby');
    return (
      el.getAttribute('aria-label') ??
      (labelled ? document.getElementById(labelled)?.textContent : null) ??
      el.labels?.[0]?.textContent ??
      el.textContent ??
      ''
    ).replace(/\\s+/g, ' ').trim();
  })()`);
}

/** The names of the next `count` tab stops. */
async function tabStops(page: Page, count: number) {
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    names.push(await focusedName(page));
  }
  return names;
}

/** `expected` appears in `names` in this order (other stops may lie between). */
function expectInOrder(names: string[], expected: (string | RegExp)[]) {
  let at = 0;
  for (const name of names) if (at < expected.length && name.match(expected[at]!)) at++;
  expect(expected.slice(at), `tab stops were: ${names.join(' | ')}`).toEqual([]);
}

test('keyboard only: sign in, find a lead, open it, comment, run an action, in reading order', async ({
  page,
  adminApi,
}) => {
  test.setTimeout(180_000);
  const sales = await adminApi.createUser(['crm_sales'], unique('Kim Keys'));
  const name = unique('Keyboard deal');
  const lead = await createLead(adminApi, { ownerId: null, name });
  await adminApi.post(`/leads/${lead.id}/actions/assign`, { ownerId: sales.id });

  // Sign in: the focus starts in Email; Email, Password, Sign in follow in reading order.
  await page.goto('/login');
  await expect(page.getByLabel('Email')).toBeFocused();
  await page.keyboard.type(sales.email);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Password')).toBeFocused();
  await page.keyboard.type(sales.password);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/leads/);
  await expect(page.getByRole('grid', { name: 'Leads' })).toBeVisible();

  // The tab order follows the reading order: header, navigation, then the page from top to bottom.
  await page.locator('body').focus();
  const stops = await tabStops(page, 24);
  expectInOrder(stops, [
    'Search leads',
    /User menu/,
    'Leads',
    'Kanban',
    'Companies',
    'Contacts',
    'Opportunities',
    'New lead',
    /My leads/,
    'Search',
    'Filters',
    'Saved views',
    'Columns',
  ]);

  // Find the lead: "/" goes to the search of the page; the list follows the term.
  await page.keyboard.press('Escape');
  await page.locator('body').focus();
  await page.keyboard.press('/');
  const search = page.getByRole('textbox', { name: 'Search', exact: true });
  await expect(search).toBeFocused();
  await page.keyboard.type(name, { delay: 60 });
  const grid = page.getByRole('grid', { name: 'Leads' });
  await expect(grid.getByRole('row')).toHaveCount(2); // the header and the lead
  await tabTo(page, grid);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // A dialog keeps the focus inside while open and gives it back to its button when closed.
  const qualifyButton = page.getByRole('button', { name: 'Qualify', exact: true });
  await tabTo(page, qualifyButton);
  await page.keyboard.press('Enter');
  const qualify = page.getByRole('dialog', { name: 'Qualify' });
  await expect(qualify).toBeVisible();
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    expect(await qualify.evaluate((d) => d.contains(d.ownerDocument.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape'); // the first may close an open list of options
  await expect(qualify).toBeHidden();
  await expect(qualifyButton).toBeFocused();

  // Comment: the box is reached by Tab, and Ctrl+Enter posts.
  const comment = page.getByRole('textbox', { name: 'Comment' });
  await tabTo(page, comment, 60);
  await page.keyboard.type('Called by phone, sending the offer');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Called by phone, sending the offer')).toBeVisible();

  // Run an action: More, Deactivate, then the Deactivate button of its dialog.
  await page.keyboard.press('Shift+Tab');
  const more = page.getByRole('button', { name: 'More', exact: true });
  await tabTo(page, more, 60, 'Shift+Tab');
  await page.keyboard.press('Enter');
  const item = page.getByRole('menuitem', { name: 'Deactivate' });
  await expect(item).toBeVisible();
  await tabTo(page, item, 5, 'ArrowDown');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Deactivate' });
  await expect(dialog).toBeVisible();
  await tabTo(page, dialog.getByRole('button', { name: 'Deactivate' }), 5);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('deactivated the lead')).toBeVisible();
});

test('a Kanban card moves by keyboard (Space, arrows, Space) and every step is announced', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Kai Board'));
  const lead = await createLead(adminApi, { ownerId: null, name: unique('Board deal') });
  await adminApi.post(`/leads/${lead.id}/actions/assign`, { ownerId: sales.id });
  const statuses = (
    await adminApi.get<{ items: { id: string; name: string; phase: string; active: boolean }[] }>(
      '/lead-statuses',
    )
  ).items.filter((s) => s.active && (s.phase === 'new' || s.phase === 'in_progress'));
  const current = (await adminApi.get<{ statusId: string }>(`/leads/${lead.id}`)).statusId;
  const here = statuses.findIndex((s) => s.id === current);
  const next = statuses[here + 1]!;

  await signInPage(page, sales.email, sales.password, '/kanban');
  const board = page.getByRole('list', { name: 'Pipeline' });
  const card = board.getByRole('button', { name: new RegExp(lead.name) });
  await expect(card).toHaveAttribute('aria-roledescription', 'movable lead');
  const live = page.locator('[id^="DndLiveRegion"]');

  await card.focus();
  await page.keyboard.press('Space');
  // Picked up, then (at once) over its own status: the live region holds the last.
  await expect(live).toContainText(`Lead ${lead.number} is over ${statuses[here]!.name}`);
  await expect(page.locator('[id^="DndDescribedBy"]').first()).toContainText('press Space');
  await page.keyboard.press('ArrowRight');
  await expect(live).toContainText(`Lead ${lead.number} is over ${next.name}`);
  await page.keyboard.press('Space');
  await expect(live).toContainText(`Lead ${lead.number} dropped on ${next.name}`);
  await expect(board.getByRole('listitem', { name: next.name, exact: true })).toContainText(lead.name);
  await expect(card).toBeFocused();
  await expect
    .poll(async () => (await adminApi.get<{ statusId: string }>(`/leads/${lead.id}`)).statusId)
    .toBe(next.id);

  // Escape puts it back where it was.
  // Each key waits for the announcement of the one before, as a screen-reader user hears it.
  await page.keyboard.press('Space');
  await expect(live).toContainText(`Lead ${lead.number} is over ${next.name}`);
  await page.keyboard.press('ArrowLeft');
  await expect(live).toContainText(`Lead ${lead.number} is over ${statuses[here]!.name}`);
  await page.keyboard.press('Escape');
  await expect(live).toContainText(`Moving lead ${lead.number} cancelled; it stays in ${next.name}`);
  await expect(board.getByRole('listitem', { name: next.name, exact: true })).toContainText(lead.name);
});
