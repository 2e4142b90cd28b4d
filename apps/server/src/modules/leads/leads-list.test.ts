import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadFieldNames } from '@leadline/contract';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';
import { refreshLeadSearch } from './lead-search';

let t: TestApp;
let admin: Client;
let c: Catalog;
let sales: Client;
let unitA: string;
let unitB: string;
const ids: Record<string, string> = {};

type Lead = { id: string; name: string; number: string; updatedAt: string };
const names = (res: { json(): unknown }) => (res.json() as { items: Lead[] }).items.map((l) => l.name).sort();

async function status(phase: string) {
  return (
    await t.db.query<{ id: string }>(
      'SELECT id FROM lead_statuses WHERE phase = $1 ORDER BY position LIMIT 1',
      [phase],
    )
  )[0].id;
}

beforeAll(async () => {
  t = await createTestApp({ jobPollingSeconds: 0.5 });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  unitA = (await admin.post('/api/v1/units', { name: 'North' })).json().id;
  unitB = (await admin.post('/api/v1/units', { name: 'South' })).json().id;
  sales = await userWith(t.app, admin, ['crm_sales'], { unitIds: [unitA] });
  const mk = async (key: string, extra: Record<string, unknown>) => {
    const res = await admin.post('/api/v1/leads', validLead(c, { name: key, ...extra }));
    if (res.statusCode !== 201) throw new Error(`${key}: ${res.body}`);
    ids[key] = res.json().id;
  };
  await mk('Mine open', { ownerId: sales.userId, tags: ['VIP'], expectedCompletionDate: '2020-01-10' });
  await mk('Queue North', { unitId: unitA, sourceId: c.sources.web });
  await mk('Queue South', { unitId: unitB, description: '<p>Needs a <b>quantum</b> router</p>' });
  await mk('Admin owned', {
    ownerId: admin.userId,
    emails: 'buyer@zeta.test',
    phones: '+49 30 7654321',
    expectedCompletionDate: '2030-01-01',
  });
  await mk('Won one', { ownerId: admin.userId, expectedCompletionDate: '2020-01-10' });
  await mk('Switched off', { ownerId: sales.userId });
  await mk('Partner deal', {
    partnershipAgreementId: c.agreements.cloudAgreement,
    productId: c.products.cloudHosting,
  });
  await t.db.query(`UPDATE leads SET status_id = $2, phase = 'won' WHERE id = $1`, [
    ids['Won one'],
    await status('won'),
  ]);
  await t.db.query(`UPDATE leads SET computed_score = 80 WHERE id = $1`, [ids['Admin owned']]);
  await admin.post(`/api/v1/leads/${ids['Switched off']}/actions/deactivate`, {});
});
afterAll(() => t.close());

describe('views', () => {
  it('All shows every active lead; Inactive only the inactive ones', async () => {
    const all = await admin.get('/api/v1/leads?view=all');
    expect(all.statusCode).toBe(200);
    expect(names(all)).toEqual(
      ['Admin owned', 'Mine open', 'Partner deal', 'Queue North', 'Queue South', 'Won one'].sort(),
    );
    expect(all.json().total).toBe(6);
    expect(names(await admin.get('/api/v1/leads?view=inactive'))).toEqual(['Switched off']);
  });

  it('My leads are the active leads I own', async () => {
    expect(names(await sales.get('/api/v1/leads?view=my'))).toEqual(['Mine open']);
    expect(names(await admin.get('/api/v1/leads?view=my'))).toEqual(['Admin owned', 'Won one']);
  });

  it('Opened and Closed split by phase', async () => {
    expect(names(await admin.get('/api/v1/leads?view=closed'))).toEqual(['Won one']);
    expect(names(await admin.get('/api/v1/leads?view=open'))).not.toContain('Won one');
    expect((await admin.get('/api/v1/leads?view=open')).json().total).toBe(5);
  });

  it('Overdue: expected completion before the given date (today by default), open phases unless chosen', async () => {
    expect(names(await admin.get('/api/v1/leads?view=overdue'))).toEqual(['Mine open']);
    expect(names(await admin.get('/api/v1/leads?view=overdue&phase=won'))).toEqual(['Won one']);
    expect(names(await admin.get('/api/v1/leads?view=overdue&overdueBefore=2031-01-01'))).toEqual([
      'Admin owned',
      'Mine open',
    ]);
    const mine = (await admin.get(`/api/v1/leads/${ids['Mine open']}`)).json();
    expect(mine.overdueDays).toBeGreaterThan(0);
    expect(mine.timeToCompletionDays).toBe(0);
  });

  it("Unassigned: leads without an owner, a unit's queue with unitId", async () => {
    expect(names(await admin.get('/api/v1/leads?view=unassigned'))).toEqual([
      'Partner deal',
      'Queue North',
      'Queue South',
    ]);
    expect(names(await admin.get(`/api/v1/leads?view=unassigned&unitId=${unitA}`))).toEqual(['Queue North']);
  });
});

