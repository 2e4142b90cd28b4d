import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, userWith, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';

let t: TestApp;
let admin: Client;
let c: Catalog;
let listId: string;

async function mk(name: string, extra: Record<string, unknown> = {}) {
  const res = await admin.post('/api/v1/leads', {
    name,
    sourceId: c.sources.api,
    prospectType: 'person',
    newContact: true,
    salesDirectionId: c.directions.cloud,
    firstName: 'Anna',
    lastName: 'Petrova',
    ...extra,
  });
  if (res.statusCode !== 201) throw new Error(`${name}: ${res.body}`);
  return res.json().id as string;
}

/** Two leads, the second with a comment, a tag, a list membership and an opportunity of its own. */
async function pair() {
  const keep = await mk('Kept deal', { emails: 'old@zephyr.test', tags: ['VIP'] });
  const other = await mk('Merged deal', { emails: 'new@zephyr.test', tags: ['Hot', 'VIP'] });
  await admin.post(`/api/v1/leads/${other}/comments`, { body: 'Called twice' });
  await t.db.query('INSERT INTO marketing_list_members (marketing_list_id, lead_id) VALUES ($1, $2)', [
    listId,
    other,
  ]);
  const [opp] = await t.db.query<{ id: string }>(
    `INSERT INTO opportunities (name, responsible_id, originating_lead_id) VALUES ('Deal', $1, $2) RETURNING id`,
    [admin.userId, other],
  );
  return { keep, other, opp: opp.id };
}

const timelineKinds = async (id: string) =>
  (await admin.get(`/api/v1/leads/${id}/timeline?limit=100`)).json().items as {
    kind: string;
    body: string | null;
  }[];
const oppLead = async (id: string) =>
  (
    await t.db.query<{ l: string }>('SELECT originating_lead_id AS l FROM opportunities WHERE id = $1', [id])
  )[0].l;
const members = async (id: string) =>
  (
    await t.db.query('SELECT 1 FROM marketing_list_members WHERE marketing_list_id = $1 AND lead_id = $2', [
      listId,
      id,
    ])
  ).length;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  [{ id: listId }] = await t.db.query<{ id: string }>(
    `INSERT INTO marketing_lists (name) VALUES ('Spring') RETURNING id`,
  );
});
afterAll(() => t.close());

