import type { Browser, Locator, Page } from '@playwright/test';
import { expectAccessible } from '../axe';
import { Api, createLead, expect, signInPage, test, unique, type SeedLead } from '../fixtures';

type Role = 'admin' | 'sales' | 'manager' | 'partner';

interface Seed {
  /** A new lead nobody owns: assign and take are offered. */
  fresh: SeedLead;
  /** A lead in progress owned by the sales user: qualify, disqualify and drop are offered. */
  owned: SeedLead;
  companyId: string;
  contactId: string;
  /** A likely duplicate of each (the same name with a legal form; the same person): the merge screens. */
  companyTwinId: string;
  contactTwinId: string;
}

/**
 * Every screen and dialog audited, as data: a path, who sees it, and (for a dialog, menu or panel) how to
 * open it. A screen added later is one line here.
 */
interface Screen {
  name: string;
  path: (s: Seed) => string;
  roles: Role[];
  /** Opens the dialog, menu or panel to audit once the page is loaded. */
  open?: (page: Page) => Promise<void>;
  /** Only at these widths (every width when absent). */
  widths?: number[];
}

const everyone: Role[] = ['admin', 'sales', 'manager'];
const partner: Role[] = ['partner'];
const admin: Role[] = ['admin'];

/**
 * Openers press keys on the focused control rather than click: the same at every width, even where a
 * navigation drawer lies over the page.
 */
const press = async (target: Locator, key = 'Enter') => {
  await target.focus();
  await target.press(key);
};
const button = (name: string) => async (page: Page) => {
  await press(page.getByRole('button', { name, exact: true }).first());
};
const dialog =
  (opener: string, title = opener) =>
  async (page: Page) => {
    await button(opener)(page);
    await expect(page.getByRole('dialog', { name: title })).toBeVisible();
  };
const fromMenu =
  (menu: string, item: string, title = item) =>
  async (page: Page) => {
    await button(menu)(page);
    await press(page.getByRole('menuitem', { name: new RegExp(`^${item}`) }));
    await expect(page.getByRole('dialog', { name: title })).toBeVisible();
  };
const listOf = (name: string) => async (page: Page) => {
  await press(page.getByRole('navigation', { name: 'Lists of values' }).getByRole('button', { name }));
};