describe('filters', () => {
  it('q searches name, number, company, contact names, e-mails, phones and the description', async () => {
    const number = (await admin.get(`/api/v1/leads/${ids['Queue North']}`)).json().number;
    const q = async (term: string) => names(await admin.get(`/api/v1/leads?q=${encodeURIComponent(term)}`));
    expect(await q('queue north')).toEqual(['Queue North']);
    expect(await q(number)).toEqual(['Queue North']);
    expect(await q(number.replace(/^L-0*/, ''))).toContain('Queue North');
    expect(await q('Acme')).toHaveLength(6); // the existing company's name
    expect(await q('Smith')).toHaveLength(6); // the linked contact's last name
    expect(await q('buyer@zeta.test')).toEqual(['Admin owned']);
    expect(await q('buyer')).toEqual(['Admin owned']);
    expect(await q('+4930765')).toEqual(['Admin owned']);
    expect(await q('49307654321')).toEqual(['Admin owned']);
    expect(await q('quantum')).toEqual(['Queue South']);
    expect(await q('nothing-like-this')).toEqual([]);
    expect(await q("it's (a) & | ! :* test")).toEqual([]);
  });

  it('gives each row the name of its linked company, and a lead read alone has none', async () => {
    const items = (await admin.get('/api/v1/leads?view=all&limit=50')).json().items as (Lead & {
      companyId: string | null;
      linkedCompanyName: string | null;
    })[];
    const companies = new Map(
      (await t.db.query<{ id: string; name: string }>('SELECT id, name FROM companies')).map((r) => [
        r.id,
        r.name,
      ]),
    );
    expect(items.length).toBeGreaterThan(0);
    for (const l of items) expect(l.linkedCompanyName).toBe(l.companyId ? companies.get(l.companyId) : null);
    expect(items.some((l) => l.linkedCompanyName === 'Acme Logistics')).toBe(true);
    const one = (await admin.get(`/api/v1/leads/${items[0].id}`)).json();
    expect(one).not.toHaveProperty('linkedCompanyName');
  });

  it("finds leads by their company's new name once the company is renamed", async () => {
    await t.db.query(`UPDATE companies SET name = 'Acme Renamed Worldwide' WHERE id = $1`, [
      c.companies.acme,
    ]);
    try {
      expect(names(await admin.get('/api/v1/leads?q=worldwide'))).toEqual([]);
      expect(await refreshLeadSearch(t.db, { companyId: c.companies.acme })).toBe(7);
      expect((await admin.get('/api/v1/leads?q=worldwide')).json().total).toBe(6);
    } finally {
      await t.db.query(`UPDATE companies SET name = 'Acme Logistics' WHERE id = $1`, [c.companies.acme]);
      await refreshLeadSearch(t.db, { companyId: c.companies.acme });
    }
  });

  it('renaming a company through the API reaches the search text of its leads shortly after', async () => {
    // The rename queues a job in its own transaction; the worker rebuilds the leads' search text.
    const freight = async () => (await admin.get('/api/v1/leads?q=freight')).json().total as number;
    expect(
      (await admin.patch(`/api/v1/companies/${c.companies.acme}`, { name: 'Acme Global Freight' }))
        .statusCode,
    ).toBe(200);
    try {
      await expect.poll(freight, { timeout: 15_000, interval: 200 }).toBe(6);
    } finally {
      await admin.patch(`/api/v1/companies/${c.companies.acme}`, { name: 'Acme Logistics' });
    }
    await expect.poll(freight, { timeout: 15_000, interval: 200 }).toBe(0);
  });

  it('statusId, phase (repeatable), ownerId, unitId, sourceId, tag, active', async () => {
    expect(names(await admin.get(`/api/v1/leads?statusId=${await status('won')}`))).toEqual(['Won one']);
    expect(names(await admin.get('/api/v1/leads?phase=won&phase=lost'))).toEqual(['Won one']);
    expect((await admin.get('/api/v1/leads?phase=new&phase=won')).json().total).toBe(6);
    expect(names(await admin.get(`/api/v1/leads?ownerId=${sales.userId}`))).toEqual(['Mine open']);
    expect(names(await admin.get(`/api/v1/leads?unitId=${unitB}`))).toEqual(['Queue South']);
    expect(names(await admin.get(`/api/v1/leads?sourceId=${c.sources.web}`))).toEqual(['Queue North']);
    expect(names(await admin.get('/api/v1/leads?tag=vip'))).toEqual(['Mine open']);
    expect(names(await admin.get('/api/v1/leads?active=false'))).toEqual(['Switched off']);
  });

  it('expectedCompletionBefore, createdFrom / createdTo, scoreMin', async () => {
    expect(names(await admin.get('/api/v1/leads?expectedCompletionBefore=2021-01-01'))).toEqual([
      'Mine open',
      'Won one',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/api/v1/leads?createdFrom=${today}&createdTo=${today}`)).json().total).toBe(6);
    expect((await admin.get('/api/v1/leads?createdTo=2000-01-01')).json().total).toBe(0);
    expect((await admin.get('/api/v1/leads?createdFrom=2999-01-01T00:00:00Z')).json().total).toBe(0);
    expect(names(await admin.get('/api/v1/leads?scoreMin=50'))).toEqual(['Admin owned']);
  });

  it('refuses malformed filters with 400 naming the parameter', async () => {
    for (const [qs, field] of [
      ['view=mine', 'view'],
      ['phase=open', 'phase'],
      ['ownerId=me', 'ownerId'],
      ['scoreMin=x', 'scoreMin'],
      ['createdFrom=yesterday', 'createdFrom'],
      ['sort=-colour', 'sort'],
      ['cursor=bogus', 'cursor'],
    ]) {
      const res = await admin.get(`/api/v1/leads?${qs}`);
      expect(res.statusCode, qs).toBe(400);
      expect(JSON.stringify(res.json().errors), qs).toContain(field);
    }
  });
});

describe('sorting and paging', () => {
  it('pages with a keyset cursor on every sort key without skipping or repeating a lead', async () => {
    const all = names(await admin.get('/api/v1/leads?limit=100'));
    for (const sort of [
      'name',
      '-name',
      '-updatedAt',
      'createdAt',
      'number',
      '-expectedCompletionDate',
      'expectedCompletionDate',
      'targetAmount',
      '-computedScore',
      'score',
      'probability',
      'startDate',
      'lastEventAt',
      '-nextEventAt',
    ]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await admin.get(`/api/v1/leads?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, sort).toBe(200);
        seen.push(...res.json().items.map((l: Lead) => l.name));
        cursor = res.json().nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect([...seen].sort(), sort).toEqual(all);
    }
    const byName = (await admin.get('/api/v1/leads?sort=-name')).json().items.map((l: Lead) => l.name);
    expect(byName).toEqual([...all].sort().reverse());
  });

  it('answers without total on count=false', async () => {
    const res = (await admin.get('/api/v1/leads?count=false')).json();
    expect(res).not.toHaveProperty('total');
    expect(res.items.length).toBe(6);
  });
});

