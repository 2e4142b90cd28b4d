import type { Locator, Page } from '@playwright/test';
import { Api, createLead, expect, shot, signInPage, test, unique } from '../fixtures';

/** dnd-kit starts a drag after the pointer has moved a few pixels: move in steps like a hand would. */
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

test('a sales user drags a lead to the next status, and onto a closed status to disqualify it', async ({
  page,
  adminApi,
}) => {
  const sales = await adminApi.createUser(['crm_sales'], unique('Kara Kanban'));
  const lead = await createLead(adminApi, { ownerId: null, name: unique('Kanban deal') });
  const api = await Api.signIn(page.request, sales.email, sales.password);
  const taken = await api.post<{ statusId: string }>(`/leads/${lead.id}/actions/take`);
  const statuses = (await api.get<{ items: { id: string; name: string; phase: string }[] }>('/lead-statuses'))
    .items;
  const next = statuses.filter((s) => s.phase === 'in_progress').find((s) => s.id !== taken.statusId)!;
  const current = statuses.find((s) => s.id === taken.statusId)!;

  await signInPage(page, sales.email, sales.password, '/kanban');
  const board = page.getByRole('list', { name: 'Pipeline' });
  const card = board.getByRole('button', { name: new RegExp(lead.name) });
  await expect(board.getByRole('listitem', { name: current.name, exact: true })).toContainText(lead.name);
  await shot(page, '30-kanban');

  await drag(page, card, board.getByRole('listitem', { name: next.name, exact: true }));
  await expect(board.getByRole('listitem', { name: next.name, exact: true })).toContainText(lead.name);
  await expect
    .poll(async () => (await api.get<{ statusId: string }>(`/leads/${lead.id}`)).statusId)
    .toBe(next.id);

  const lost = statuses.find((s) => s.phase === 'lost')!;
  await drag(
    page,
    board.getByRole('button', { name: new RegExp(lead.name) }),
    board.getByRole('listitem', { name: lost.name, exact: true }),
  );
  const dialog = page.getByRole('dialog', { name: 'Disqualify' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('textbox', { name: 'Disqualification code' })).toBeVisible();
  await shot(page, '31-kanban-disqualify');
});