const screens: Screen[] = [
  { name: 'lead list', path: () => '/leads?view=all', roles: everyone },
  {
    name: 'navigation drawer',
    path: () => '/leads?view=all',
    roles: [...everyone, ...partner],
    open: async (page) => {
      await button('Open navigation')(page);
      await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeInViewport();
    },
    widths: [390],
  },
  {
    name: 'notification bell open',
    path: () => '/leads?view=all',
    roles: everyone,
    open: async (page) => {
      await press(page.getByRole('button', { name: /^Notifications, / }));
      await expect(page.getByRole('dialog').getByText('Notifications', { exact: true })).toBeVisible();
    },
  },
  { name: 'dashboard', path: () => '/dashboard', roles: everyone },
  { name: 'agenda', path: () => '/agenda', roles: everyone },
  { name: 'marketing lists', path: () => '/marketing-lists', roles: ['admin', 'manager'] },
  { name: 'imports', path: () => '/imports', roles: everyone },
  { name: 'import wizard', path: () => '/imports/new', roles: everyone },
  { name: 'partner portal: our leads', path: () => '/leads', roles: partner },
  { name: 'partner portal: register a lead', path: () => '/leads/new', roles: partner },
  {
    name: 'lead list, filters open',
    path: () => '/leads?view=all',
    roles: everyone,
    open: button('Filters'),
  },
  {
    name: 'lead list, bulk bar',
    path: () => '/leads?view=all',
    roles: everyone,
    open: async (page) => {
      // A click event, not a pointer: at phone width the navigation drawer may lie over the list.
      await page
        .getByRole('checkbox', { name: /^Select L/ })
        .first()
        .dispatchEvent('click');
      await expect(page.getByRole('toolbar', { name: 'Bulk actions' })).toBeVisible();
    },
    // A phone lists leads as cards, which are not selected in bulk.
    widths: [1440],
  },
  { name: 'saved views menu', path: () => '/leads?view=all', roles: everyone, open: button('Saved views') },
  {
    name: 'save view dialog',
    path: () => '/leads?view=all',
    roles: everyone,
    open: fromMenu('Saved views', 'Save current view'),
  },
  { name: 'columns menu', path: () => '/leads?view=all', roles: everyone, open: button('Columns') },
  { name: 'lead page', path: (s) => `/leads/${s.owned.id}`, roles: everyone },
  {
    name: 'lead page, comment written',
    path: (s) => `/leads/${s.owned.id}`,
    roles: ['admin', 'sales'],
    open: async (page) => {
      await page.getByRole('textbox', { name: 'Comment' }).fill('Called, will send the offer');
    },
  },
  {
    name: 'assign dialog',
    path: (s) => `/leads/${s.fresh.id}`,
    roles: ['admin', 'sales'],
    open: dialog('Assign'),
  },
  {
    name: 'assign dialog, owners listed',
    path: (s) => `/leads/${s.fresh.id}`,
    roles: ['admin', 'sales'],
    open: async (page) => {
      await dialog('Assign')(page);
      await press(
        page.getByRole('dialog', { name: 'Assign' }).getByRole('textbox', { name: 'Owner' }),
        'ArrowDown',
      );
      await expect(page.getByRole('listbox')).toBeVisible();
    },
  },
  {
    name: 'qualify dialog',
    path: (s) => `/leads/${s.owned.id}`,
    roles: ['admin', 'sales'],
    open: dialog('Qualify'),
  },
  {
    name: 'disqualify dialog',
    path: (s) => `/leads/${s.owned.id}`,
    roles: ['admin', 'sales'],
    open: dialog('Disqualify'),
  },
  {
    name: 'drop dialog',
    path: (s) => `/leads/${s.owned.id}`,
    roles: ['admin'],
    open: fromMenu('More', 'Drop'),
  },
  {
    name: 'deactivate dialog',
    path: (s) => `/leads/${s.owned.id}`,
    roles: ['sales'],
    open: fromMenu('More', 'Deactivate'),
  },
  { name: 'new lead form', path: () => '/leads/new', roles: everyone },
  { name: 'lead edit form', path: (s) => `/leads/${s.owned.id}/edit`, roles: ['admin', 'sales'] },
  { name: 'Kanban', path: () => '/kanban', roles: everyone },
  { name: 'companies', path: () => '/companies', roles: everyone },
  { name: 'company', path: (s) => `/companies/${s.companyId}`, roles: everyone },
  { name: 'contacts', path: () => '/contacts', roles: everyone },
  { name: 'contact', path: (s) => `/contacts/${s.contactId}`, roles: everyone },
  {
    name: 'company merge',
    path: (s) => `/companies/merge?ids=${s.companyId},${s.companyTwinId}`,
    roles: everyone,
  },
  {
    name: 'contact merge',
    path: (s) => `/contacts/merge?ids=${s.contactId},${s.contactTwinId}`,
    roles: everyone,
  },
  { name: 'opportunities', path: () => '/opportunities', roles: everyone },
  { name: 'settings: statuses', path: () => '/settings/statuses', roles: admin },
  {
    name: 'settings: status dialog',
    path: () => '/settings/statuses',
    roles: admin,
    open: dialog('New status'),
  },
  { name: 'settings: lists of values', path: () => '/settings/lists', roles: admin },
  {
    name: 'settings: catalogue',
    path: () => '/settings/lists',
    roles: admin,
    open: listOf('Products and services'),
  },
  {
    name: 'settings: partnership programs',
    path: () => '/settings/lists',
    roles: admin,
    open: listOf('Partnership programs'),
  },
  { name: 'settings: value dialog', path: () => '/settings/lists', roles: admin, open: button('Add value') },
  { name: 'settings: users', path: () => '/settings/users', roles: admin },
  { name: 'settings: user dialog', path: () => '/settings/users', roles: admin, open: dialog('New user') },
  { name: 'settings: units', path: () => '/settings/units', roles: admin },
  { name: 'settings: unit dialog', path: () => '/settings/units', roles: admin, open: dialog('New unit') },
  { name: 'settings: API tokens', path: () => '/settings/api-tokens', roles: admin },
  {
    name: 'settings: token dialog',
    path: () => '/settings/api-tokens',
    roles: admin,
    open: dialog('New API token'),
  },
  {
    name: 'settings: new token shown once',
    path: () => '/settings/api-tokens',
    roles: admin,
    open: async (page) => {
      await dialog('New API token')(page);
      await page.getByRole('dialog').getByLabel('Name').fill(unique('Website form'));
      await press(page.getByRole('button', { name: 'Create token' }));
      await expect(page.getByRole('button', { name: 'Copy token' })).toBeVisible();
    },
  },
  { name: 'settings: general', path: () => '/settings/general', roles: admin },
  { name: 'settings: web forms', path: () => '/settings/web-forms', roles: admin },
  { name: 'settings: web form designer', path: () => '/settings/web-forms/new', roles: admin },
  { name: 'settings: intake', path: () => '/settings/intake', roles: admin },
  { name: 'settings: templates', path: () => '/settings/templates', roles: admin },
  { name: 'settings: communication rules', path: () => '/settings/communication-rules', roles: admin },
  { name: 'settings: webhooks', path: () => '/settings/webhooks', roles: admin },
  { name: 'settings: scoring rules', path: () => '/settings/scoring-rules', roles: admin },
  { name: 'settings: assignment rules', path: () => '/settings/assignment-rules', roles: admin },
];