describe('sparse fieldsets (fields=)', () => {
  it('a list and a lead carry only the fields asked for and the id, with the same values as whole', async () => {
    const whole = (await admin.get('/api/v1/leads?sort=name&limit=3')).json();
    const res = await admin.get('/api/v1/leads?sort=name&limit=3&fields=name,statusId,tags,targetAmount');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const sparse = res.json();
    expect(sparse.nextCursor).toBe(whole.nextCursor);
    expect(sparse.total).toBe(whole.total);
    expect(sparse.items).toEqual(
      whole.items.map((l: Record<string, unknown>) => ({
        id: l.id,
        name: l.name,
        statusId: l.statusId,
        tags: l.tags,
        ...(l.targetAmount === undefined ? {} : { targetAmount: l.targetAmount }),
      })),
    );
    // The cursor of a sparse page leads on as a whole page's would.
    const next = await admin.get(`/api/v1/leads?sort=name&limit=3&fields=name&cursor=${sparse.nextCursor}`);
    expect(next.json().items.map((l: Lead) => l.name)).toEqual(
      (await admin.get(`/api/v1/leads?sort=name&limit=3&cursor=${whole.nextCursor}`))
        .json()
        .items.map((l: Lead) => l.name),
    );

    const one = await admin.get(`/api/v1/leads/${ids['Admin owned']}?fields=number, emails ,computedScore`);
    expect(one.statusCode).toBe(200);
    const full = (await admin.get(`/api/v1/leads/${ids['Admin owned']}`)).json();
    expect(one.json()).toEqual({
      id: full.id,
      number: full.number,
      emails: ['buyer@zeta.test'],
      computedScore: 80,
    });
    expect(Object.keys(full).length).toBeGreaterThan(40);
  });

  it('reads each field asked alone as a whole page holds it, field by field', async () => {
    const whole = (await admin.get('/api/v1/leads?view=all&sort=-targetAmount&limit=4')).json();
    for (const field of leadFieldNames) {
      const res = await admin.get(`/api/v1/leads?view=all&sort=-targetAmount&limit=4&fields=${field}`);
      expect(res.statusCode, field).toBe(200);
      expect(res.json().nextCursor, field).toBe(whole.nextCursor);
      expect(res.json().items, field).toEqual(
        whole.items.map((l: Record<string, unknown>) => ({
          id: l.id,
          ...(l[field] === undefined ? {} : { [field]: l[field] }),
        })),
      );
    }
    const all = await admin.get(
      `/api/v1/leads?view=all&sort=-targetAmount&limit=4&fields=${leadFieldNames.join(',')}`,
    );
    expect(all.json().items).toEqual(whole.items);
  });

  it('refuses an unknown field name with 400 naming it, on the list and on one lead', async () => {
    for (const url of [
      '/api/v1/leads?fields=name,colour,statusId,__proto__',
      `/api/v1/leads/${ids['Mine open']}?fields=colour,__proto__`,
    ]) {
      const res = await admin.get(url);
      expect(res.statusCode, url).toBe(400);
      const errors = res.json().errors as { field: string; message: string }[];
      expect(
        errors.map((e) => e.field),
        url,
      ).toContain('fields');
      expect(JSON.stringify(errors), url).toContain('colour');
      expect(JSON.stringify(errors), url).toContain('__proto__');
    }
  });

  it('a list with fields selects the same leads; an unknown lead is still 404', async () => {
    const res = await sales.get('/api/v1/leads?fields=name');
    expect(
      res
        .json()
        .items.map((l: Lead) => l.name)
        .sort(),
    ).toEqual(names(await sales.get('/api/v1/leads')));
    expect(
      (await sales.get(`/api/v1/leads/00000000-0000-4000-8000-000000000000?fields=name`)).statusCode,
    ).toBe(404);
  });
});

