import { mkdirSync, readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { ADMIN } from '../constants';
import { createLead, expect, signInPage, test, unique } from '../fixtures';

const shots = process.env.E2E_SHOTS_DIR;
async function look(page: Page, name: string) {
  // Nothing may be wider than the window (no horizontal scroll on a phone), once a resize has settled
  // (the navigation slides away when the window narrows).
  await page.waitForTimeout(400);
  const width = page.viewportSize()!.width;
  const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
  expect(scrollWidth).toBeLessThanOrEqual(width);
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: `${shots}/${name}-${width}.png`, fullPage: true });
}

/** Console errors and failed requests, except the answers a step expects (a refused form: 422). */
function watchConsole(page: Page, expected: number[] = []) {
  const errors: string[] = [];
  const wanted = (text: string) => expected.some((status) => text.includes(`status of ${status}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !wanted(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400 && !expected.includes(r.status())) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

/** `2026-03-01T09:30` for a datetime-local input, in the browser's zone. */
const localInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

test('working a lead: plan a call, see it on the agenda and the card, mark it done, e-mail from a template, files, print', async ({
  page,
  adminApi,
}) => {
  // A whole morning's work in one test: longer than the default minute on a busy machine.
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales'], unique('Wanda Work'));
  const lead = await createLead(adminApi, {
    ownerId: sales.id,
    name: unique('Working lead'),
    emails: 'buyer@customer.example',
  });
  const template = await adminApi.post<{ id: string; name: string }>('/templates', {
    name: unique('Offer mail'),
    channel: 'email',
    subject: 'Offer for {{ lead.name }}',
    body: '<p>Hello {{ contact.firstName }}, here is our offer.</p>',
  });

  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, sales.email, sales.password, `/leads/${lead.id}`);
  await expect(page.getByRole('heading', { name: lead.name })).toBeVisible();

  // Plan a call for later today (or tomorrow just after midnight: the week view holds both).
  await page.getByRole('button', { name: 'Plan', exact: true }).click();
  const plan = page.getByRole('dialog', { name: 'Plan an activity' });
  await plan.getByLabel('Subject').fill('Call about the offer');
  await plan.getByLabel('Due').fill(localInput(new Date(Date.now() + 60 * 60_000)));
  await look(page, 'plan-dialog');
  await plan.getByRole('button', { name: 'Plan', exact: true }).click();
  await expect(plan).toBeHidden();
  const activities = page.getByRole('region', { name: 'Activities' });
  await expect(activities.getByText('Call about the offer')).toBeVisible();
  await expect(page.getByText('planned: Call')).toBeVisible();

  // On the agenda, and as the next step on the Kanban card.
  await page.getByRole('link', { name: 'Agenda' }).click();
  await page.getByRole('tab', { name: 'This week' }).click();
  await expect(page.getByTestId('agenda-item').filter({ hasText: 'Call about the offer' })).toBeVisible();
  await look(page, 'agenda');
  // The same activities as an iCalendar feed at a secret address.
  await page.getByRole('button', { name: 'Calendar feed' }).click();
  await page.getByRole('button', { name: 'Make an address' }).click();
  const feedUrl = (await page.getByTestId('feed-url').textContent())!;
  const feed = await page.request.get(feedUrl);
  expect(await feed.text()).toContain('Call about the offer');
  await look(page, 'calendar-feed');
  await page.keyboard.press('Escape');
  await page.goto('/kanban');
  const card = page.getByTestId('kanban-card').filter({ hasText: lead.name });
  await expect(card.getByTestId('next-step')).toContainText('Next step');

  // Mark it done with its outcome.
  await page.goto(`/leads/${lead.id}`);
  await activities.getByRole('button', { name: 'Done' }).click();
  const done = page.getByRole('dialog', { name: 'Mark the activity done' });
  await done.getByLabel('Outcome').fill('They want a discount');
  await done.getByRole('button', { name: 'Mark done' }).click();
  await expect(page.getByText('completed: Call')).toBeVisible();
  await expect(activities.getByText('Outcome: They want a discount')).toBeVisible();
  await page.goto('/agenda?due=week');
  await expect(page.getByTestId('agenda-item').filter({ hasText: 'Call about the offer' })).toHaveCount(0);

  // Upload a file, then download it.
  await page.goto(`/leads/${lead.id}`);
  const files = page.getByRole('region', { name: 'Files' });
  const chooser = page.waitForEvent('filechooser');
  await files.getByRole('button', { name: 'Upload' }).click();
  await (
    await chooser
  ).setFiles({ name: 'Предложение.txt', mimeType: 'text/plain', buffer: Buffer.from('Offer: 100 units') });
  await expect(files.getByTestId('attachment-row').filter({ hasText: 'Предложение.txt' })).toBeVisible();
  const download = page.waitForEvent('download');
  await files.getByRole('link', { name: 'Предложение.txt', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('Предложение.txt');
  expect(readFileSync(await file.path()).toString()).toBe('Offer: 100 units');
  await expect(page.getByText('attached Предложение.txt')).toBeVisible();

  // E-mail from the template, with the file, and see it on the timeline.
  await page.getByRole('button', { name: 'Communicate' }).click();
  const mail = page.getByRole('dialog', { name: 'Communicate' });
  await expect(mail.getByText('buyer@customer.example')).toBeVisible();
  await mail.getByRole('textbox', { name: 'Template' }).click();
  await page.getByRole('option', { name: template.name }).click();
  await expect(mail.getByTestId('preview-subject')).toHaveText(`Offer for ${lead.name}`);
  await mail.getByRole('checkbox', { name: 'Предложение.txt' }).check();
  await look(page, 'communicate');
  await mail.getByRole('button', { name: 'Send' }).click();
  await expect(mail).toBeHidden();
  await expect(page.getByText('e-mailed buyer@customer.example')).toBeVisible();
  await expect(page.getByText('Files: Предложение.txt')).toBeVisible();

  // Print: the report opens in a new tab as a PDF.
  const print = page.getByRole('link', { name: 'Print' });
  await expect(print).toHaveAttribute('target', '_blank');
  const pdf = await page.request.get((await print.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await look(page, 'lead');

  // The same screens on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  await expect(page.getByRole('heading', { name: lead.name })).toBeVisible();
  await look(page, 'lead');
  await page.goto('/agenda?due=week');
  await look(page, 'agenda');
  expect(errors).toEqual([]);
});

test('the Communicate dialog names the Do not email flag, counts SMS parts, and the bell lists notifications', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page);
  const sales = await adminApi.createUser(['crm_sales'], unique('Bella Bell'));
  const quiet = await createLead(adminApi, { doNotEmail: true, phones: ['+4930123456'] });
  // Assigning the lead tells the new owner in the app.
  await adminApi.post(`/leads/${quiet.id}/actions/assign`, { ownerId: sales.id });

  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, sales.email, sales.password, `/leads/${quiet.id}`);
  const bell = page.getByRole('button', { name: /Notifications, 1 unread/ });
  await expect(bell).toBeVisible();
  await bell.click();
  await expect(page.getByTestId('notification').first()).toContainText('Assigned to you');
  await look(page, 'bell');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByRole('button', { name: /Notifications, 0 unread/ })).toBeVisible();
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Communicate' }).click();
  const dialog = page.getByRole('dialog', { name: 'Communicate' });
  await expect(dialog.getByRole('alert')).toContainText('Do not email');
  await expect(dialog.getByRole('button', { name: 'Send' })).toBeDisabled();
  await dialog.getByText('SMS', { exact: true }).click();
  await dialog.getByText('Free text', { exact: true }).click();
  await dialog.getByRole('textbox', { name: 'Message' }).fill('x'.repeat(161));
  await expect(dialog.getByTestId('sms-segments')).toHaveText('2 SMS parts (161 characters, GSM-7)');
  await dialog.getByRole('textbox', { name: 'Message' }).fill('Привет');
  await expect(dialog.getByTestId('sms-segments')).toHaveText('1 SMS part (6 characters, UCS-2)');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'communicate-sms');
  expect(errors).toEqual([]);
});

test('an administrator writes a template (unknown variables refused with their position), a rule and a webhook', async ({
  page,
  adminApi,
}) => {
  // The template with an unknown variable is refused with 422: that answer is the point of the step.
  const errors = watchConsole(page, [422]);
  const lead = await createLead(adminApi, { name: unique('Preview lead') });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, 'admin@e2e.test', 'e2e-admin-password', '/settings/templates');

  const name = unique('Welcome');
  await page.getByRole('button', { name: 'New template' }).click();
  const editor = page.getByRole('dialog', { name: 'New template' });
  await editor.getByLabel('Name').fill(name);
  await editor.getByLabel('Subject').fill('Welcome, {{ contact.firstName }}');
  await editor.getByRole('textbox', { name: 'Body' }).fill('<p>Hello</p>\n<p>{{ lead.nmae }}</p>');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor.getByText('unknown variable "lead.nmae" at line 2')).toBeVisible();
  await editor.getByRole('textbox', { name: 'Body' }).fill('<p>Hello</p>\n<p>{{ lead.name }}</p>');
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  await page.getByRole('button', { name: `Edit ${name}` }).click();
  const edit = page.getByRole('dialog', { name: 'Edit template' });
  await edit.getByRole('textbox', { name: 'Preview against a lead' }).fill(lead.name);
  await page.getByRole('option', { name: new RegExp(lead.name) }).click();
  await expect(edit.getByTestId('template-preview')).toContainText(lead.name);
  await look(page, 'template-editor');
  await edit.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('tab', { name: 'Automatic messages' }).click();
  await page.getByRole('button', { name: 'New rule' }).click();
  const rule = page.getByRole('dialog', { name: 'New rule' });
  const ruleName = unique('Greet new leads');
  await rule.getByLabel('Name').fill(ruleName);
  await rule.getByRole('textbox', { name: 'Template' }).click();
  await page.getByRole('option', { name }).click();
  await rule.getByRole('button', { name: 'Save' }).click();
  await expect(rule).toBeHidden();
  await page.getByRole('button', { name: `Log of ${ruleName}` }).click();
  await expect(page.getByText('Nothing sent yet.')).toBeVisible();
  await page.keyboard.press('Escape');
  await look(page, 'rules');

  await page.getByRole('tab', { name: 'Webhooks' }).click();
  await page.getByRole('button', { name: 'New webhook' }).click();
  const hook = page.getByRole('dialog', { name: 'New webhook' });
  await hook.getByLabel('URL').fill('https://hooks.example.com/leadline');
  await hook.getByRole('button', { name: 'Save' }).click();
  await expect(hook.getByTestId('webhook-secret')).toContainText('whsec_');
  // The dialog's own button, after the secret (the header's close button comes first).
  await hook.getByRole('button', { name: 'Close' }).last().click();
  await page
    .getByRole('button', { name: 'Deliveries to https://hooks.example.com/leadline' })
    .first()
    .click();
  await expect(page.getByRole('dialog', { name: /Deliveries to/ })).toBeVisible();
  await page.keyboard.press('Escape');
  await look(page, 'webhooks');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'webhooks');
  await page.goto('/settings/templates');
  await look(page, 'templates');
  expect(errors).toEqual([]);
});

test('a file over the attachment limit is refused with a message naming it and the limit', async ({
  page,
  adminApi,
}) => {
  const errors = watchConsole(page, [413]);
  const sales = await adminApi.createUser(['crm_sales'], unique('Lars Large'));
  const lead = await createLead(adminApi, { ownerId: sales.id, name: unique('Large file lead') });
  const before = await adminApi.get<{ attachmentMaxBytes: number }>('/settings');
  await adminApi.patch('/settings', { attachmentMaxBytes: 2048 });
  try {
    await signInPage(page, sales.email, sales.password, `/leads/${lead.id}`);
    const files = page.getByRole('region', { name: 'Files' });
    const chooser = page.waitForEvent('filechooser');
    const answer = page.waitForResponse(
      (r) => r.url().endsWith(`/leads/${lead.id}/attachments`) && r.request().method() === 'POST',
    );
    await files.getByRole('button', { name: 'Upload' }).click();
    await (
      await chooser
    ).setFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(10_000, 1) });
    expect((await answer).status()).toBe(413);
    const alert = page.getByRole('alert').filter({ hasText: 'Upload failed' });
    await expect(alert).toContainText('scan.pdf (10 KB) is larger than the 2 KB allowed for a file.');
    // Told once, by the files section (not a second, generic notice).
    await expect(page.getByRole('alert').filter({ hasText: 'scan.pdf' })).toHaveCount(1);
    await expect(files.getByText('No files yet.')).toBeVisible();
    await look(page, 'attachment-too-large');
  } finally {
    await adminApi.patch('/settings', { attachmentMaxBytes: before.attachmentMaxBytes });
  }
  expect(errors).toEqual([]);
});

test('printing selected leads from the list: a ZIP of PDFs or one PDF', async ({ page, adminApi }) => {
  const errors = watchConsole(page);
  const tag = unique('Printed').replace(/\s/g, '');
  for (let i = 0; i < 3; i++) await createLead(adminApi, { name: `${tag} lead ${i}` });
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInPage(page, ADMIN.email, ADMIN.password, '/leads?view=all');
  const grid = page.getByRole('grid', { name: 'Leads' });
  await page.getByRole('textbox', { name: 'Search', exact: true }).fill(tag);
  await expect(grid.getByRole('row')).toHaveCount(4);
  const rows = grid.getByRole('row');
  await rows.nth(1).click();
  await rows.nth(3).click({ modifiers: ['Shift'] });
  const bar = page.getByRole('toolbar', { name: 'Bulk actions' });
  await expect(bar).toContainText('3 selected');

  await bar.getByRole('button', { name: 'Print' }).click();
  let download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'ZIP: one PDF per lead' }).click();
  const zip = await download;
  expect(zip.suggestedFilename()).toMatch(/^leads-.*\.zip$/);
  const bytes = readFileSync(await zip.path());
  expect(bytes.subarray(0, 2).toString()).toBe('PK');
  expect((bytes.toString('latin1').match(/lead-[\w-]+\.pdf/g) ?? []).length).toBeGreaterThanOrEqual(3);
  await expect(page.getByText('3 leads printed')).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'One PDF', exact: true })).toHaveCount(0);

  await bar.getByRole('button', { name: 'Print' }).click();
  download = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: 'One PDF', exact: true }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toMatch(/^leads-.*\.pdf$/);
  expect(
    readFileSync(await pdf.path())
      .subarray(0, 5)
      .toString(),
  ).toBe('%PDF-');
  await look(page, 'bulk-print');
  await page.setViewportSize({ width: 390, height: 844 });
  await look(page, 'bulk-print');
  expect(errors).toEqual([]);
});
