import { fileURLToPath } from 'node:url';
import { test as base, expect, request as playwrightRequest, type Page } from '@playwright/test';
import { ADMIN, RU_BASE_URL } from '../constants';
import { Api, unique } from '../fixtures';

// A Russian-speaking organisation (created with LEADLINE_LOCALE=ru) and a browser set to Russian.
const test = base.extend({});
test.use({ baseURL: RU_BASE_URL, locale: 'ru-RU', timezoneId: 'Europe/Moscow' });

/** No English word may be left on the screen: only the product's name and codes such as L-000012. */
async function expectOnlyRussian(page: Page, allowed: string[] = []) {
  await page.waitForTimeout(200);
  const text = await page.locator('body').innerText();
  const english = (
    text
      .replace(/\S+@\S+/g, ' ')
      // Web addresses are data, written in Latin letters.
      .replace(/(https?:\/\/)?[\w-]+\.example\S*/g, ' ')
      .replace(/\b[LO]-\d+\b/g, ' ')
      // The suffix that keeps seeded names apart between runs.
      .replace(/\s[0-9a-z]{3,5}\d+\b/g, ' ')
      .match(/[A-Za-z]{2,}/g) ?? []
  )
    // Key caps are printed in Latin letters on Russian keyboards too.
    .filter((w) => !['Leadline', 'API', 'ID', 'Ctrl', 'Shift', 'Enter', ...allowed].includes(w));
  expect([...new Set(english)], 'English words on a Russian screen').toEqual([]);
}

/** Screenshots at desktop and phone widths, to be looked at (E2E_SCREENSHOTS=1). */
async function shots(page: Page, name: string) {
  if (!process.env.E2E_SCREENSHOTS) return;
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 1000 ? 900 : 844 });
    await page.waitForTimeout(400);
    await page.screenshot({
      path: fileURLToPath(new URL(`../screenshots/ru-${name}-${width}.png`, import.meta.url)),
      fullPage: false,
    });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

/** Russian money as Intl writes it: groups and the sign separated by no-break spaces. */
const rubles = (text: string) => new RegExp(text.replace(/ /g, '[\\s\\u00a0\\u202f]'));