describe('access to leads', () => {
  it("with visibility 'team' a user sees only leads they own or of their and collaborating units", async () => {
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const visible = names(await sales.get('/api/v1/leads?view=all'));
      expect(visible).toEqual(['Mine open', 'Queue North']);
      expect((await sales.get('/api/v1/leads?view=all')).json().total).toBe(2);
      expect((await sales.get(`/api/v1/leads/${ids['Queue South']}`)).statusCode).toBe(404);
      expect((await sales.patch(`/api/v1/leads/${ids['Queue South']}`, { name: 'x' })).statusCode).toBe(404);
      expect((await sales.get(`/api/v1/leads/${ids['Queue South']}/timeline`)).statusCode).toBe(404);
      expect(names(await sales.get('/api/v1/leads?q=quantum'))).toEqual([]);

      await admin.patch(`/api/v1/units/${unitA}`, { collaboratingUnitIds: [unitB] });
      expect(names(await sales.get('/api/v1/leads?view=all'))).toContain('Queue South');
      await admin.patch(`/api/v1/units/${unitA}`, { collaboratingUnitIds: [] });

      const manager = await userWith(t.app, admin, ['crm_manager']);
      expect((await manager.get('/api/v1/leads?view=all')).json().total).toBe(6);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });

  it("with visibility 'all' every CRM user sees every lead", async () => {
    const marketeer = await userWith(t.app, admin, ['crm_marketeer']);
    expect((await marketeer.get('/api/v1/leads?view=all')).json().total).toBe(6);
    expect((await marketeer.get(`/api/v1/leads/${ids['Queue South']}`)).statusCode).toBe(200);
  });

  it("a partner user reads, edits and comments only on leads of their company's agreements", async () => {
    const partner = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerA });
    expect(names(await partner.get('/api/v1/leads?view=all'))).toEqual(['Partner deal']);
    expect((await partner.get('/api/v1/leads?view=all')).json().total).toBe(1);
    expect((await partner.get(`/api/v1/leads/${ids['Queue North']}`)).statusCode).toBe(404);
    const edit = await partner.patch(`/api/v1/leads/${ids['Partner deal']}`, {
      customerRequirements: 'SLA 99.9',
    });
    expect(edit.statusCode).toBe(200);
    const comment = await partner.post(`/api/v1/leads/${ids['Partner deal']}/comments`, { body: 'Met them' });
    expect(comment.statusCode).toBe(201);
    // Moving the lead to another company's agreement would take it out of their reach.
    const away = await partner.patch(`/api/v1/leads/${ids['Partner deal']}`, {
      partnershipAgreementId: c.agreements.broadAgreement,
    });
    expect(away.statusCode).toBe(422);
    expect((await partner.del(`/api/v1/leads/${ids['Partner deal']}`)).statusCode).toBe(403);
    const other = await userWith(t.app, admin, ['partner'], { partnerCompanyId: c.partners.partnerB });
    expect((await other.get(`/api/v1/leads/${ids['Partner deal']}`)).statusCode).toBe(404);
    expect((await other.get('/api/v1/leads')).json().total).toBe(0);
  });
});