describe('merging leads', () => {
  it('keeps one lead with the chosen fields and moves everything related to it; undo puts it all back', async () => {
    const { keep, other, opp } = await pair();
    const res = await admin.post('/api/v1/leads/merge', {
      keepId: keep,
      mergeIds: [other],
      fields: { emails: other, name: keep },
    });
    expect(res.statusCode).toBe(200);
    const { mergeId, lead } = res.json();
    expect(lead.id).toBe(keep);
    expect(lead.name).toBe('Kept deal');
    expect(lead.emails).toEqual(['new@zephyr.test']);
    expect(lead.tags).toEqual(['Hot', 'VIP']);

    const gone = await admin.get(`/api/v1/leads/${other}`);
    expect(gone.statusCode).toBe(200);
    expect(gone.json().mergedIntoId).toBe(keep);
    expect(gone.json().tags).toEqual([]);
    const list = (await admin.get('/api/v1/leads?limit=500')).json().items as { id: string }[];
    expect(list.map((l) => l.id)).not.toContain(other);
    expect((await admin.patch(`/api/v1/leads/${other}`, { name: 'x' })).statusCode).toBe(409);
    expect((await admin.post(`/api/v1/leads/${other}/comments`, { body: 'x' })).statusCode).toBe(409);

    const items = await timelineKinds(keep);
    expect(items.map((i) => i.kind)).toContain('merged');
    expect(items.some((i) => i.kind === 'comment' && i.body?.includes('Called twice'))).toBe(true);
    expect(await oppLead(opp)).toBe(keep);
    expect(await members(keep)).toBe(1);
    expect(await members(other)).toBe(0);
    const found = (await admin.get('/api/v1/leads?q=new%40zephyr.test')).json().items as { id: string }[];
    expect(found.map((l) => l.id)).toEqual([keep]);

    const undo = await admin.post(`/api/v1/merges/${mergeId}/undo`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json().restoredLeadIds).toEqual([other]);
    expect(undo.json().lead.emails).toEqual(['old@zephyr.test']);
    expect(undo.json().lead.tags).toEqual(['VIP']);
    const back = (await admin.get(`/api/v1/leads/${other}`)).json();
    expect(back.mergedIntoId).toBeNull();
    expect(back.tags).toEqual(['Hot', 'VIP']);
    expect((await timelineKinds(other)).some((i) => i.kind === 'comment')).toBe(true);
    expect((await timelineKinds(keep)).some((i) => i.kind === 'comment')).toBe(false);
    expect(await oppLead(opp)).toBe(other);
    expect(await members(keep)).toBe(0);
    expect(await members(other)).toBe(1);
    expect((await admin.post(`/api/v1/merges/${mergeId}/undo`)).statusCode).toBe(409);
  });

  it("moves the merged lead's activities with it, next step included, and undo takes them back", async () => {
    const { keep, other } = await pair();
    const dueAt = '2031-05-04T09:00:00.000Z';
    const planned = await admin.post(`/api/v1/leads/${other}/activities`, {
      type: 'call',
      subject: 'Call back about the offer',
      dueAt,
    });
    expect(planned.statusCode).toBe(201);
    const res = await admin.post('/api/v1/leads/merge', { keepId: keep, mergeIds: [other], fields: {} });
    expect(res.statusCode).toBe(200);
    expect(res.json().lead.nextEventAt).toBe(dueAt);
    const moved = (await admin.get(`/api/v1/leads/${keep}/activities`)).json().items as { id: string }[];
    expect(moved.map((a) => a.id)).toEqual([planned.json().id]);

    const undo = await admin.post(`/api/v1/merges/${res.json().mergeId}/undo`);
    expect(undo.statusCode).toBe(200);
    expect(undo.json().lead.nextEventAt).toBeNull();
    const back = (await admin.get(`/api/v1/leads/${other}/activities`)).json().items as { id: string }[];
    expect(back.map((a) => a.id)).toEqual([planned.json().id]);
    expect((await admin.get(`/api/v1/leads/${other}`)).json().nextEventAt).toBe(dueAt);
  });

  it('refuses an undo when what moved changed since, listing what', async () => {
    const { keep, other, opp } = await pair();
    const third = await mk('Third');
    const { mergeId } = (
      await admin.post('/api/v1/leads/merge', { keepId: keep, mergeIds: [other], fields: {} })
    ).json();
    await t.db.query('UPDATE opportunities SET originating_lead_id = $2 WHERE id = $1', [opp, third]);
    await admin.patch(`/api/v1/leads/${keep}`, { description: 'Edited later' });
    const res = await admin.post(`/api/v1/merges/${mergeId}/undo`);
    expect(res.statusCode).toBe(409);
    expect((res.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'lead',
      'opportunities',
    ]);
    expect((await admin.get(`/api/v1/leads/${other}`)).json().mergedIntoId).toBe(keep);
  });

  it('refuses an undo after 30 days', async () => {
    const { keep, other } = await pair();
    const { mergeId } = (
      await admin.post('/api/v1/leads/merge', { keepId: keep, mergeIds: [other], fields: {} })
    ).json();
    await t.db.query(`UPDATE lead_merges SET created_at = now() - interval '31 days' WHERE id = $1`, [
      mergeId,
    ]);
    const res = await admin.post(`/api/v1/merges/${mergeId}/undo`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('merge_expired');
  });

  it('lets one of two simultaneous merges of the same leads win; the other answers 409', async () => {
    const a = await mk('A');
    const b = await mk('B');
    const d = await mk('D');
    const results = await Promise.all([
      admin.post('/api/v1/leads/merge', { keepId: a, mergeIds: [b], fields: {} }),
      admin.post('/api/v1/leads/merge', { keepId: d, mergeIds: [b, a], fields: {} }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const merges = await t.db.query('SELECT 1 FROM lead_merges WHERE $1 = ANY (merged_lead_ids)', [b]);
    expect(merges.length).toBe(1);
  });

  it('names every field at fault and never merges a lead into itself', async () => {
    const a = await mk('Self');
    const b = await mk('Other');
    const res = await admin.post('/api/v1/leads/merge', {
      keepId: a,
      mergeIds: [a],
      fields: { name: b },
    });
    expect(res.statusCode).toBe(422);
    expect((res.json().errors as { field: string }[]).map((e) => e.field).sort()).toEqual([
      'fields.name',
      'mergeIds',
    ]);
    const bad = await admin.post('/api/v1/leads/merge', {
      keepId: 'x',
      mergeIds: [],
      fields: { shoeSize: a },
    });
    expect(bad.statusCode).toBe(422);
    expect((bad.json().errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['keepId', 'mergeIds']),
    );
  });

  it('needs the right to every lead involved: one the user may not see answers 404 and nothing moves', async () => {
    await admin.patch('/api/v1/settings', { visibility: 'team' });
    try {
      const sales = await userWith(t.app, admin, ['crm_sales']);
      const mine = await mk('Mine', { ownerId: sales.userId });
      const theirs = await mk('Theirs', { ownerId: admin.userId });
      const res = await sales.post('/api/v1/leads/merge', { keepId: mine, mergeIds: [theirs], fields: {} });
      expect(res.statusCode).toBe(404);
      expect((await admin.get(`/api/v1/leads/${theirs}`)).json().mergedIntoId).toBeNull();
      const { mergeId } = (
        await admin.post('/api/v1/leads/merge', { keepId: theirs, mergeIds: [mine], fields: {} })
      ).json();
      expect((await sales.post(`/api/v1/merges/${mergeId}/undo`)).statusCode).toBe(404);
    } finally {
      await admin.patch('/api/v1/settings', { visibility: 'all' });
    }
  });
});
