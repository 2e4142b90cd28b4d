import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signIn, signInAdmin, userWith, type Client, type TestApp } from '../test/harness';

const ru = { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' };
const en = { 'accept-language': 'en-GB,en;q=0.9' };

describe('the server speaks the asker language', () => {
  let t: TestApp;
  let admin: Client;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await signInAdmin(t.app);
  }, 120_000);
  afterAll(() => t.close());

  it('answers a missing record in Russian or English with the same code', async () => {
    const url = `/api/v1/leads/${randomUUID()}`;
    const inRussian = await admin.inject({ method: 'GET', url, headers: ru });
    expect(inRussian.statusCode).toBe(404);
    expect(inRussian.headers['content-type']).toContain('application/problem+json');
    expect(inRussian.headers['content-language']).toBe('ru');
    expect(inRussian.json()).toMatchObject({
      title: 'Не найдено',
      detail: 'Запись не найдена.',
      code: 'not_found',
    });
    const inEnglish = await admin.inject({ method: 'GET', url, headers: en });
    expect(inEnglish.json()).toMatchObject({
      title: 'Not found',
      detail: 'No such lead.',
      code: 'not_found',
    });
    // No header at all is English.
    expect((await admin.get(url)).json().title).toBe('Not found');
  });

  it('names every field at fault in Russian, with the codes and fields of the English answer', async () => {
    const body = { description: 'no name, no source' };
    const res = await admin.inject({ method: 'POST', url: '/api/v1/leads', payload: body, headers: ru });
    const eng = await admin.inject({ method: 'POST', url: '/api/v1/leads', payload: body, headers: en });
    expect(res.statusCode).toBe(422);
    const problem = res.json<{
      title: string;
      detail: string;
      errors: { field: string; code: string; message: string }[];
    }>();
    expect(problem.title).toBe('Ошибка проверки данных');
    expect(problem.detail).toBe('Некоторые поля заполнены неверно.');
    expect(problem.errors.map(({ field, code }) => ({ field, code }))).toEqual(
      eng
        .json<{ errors: { field: string; code: string }[] }>()
        .errors.map(({ field, code }) => ({ field, code })),
    );
    expect(problem.errors).toContainEqual({ field: 'name', code: 'required', message: 'обязательное поле' });
    expect(eng.json().errors).toContainEqual({ field: 'name', code: 'required', message: 'is required' });
    for (const e of problem.errors) expect(e.message).toMatch(/[а-яё]/i);
  });

  it('words the schema checks in Russian (length, format, choice, unknown fields)', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: ru,
      payload: { email: 'not-an-address', name: 'Иван', password: 'short', roles: ['nobody'] },
    });
    expect(res.statusCode).toBe(422);
    const errors = res.json<{ errors: { field: string; code: string; message: string }[] }>().errors;
    const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
    expect(byField.password).toMatchObject({ message: 'не короче 10 символов' });
    expect(byField.email).toMatchObject({ message: 'неверный адрес электронной почты' });
    expect(byField['roles.0'].message).toMatch(/^допустимые значения: crm_admin/);
  });

  it('answers sign-in, permission and state errors in Russian', async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/leads', headers: ru });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ title: 'Требуется вход', code: 'unauthorized' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: ru,
      payload: { email: 'admin@example.test', password: 'wrong-password' },
    });
    expect(wrong.json()).toMatchObject({
      detail: 'Неверный адрес электронной почты или пароль.',
      code: 'invalid_credentials',
    });
    const marketeer = await userWith(t.app, admin, ['crm_marketeer']);
    const refused = await marketeer.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: ru,
      payload: {},
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      title: 'Доступ запрещён',
      detail: 'Недостаточно прав для этого действия.',
    });
    const stale = await admin.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: { ...ru, 'if-match': '999' },
      payload: { visibility: 'all' },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'stale_version', title: 'Запись изменилась' });
    const noRoute = await admin.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: ru });
    expect(noRoute.json()).toMatchObject({ status: 404, title: 'Не найдено' });
  });

  it('words the refused items of bulk actions and batch creation in Russian too', async () => {
    const bulk = await admin.inject({
      method: 'POST',
      url: '/api/v1/leads/bulk',
      headers: ru,
      payload: { ids: [randomUUID()], action: 'take', params: {} },
    });
    expect(bulk.statusCode).toBe(200);
    expect(bulk.json().results[0]).toMatchObject({
      status: 404,
      error: { code: 'not_found', message: 'Запись не найдена.' },
    });
    const batch = await admin.inject({
      method: 'POST',
      url: '/api/v1/leads/batch',
      headers: ru,
      payload: { items: [{ description: 'no name' }] },
    });
    expect(batch.statusCode).toBe(200);
    const [item] = batch.json().results;
    expect(item).toMatchObject({ status: 422, detail: 'Некоторые поля заполнены неверно.' });
    expect(item.errors).toContainEqual({ field: 'name', code: 'required', message: 'обязательное поле' });
  });

  it('picks the language by quality, and English when it offers neither', async () => {
    const url = `/api/v1/leads/${randomUUID()}`;
    const title = async (value: string) =>
      (await admin.inject({ method: 'GET', url, headers: { 'accept-language': value } })).json().title;
    expect(await title('en;q=0.5, ru;q=0.9')).toBe('Не найдено');
    expect(await title('ru;q=0.3, en')).toBe('Not found');
    expect(await title('de-DE, fr;q=0.8')).toBe('Not found');
    expect(await title('uk, ru;q=0.5')).toBe('Не найдено');
  });

  it('keeps each user locale: /me starts without one, takes ru, refuses other values, and clears', async () => {
    const sales = await userWith(t.app, admin, ['crm_sales']);
    expect((await sales.get('/api/v1/me')).json().user.locale).toBeNull();
    const set = await sales.patch('/api/v1/me', { locale: 'ru' });
    expect(set.statusCode).toBe(200);
    expect(set.json().user).toMatchObject({ id: sales.userId, locale: 'ru' });
    expect((await sales.get('/api/v1/me')).json().user.locale).toBe('ru');
    // Signing in again brings it back, and the admin sees it on the user.
    expect((await signIn(t.app, sales.email, sales.password)).userId).toBe(sales.userId);
    expect((await admin.get(`/api/v1/users/${sales.userId}`)).json().locale).toBe('ru');
    const bad = await sales.inject({
      method: 'PATCH',
      url: '/api/v1/me',
      payload: { locale: 'de' },
      headers: ru,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ field: 'locale', message: 'допустимые значения: en, ru' }),
    ]);
    expect((await sales.get('/api/v1/me')).json().user.locale).toBe('ru');
    expect((await sales.patch('/api/v1/me', { locale: null })).json().user.locale).toBeNull();
    // Someone else's locale is not theirs to change through /me.
    expect((await admin.get(`/api/v1/users/${sales.userId}`)).json().locale).toBeNull();
  });

  it('mails a user in that user language, with the time in the organisation time zone', async () => {
    const tz = await admin.patch('/api/v1/settings', { timeZone: 'Asia/Yekaterinburg' });
    expect(tz.statusCode).toBe(200);
    expect(tz.json().timeZone).toBe('Asia/Yekaterinburg');
    const russian = await userWith(t.app, admin, ['crm_sales']);
    const english = await userWith(t.app, admin, ['crm_sales']);
    await russian.patch('/api/v1/me', { locale: 'ru' });
    for (const u of [russian, english]) {
      const res = await u.post('/api/v1/me/password', {
        currentPassword: u.password,
        newPassword: 'another-password-2',
      });
      expect(res.statusCode).toBe(204);
    }
    const outbox = (await admin.get('/api/v1/outbox?limit=50')).json<{
      items: { to: string; subject: string; text: string }[];
    }>();
    const toRussian = outbox.items.find((m) => m.to === russian.email)!;
    const toEnglish = outbox.items.find((m) => m.to === english.email)!;
    expect(toRussian.subject).toBe('Пароль Leadline изменён');
    expect(toRussian.text).toMatch(/^Здравствуйте, User \d+!/);
    // dd.mm.yyyy, hh:mm in Yekaterinburg (UTC+5).
    const local = new Intl.DateTimeFormat('ru-RU', {
      dateStyle: 'short',
      timeZone: 'Asia/Yekaterinburg',
    }).format(new Date());
    expect(toRussian.text).toContain(`изменён ${local}`);
    expect(local).toMatch(/^\d\d\.\d\d\.\d{4}$/);
    expect(toEnglish.subject).toBe('Your Leadline password was changed');
  });

  it('refuses an unknown time zone and language in the settings, naming both', async () => {
    const res = await admin.inject({
      method: 'PATCH',
      url: '/api/v1/settings',
      headers: ru,
      payload: { timeZone: 'Mars/Olympus', locale: 'xx' },
    });
    expect(res.statusCode).toBe(422);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['locale', 'timeZone']);
  });
});