const widths = [1440, 390];
const roles: Role[] = ['admin', 'sales', 'manager', 'partner'];
const roleCodes: Record<Exclude<Role, 'partner'>, string[]> = {
  admin: ['crm_admin'],
  sales: ['crm_sales'],
  manager: ['crm_manager'],
};

let seed: Seed;
const people: Partial<Record<Role, { email: string; password: string }>> = {};

test.beforeAll(async ({ playwright }) => {
  const { ADMIN, BASE_URL } = await import('../constants');
  const ctx = await playwright.request.newContext({ baseURL: BASE_URL });
  const api = await Api.signIn(ctx, ADMIN.email, ADMIN.password);
  people.admin = ADMIN;
  const sales = await api.createUser(roleCodes.sales, unique('Sam Sales'));
  people.sales = sales;
  people.manager = await api.createUser(roleCodes.manager, unique('Mia Manager'));
  const fresh = await createLead(api, { ownerId: null, name: unique('Fresh request') });
  const owned = await createLead(api, { ownerId: null, name: unique('Owned deal') });
  await api.post(`/leads/${owned.id}/actions/assign`, { ownerId: sales.id });
  const globex = unique('Globex');
  const company = await api.post<{ id: string }>('/companies', { name: globex });
  const companyTwin = await api.post<{ id: string }>('/companies', { name: `${globex} LLC`, tin: null });
  const scorpio = unique('Scorpio');
  const contact = await api.post<{ id: string }>('/contacts', {
    firstName: 'Hank',
    lastName: scorpio,
    emails: `${scorpio.toLowerCase().replace(/\W+/g, '.')}@globex.test`,
    companyId: company.id,
  });
  const contactTwin = await api.post<{ id: string }>('/contacts', {
    firstName: 'Hank',
    lastName: scorpio,
    emails: `${scorpio.toLowerCase().replace(/\W+/g, '.')}@globex.test`,
    jobTitle: 'CEO',
  });
  // A partner's employee, whose company has an agreement: the portal's screens.
  const product = await api.post<{ id: string }>('/products', {
    name: unique('Fiber'),
    price: { amount: '250.00', currency: 'EUR' },
  });
  const direction = await api.post<{ id: string }>('/sales-directions', {
    name: unique('Connectivity'),
    productIds: [product.id],
  });
  const program = await api.post<{ id: string }>('/partnership-programs', {
    name: unique('Resellers'),
    salesDirectionIds: [direction.id],
    productIds: [product.id],
  });
  const partnerCo = await api.post<{ id: string }>('/companies', {
    name: unique('Bright Partners'),
    type: 'partner',
  });
  await api.post('/partnership-agreements', {
    number: unique('PA'),
    partnerCompanyId: partnerCo.id,
    programId: program.id,
  });
  people.partner = {
    email: `${unique('paula').replace(/\W+/g, '.')}@partner.test`,
    password: 'partner-password-1',
  };
  await api.post('/users', {
    name: unique('Paula Partner'),
    ...people.partner,
    roles: ['partner'],
    partnerCompanyId: partnerCo.id,
  });
  seed = {
    fresh,
    owned,
    companyId: company.id,
    contactId: contact.id,
    companyTwinId: companyTwin.id,
    contactTwinId: contactTwin.id,
  };
  await ctx.dispose();
});

