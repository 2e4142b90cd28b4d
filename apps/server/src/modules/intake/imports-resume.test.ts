import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, type Catalog } from '../leads/lead-fixtures';
import { finished, upload } from './import-fixtures';
import { createImportRunner } from './import-runner';

let t: TestApp;
let admin: Client;
let c: Catalog;
let dataDir: string;
const CHUNK = 4;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'leadline-resume-'));
  // No job workers: the test plays the processes that run the import, the first one stopping midway.
  t = await createTestApp({
    env: { LEADLINE_DATA_DIR: dataDir, LEADLINE_JOBS: '0', LEADLINE_IMPORT_CHUNK_ROWS: String(CHUNK) },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
});
afterAll(async () => {
  await t.close();
  await rm(dataDir, { recursive: true, force: true });
});

const count = async (sql: string, params: unknown[]) => (await t.db.query<{ n: number }>(sql, params))[0].n;

describe('an import stopped midway', () => {
  it('resumes after the last committed chunk at the next start and writes no row twice', async () => {
    const rows = 30;
    const csv = [
      'Name,First,Last,Email',
      ...Array.from({ length: rows }, (_, i) =>
        i === 17 ? 'Refused row,No,Mail,not-an-address' : `Lead ${i},F${i},L${i},resume${i}@example.test`,
      ),
    ].join('\n');
    const res = await upload(
      admin,
      {
        mapping: { Name: 'name', First: 'firstName', Last: 'lastName', Email: 'emails' },
        defaults: { sourceId: c.sources.api, salesDirectionId: c.directions.cloud },
      },
      { name: 'resume.csv', content: csv },
    );
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id;
    expect((await admin.get(`/api/v1/imports/${id}`)).json().state).toBe('queued');

    // The first process stops (as on SIGTERM or a crash) after a few chunks.
    const log = createLogger('silent');
    const first = createImportRunner({ db: t.db, log, chunkRows: CHUNK });
    const running = first.run(id);
    // Its own progress tells when two chunks are committed (the embedded database answers no other
    // request while a chunk's transaction holds it).
    while ((first.live(id)?.counts.processed ?? 0) < CHUNK * 2) await new Promise((r) => setTimeout(r, 1));
    first.stop();
    await running;
    const midway = (await admin.get(`/api/v1/imports/${id}`)).json();
    expect(midway.state).toBe('running');
    expect(midway.processed % CHUNK).toBe(0);
    expect(midway.processed).toBeLessThan(rows);
    const written = await count(
      `SELECT count(*)::int AS n FROM lead_events WHERE kind = 'imported' AND payload->>'importId' = $1`,
      [id],
    );
    expect(written).toBe(midway.created);

    // The next start finds it unfinished and goes on from the resume point.
    await createImportRunner({ db: t.db, log, chunkRows: CHUNK }).resumeAll();
    const done = await finished(admin, id);
    expect(done).toMatchObject({
      state: 'done',
      total: rows,
      processed: rows,
      created: rows - 1,
      rejected: 1,
    });
    const leads = await count(
      `SELECT count(*)::int AS n FROM leads l WHERE EXISTS (SELECT 1 FROM lead_events e
          WHERE e.lead_id = l.id AND e.kind = 'imported' AND e.payload->>'importId' = $1)`,
      [id],
    );
    expect(leads).toBe(rows - 1);
    const distinct = await count(
      `SELECT count(DISTINCT payload->>'line')::int AS n FROM lead_events WHERE kind = 'imported' AND payload->>'importId' = $1`,
      [id],
    );
    expect(distinct).toBe(rows - 1);
    const rejects = (await admin.get(`/api/v1/imports/${id}/rejects.csv`)).body.trim().split(/\r?\n/);
    expect(rejects).toHaveLength(2);
    expect(rejects[1]).toMatch(/^19,Email,/);
  });
});
