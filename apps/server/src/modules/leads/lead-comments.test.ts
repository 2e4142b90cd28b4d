import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from './lead-fixtures';

/**
 * Comments are plain text: stored as the user typed them, returned as JSON strings, and shown by the
 * web interface as text (React escapes them), so `a < b` reads `a < b`, never `a &lt; b`.
 */

let t: TestApp;
let admin: Client;
let c: Catalog;
let leadId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
  leadId = (await admin.post('/api/v1/leads', validLead(c))).json().id;
});
afterAll(() => t.close());

const typed = [
  'a < b',
  'Tom & Jerry "quoted" > 3',
  'Write <b>bold</b> in the description, not here',
  'Literally &lt; typed as an entity',
  '<script>alert(1)</script> is what the probe sent',
];

describe('comments', () => {
  it('are stored and answered exactly as typed', async () => {
    const answers = await Promise.all(
      typed.map((body) => admin.post(`/api/v1/leads/${leadId}/comments`, { body })),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(typed.map(() => 201));
    expect(answers.map((r) => r.json<{ body: string }>().body)).toEqual(typed);
    const timeline = (await admin.get(`/api/v1/leads/${leadId}/timeline?limit=50`)).json<{
      items: { kind: string; body?: string }[];
    }>();
    const bodies = timeline.items.filter((i) => i.kind === 'comment').map((i) => i.body);
    expect(bodies.sort()).toEqual([...typed].sort());
  });

  it('escaped by the former sanitiser are restored to what was typed by migration 0410', async () => {
    // What the rich-text sanitiser stored (it escaped <, > and &; the scripts it dropped stay lost), and
    // an escaped ampersand before an entity name, which must come back as the entity text.
    const stored = [
      'a &lt; b',
      'Tom &amp; Jerry "quoted" &gt; 3',
      'Tom &amp; Jerry &quot;quoted&quot;',
      'Literally &amp;lt; typed as an entity',
      'plain',
    ];
    const ids: string[] = [];
    for (const body of stored) {
      const [row] = await t.db.query<{ id: string }>(
        `INSERT INTO lead_events (lead_id, actor_id, kind, payload)
         VALUES ($1, $2, 'comment', jsonb_build_object('body', $3::text, 'icon', null, 'color', null)) RETURNING id`,
        [leadId, admin.userId, body],
      );
      ids.push(row.id);
    }
    const sql = await readFile(
      new URL('../../db/migrations/0410_comments_as_typed.sql', import.meta.url),
      'utf8',
    );
    await t.db.exec(sql);
    const rows = await t.db.query<{ id: string; body: string }>(
      `SELECT id, payload->>'body' AS body FROM lead_events WHERE id = ANY ($1::uuid[])`,
      [ids],
    );
    const byId = new Map(rows.map((r) => [r.id, r.body]));
    expect(ids.map((id) => byId.get(id))).toEqual([
      'a < b',
      'Tom & Jerry "quoted" > 3',
      'Tom & Jerry "quoted"',
      'Literally &lt; typed as an entity',
      'plain',
    ]);
  });
});