test.describe.configure({ timeout: 300_000 });
test.use({ actionTimeout: 10_000 });

/**
 * One signed-in page per role, kept for all its tests (both widths, both parts): a role signs in and loads
 * the application once, not once a test.
 */
const pages: Partial<Record<Role, Page>> = {};
/** Requests of each page not yet answered, and when the last one started or ended. */
const traffic = new WeakMap<Page, { inFlight: number; last: number }>();

async function pageOf(browser: Browser, role: Role): Promise<Page> {
  const kept = pages[role];
  if (kept && !kept.isClosed()) return kept;
  const { BASE_URL } = await import('../constants');
  const page = await (await browser.newContext({ baseURL: BASE_URL })).newPage();
  page.setDefaultTimeout(10_000);
  const seen = { inFlight: 0, last: Date.now() };
  traffic.set(page, seen);
  page.on('request', () => {
    seen.inFlight += 1;
    seen.last = Date.now();
  });
  const ended = () => {
    seen.inFlight -= 1;
    seen.last = Date.now();
  };
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  const who = people[role]!;
  await signInPage(page, who.email, who.password, '/leads');
  pages[role] = page;
  return page;
}

test.afterAll(async () => {
  for (const page of Object.values(pages)) await page?.context().close();
});

/**
 * Nothing asked of the server for 100 ms: what the load state `networkidle` waits for, without its fixed
 * half second after every screen.
 */
async function quiet(page: Page) {
  const seen = traffic.get(page)!;
  await expect
    .poll(() => seen.inFlight === 0 && Date.now() - seen.last >= 100, { intervals: [25], timeout: 15_000 })
    .toBe(true);
}

/** The opening transitions of dialogs, menus and panels have ended (endless ones, such as spinners, aside). */
async function transitionsEnded(page: Page) {
  await page.evaluate(async () => {
    // A transition starts a frame or two after its element is shown.
    for (let i = 0; i < 3; i++) await new Promise((done) => requestAnimationFrame(done));
    await Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    );
  });
}

/**
 * Opens a path. After a plain screen the application's router moves there, as a click on a link would
 * (no reload of the application); after a dialog, menu, panel or typed text, a full load starts clean.
 */
async function visit(page: Page, path: string, clean: boolean) {
  if (clean) await page.goto(path);
  else
    await page.evaluate((to) => {
      window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    }, path);
  await expect.poll(() => new URL(page.url()).pathname + new URL(page.url()).search).toBe(path);
}

for (const width of widths) {
  test(`sign-in is accessible at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/login');
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expectAccessible(page, `sign-in at ${width} px`);
    await page.getByRole('button', { name: 'Sign in' }).click(); // the errors of an empty form
    await expectAccessible(page, `sign-in with errors at ${width} px`);
  });

  // One test per role, width and part of the interface (work screens, settings), to keep each short.
  const parts = [
    { part: 'work screens', has: (s: Screen) => !s.name.startsWith('settings') },
    { part: 'settings', has: (s: Screen) => s.name.startsWith('settings') },
  ];
  for (const role of roles)
    for (const { part, has } of parts) {
      const audited = (s: Screen) => s.roles.includes(role) && has(s) && (s.widths ?? widths).includes(width);
      if (!screens.some(audited)) continue;
      test(`the ${part} of ${role} are accessible at ${width} px`, async ({ browser }) => {
        const page = await pageOf(browser, role);
        await page.bringToFront();
        await page.setViewportSize({ width, height: 900 });
        let clean = true;
        for (const screen of screens.filter(audited)) {
          await test.step(screen.name, async () => {
            await visit(page, screen.path(seed), clean);
            await quiet(page);
            await expect(page.getByRole('main')).toBeVisible();
            await expect(page.getByText('Loading', { exact: false })).toHaveCount(0);
            if (screen.open) {
              await screen.open(page);
              await quiet(page);
              await transitionsEnded(page);
            }
            clean = screen.open !== undefined;
            if (process.env.E2E_SCREENSHOTS)
              await page.screenshot({
                path: `${process.env.E2E_SHOTS_DIR ?? 'test-results'}/${role}-${width}-${screen.name.replace(/[^a-z0-9]+/gi, '-')}.png`,
              });
            await expectAccessible(page, `${screen.name} as ${role} at ${width} px`);
          });
        }
      });
    }
}
