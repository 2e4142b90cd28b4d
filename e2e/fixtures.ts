import { fileURLToPath } from 'node:url';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { ADMIN, BASE_URL } from './constants';

export { expect };

/** A signed-in client of the REST API, to seed what a test needs without clicking through it. */
export class Api {
  private constructor(
    readonly request: APIRequestContext,
    private readonly csrf: string,
    readonly user: { id: string; name: string; email: string },
  ) {}

  static async signIn(request: APIRequestContext, email: string, password: string): Promise<Api> {
    const res = await request.post('/api/v1/auth/login', { data: { email, password } });
    if (!res.ok()) throw new Error(`sign-in of ${email} failed: ${res.status()} ${await res.text()}`);
    const body = (await res.json()) as { user: Api['user']; csrfToken: string };
    return new Api(request, body.csrfToken, body.user);
  }

  private async call<T>(method: string, path: string, data?: unknown, headers: Record<string, string> = {}) {
    const res = await this.request.fetch(`/api/v1${path}`, {
      method,
      data,
      headers: { 'x-csrf-token': this.csrf, ...headers },
    });
    if (!res.ok()) throw new Error(`${method} ${path} answered ${res.status()}: ${await res.text()}`);
    return (res.status() === 204 ? undefined : await res.json()) as T;
  }

  get<T>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T>(path: string, data: unknown = {}) {
    return this.call<T>('POST', path, data);
  }
  patch<T>(path: string, data: unknown, version?: number) {
    return this.call<T>('PATCH', path, data, version === undefined ? {} : { 'if-match': String(version) });
  }
  delete(path: string) {
    return this.call<void>('DELETE', path);
  }

  /** A user with the given roles and a known password. */
  async createUser(roles: string[], name = unique('User')) {
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@e2e.test`;
    const password = 'e2e-password-123';
    const user = await this.post<{ id: string; name: string; email: string; version: number }>('/users', {
      name,
      email,
      password,
      roles,
    });
    return { ...user, password };
  }
}

export interface SeedLead {
  id: string;
  number: string;
  name: string;
  version: number;
  phase: string;
  statusId: string;
  ownerId: string | null;
}

/** The reference data a lead needs, created once per run. */
export async function leadRefs(api: Api) {
  const sources = await api.get<{ items: { id: string; name: string }[] }>('/lead-sources?limit=50');
  const directions = await api.get<{ items: { id: string; name: string }[] }>('/sales-directions?limit=50');
  const direction =
    directions.items[0] ??
    (await api.post<{ id: string; name: string }>('/sales-directions', { name: 'Software' }));
  return { source: sources.items[0], direction };
}

/** A lead with a new company and a new contact; `fields` overrides anything. */
export async function createLead(api: Api, fields: Record<string, unknown> = {}): Promise<SeedLead> {
  const { source, direction } = await leadRefs(api);
  return api.post<SeedLead>('/leads', {
    name: unique('Lead'),
    sourceId: source.id,
    salesDirectionId: direction.id,
    newCompany: true,
    companyName: unique('Acme'),
    companyWebsite: 'https://acme.example',
    companyTin: '7707083893',
    newContact: true,
    firstName: 'Ada',
    lastName: unique('Lovelace'),
    emails: 'ada@example.com',
    ...fields,
  });
}

let counter = 0;
/** Names that do not collide between tests sharing one server and database. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix} ${Date.now().toString(36).slice(-4)}${counter}`;
}

/** Signs the browser in through the API (the cookie is shared with the page), then opens `path`. */
export async function signInPage(page: Page, email: string, password: string, path = '/leads') {
  const res = await page.request.post('/api/v1/auth/login', { data: { email, password } });
  expect(res.ok()).toBeTruthy();
  await page.goto(path);
}

export const test = base.extend<{ adminApi: Api; adminPage: Page }, { workerAdmin: Api }>({
  workerAdmin: [
    // One API session for the whole run keeps seeding fast.
    async ({ playwright }, use) => {
      const ctx = await playwright.request.newContext({ baseURL: BASE_URL });
      await use(await Api.signIn(ctx, ADMIN.email, ADMIN.password));
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
  adminApi: async ({ workerAdmin }, use) => {
    await use(workerAdmin);
  },
  adminPage: async ({ page }, use) => {
    await signInPage(page, ADMIN.email, ADMIN.password);
    await use(page);
  },
});

/** Saves a full-page screenshot under e2e/screenshots when E2E_SCREENSHOTS is set. */
export async function shot(page: Page, name: string) {
  if (!process.env.E2E_SCREENSHOTS) return;
  await page.waitForTimeout(300);
  await page.screenshot({ path: fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url)) });
}
