import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness';
import { explainJson, generateLeads, mainListQueries, planNodes } from './lead-query-plans';

let t: TestApp;
// Below about 20k rows a sequential scan is the cheaper plan for a search, and the planner rightly takes
// it; the embedded database needs about a minute to fill them.
const rows = 20_000;

beforeAll(async () => {
  t = await createTestApp();
  await generateLeads(t.db, rows);
}, 240_000);
afterAll(() => t.close());

const byTitle = (title: string) => mainListQueries.find((c) => c.title === title)!;

async function leadsAccess(title: string) {
  const nodes = planNodes(await explainJson(t.db, byTitle(title)));
  return {
    seqScans: nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'leads'),
    indexes: nodes
      .filter((n) => n['Relation Name'] === 'leads' || n['Node Type'] === 'Bitmap Index Scan')
      .map((n) => n['Index Name'])
      .filter((name): name is string => !!name && name.startsWith('leads_')),
  };
}

describe('the main lead lists are served by indexes (EXPLAIN on generated leads)', () => {
  it('My leads reads the owner index, never a sequential scan of leads', async () => {
    const plan = await leadsAccess('My leads (default sort -updatedAt)');
    expect(plan.seqScans).toEqual([]);
    expect(plan.indexes).toContain('leads_owner_updated_idx');
    const total = await leadsAccess('My leads: total');
    expect(total.seqScans).toEqual([]);
  });

  it('full-text search reads the GIN index on the search vector, never a sequential scan of leads', async () => {
    for (const title of ['Full text: one e-mail', 'Full text: a common word', 'Full text: total']) {
      const plan = await leadsAccess(title);
      expect(plan.seqScans, title).toEqual([]);
      expect(plan.indexes, title).toContain('leads_search_idx');
    }
  });

  it('no main list query scans the whole leads table', async () => {
    for (const c of mainListQueries) {
      const nodes = planNodes(await explainJson(t.db, c));
      const seq = nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'leads');
      expect(seq, c.title).toEqual([]);
    }
  });
});