test('a Russian-speaking sales user works a day in Russian: sign-in, list, lead, create, assign, Kanban', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const ctx = await playwrightRequest.newContext({ baseURL: RU_BASE_URL });
  const admin = await Api.signIn(ctx, ADMIN.email, ADMIN.password);
  const password = 'e2e-password-123';
  const olga = {
    ...(await admin.post<{ id: string; name: string; email: string }>('/users', {
      name: unique('Ольга Смирнова'),
      email: `olga.${Date.now().toString(36)}@e2e.test`,
      password,
      roles: ['crm_sales'],
    })),
    password,
  };
  const direction = await admin.post<{ id: string; name: string }>('/sales-directions', {
    name: unique('Сетевое оборудование'),
  });
  const sources = (await admin.get<{ items: { id: string; name: string }[] }>('/lead-sources?limit=50'))
    .items;
  const call = sources.find((s) => s.name === 'Звонок')!;
  const statuses = (
    await admin.get<{ items: { id: string; name: string; phase: string }[] }>('/lead-statuses')
  ).items;
  const inProgress = statuses.filter((s) => s.phase === 'in_progress');
  const seeded = await admin.post<{ id: string; number: string; name: string }>('/leads', {
    name: unique('Поставка коммутаторов'),
    sourceId: call.id,
    salesDirectionId: direction.id,
    newCompany: true,
    companyName: unique('ООО Ромашка'),
    companyWebsite: 'romashka.example',
    companyTin: '7707083893',
    newContact: true,
    firstName: 'Иван',
    lastName: unique('Петров'),
    ownerId: olga.id,
    targetAmount: { amount: '1234.50', currency: 'RUB' },
    expectedCompletionDate: '2026-11-30',
  });

  // Sign in through the form: the browser speaks Russian, so does Leadline.
  await page.goto('/login');
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  await expectOnlyRussian(page);
  await shots(page, 'sign-in');
  await page.getByLabel('Электронная почта').fill(olga.email);
  await page.getByLabel('Пароль').fill(olga.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/leads/);

  // The list: her lead with its amount and date the Russian way.
  await expect(page.getByRole('heading', { name: 'Лиды' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(seeded.name) });
  await expect(row).toBeVisible();
  await expectOnlyRussian(page, [olga.name]);
  await shots(page, 'list');

  // The lead page: dd.mm.yyyy and 1 234,50 ₽.
  await page.getByRole('link', { name: seeded.name }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: seeded.name })).toBeVisible();
  await expect(page.getByText('30.11.2026').first()).toBeVisible();
  await expect(page.getByText(rubles('1 234,50 ₽')).first()).toBeVisible();
  await expectOnlyRussian(page);
  await shots(page, 'lead');

  // Create a lead with a new company and a new contact.
  await page.goto('/leads/new');
  const name = unique('Внедрение CRM');
  await page.getByLabel('Название', { exact: true }).fill(name);
  await page.getByRole('textbox', { name: 'Источник лида' }).click();
  await page.getByRole('option', { name: 'Звонок' }).click();
  await page.getByRole('checkbox', { name: 'Новая компания' }).check();
  await page.getByLabel('Название компании', { exact: true }).fill(unique('АО Вектор'));
  await page.getByLabel('Сайт компании').fill('vector.example');
  await page.getByLabel('ИНН компании').fill('7736207543');
  await page.getByRole('checkbox', { name: 'Новый контакт' }).check();
  await page.getByLabel('Имя', { exact: true }).fill('Мария');
  await page.getByLabel('Фамилия', { exact: true }).fill(unique('Кузнецова'));
  await page.getByRole('textbox', { name: 'Направление продаж' }).click();
  await page.getByRole('option', { name: direction.name }).click();
  await expectOnlyRussian(page, ['CRM']);
  await shots(page, 'create');
  await page.getByRole('button', { name: 'Создать лид' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // An action: assign it to herself; it moves to the first status in progress.
  await page.getByRole('button', { name: 'Назначить', exact: true }).click();
  const assign = page.getByRole('dialog', { name: 'Назначить' });
  await assign.getByRole('textbox', { name: 'Ответственный' }).click();
  await page.getByRole('option', { name: olga.name }).click();
  await expectOnlyRussian(page, ['CRM']);
  await shots(page, 'assign');
  await assign.getByRole('button', { name: 'Назначить' }).click();
  await expect(assign).toBeHidden();
  await expect(page.getByRole('listitem', { name: inProgress[0].name })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await expectOnlyRussian(page, ['CRM']);

  // The Kanban: Russian statuses, the card's amount in roubles.
  await page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Канбан' }).click();
  const board = page.getByRole('list', { name: 'Воронка' });
  await expect(board.getByRole('listitem', { name: inProgress[0].name, exact: true })).toContainText(name);
  await expect(board.getByText(rubles('1 234,50 ₽')).first()).toBeVisible();
  await expectOnlyRussian(page, ['CRM']);
  await shots(page, 'kanban');

  // The language switch in the user menu is kept on the user.
  await page.getByRole('button', { name: /Меню пользователя/ }).click();
  await page.getByRole('menuitem', { name: 'English' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }),
  ).toBeVisible();
  const me = await page.request.get('/api/v1/me');
  expect((await me.json()).user.locale).toBe('en');
  await page.getByRole('button', { name: /User menu/ }).click();
  await page.getByRole('menuitem', { name: 'Русский' }).click();
  await expect(
    page.getByRole('navigation', { name: 'Главное меню' }).getByRole('link', { name: 'Лиды' }),
  ).toBeVisible();
  expect((await (await page.request.get('/api/v1/me')).json()).user.locale).toBe('ru');
  await ctx.dispose();
});