describe('LEADLINE_LOCALE', () => {
  // Each of these starts a Leadline of its own on a fresh database.
  it('en (the default) creates the default configuration in English', { timeout: 120_000 }, async () => {
    const t = await createTestApp();
    try {
      const admin = await signInAdmin(t.app);
      const statuses = (await admin.get('/api/v1/lead-statuses')).json<{ items: { name: string }[] }>();
      expect(statuses.items.map((s) => s.name)).toContain('To be processed');
      expect((await admin.get('/api/v1/settings')).json()).toMatchObject({ locale: 'en', timeZone: 'UTC' });
    } finally {
      await t.close();
    }
  });

  it(
    'ru creates statuses, sources and codes in Russian, and then keeps the names the administrator types',
    {
      timeout: 120_000,
    },
    async () => {
      const t = await createTestApp({ env: { LEADLINE_LOCALE: 'ru' } });
      try {
        const admin = await signInAdmin(t.app);
        const names = async (url: string) =>
          (await admin.get(url)).json<{ items: { id: string; name: string }[] }>().items;
        const statuses = await names('/api/v1/lead-statuses');
        expect(statuses.map((s) => s.name)).toEqual([
          'К обработке',
          'Маркетинговая квалификация',
          'Квалификация продаж',
          'Прогрев',
          'Квалифицирован (конвертирован)',
          'Дисквалифицирован (потерян)',
          'Отменён',
        ]);
        expect((await names('/api/v1/lead-sources?limit=100')).map((s) => s.name)).toEqual(
          expect.arrayContaining(['Собственный поиск', 'Электронная почта', 'Звонок', 'Форма на сайте']),
        );
        expect((await names('/api/v1/disqualification-codes')).map((s) => s.name)).toContain(
          'Нецелевой клиент',
        );
        expect((await admin.get('/api/v1/me')).json().user.name).toBe('Администратор');
        expect((await admin.get('/api/v1/settings')).json()).toMatchObject({
          locale: 'ru',
          timeZone: 'Europe/Moscow',
          defaultCurrency: 'RUB',
        });
        // The settings still point at the renamed default statuses.
        const settings = (await admin.get('/api/v1/settings')).json<{ defaultNewStatusId: string }>();
        expect(statuses.find((s) => s.id === settings.defaultNewStatusId)?.name).toBe('К обработке');
        // What the administrator types stays as typed, whatever language asks.
        const renamed = await admin.patch(`/api/v1/lead-statuses/${statuses[1].id}`, { name: 'MQL' });
        expect(renamed.statusCode).toBe(200);
        const created = await admin.post('/api/v1/lead-sources', { name: 'Trade fair' });
        expect(created.statusCode).toBe(201);
        const again = await admin.inject({ method: 'GET', url: '/api/v1/lead-statuses', headers: en });
        expect(again.json().items[1].name).toBe('MQL');
        expect((await names('/api/v1/lead-sources?limit=100')).map((s) => s.name)).toContain('Trade fair');
      } finally {
        await t.close();
      }
    },
  );
});
