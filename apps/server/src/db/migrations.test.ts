import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness';
import { underMigrationLock } from './migrate';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const repair = readFileSync(join(__dirname, 'migrations', '0420_bench_indexes_as_committed.sql'), 'utf8');
const definitions = async () =>
  (
    await t.db.query<{ indexname: string; indexdef: string }>(
      `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()
          AND indexname IN ('leads_owner_updated_idx', 'leads_phase_updated_idx') ORDER BY indexname`,
    )
  ).map((r) => `${r.indexname}: ${r.indexdef.replace(/^.* USING /, '')}`);

describe('a database that ran 0290 before it was changed', () => {
  it('gets the owner and phase list indexes 0290 now describes, and a second run changes nothing', async () => {
    const current = await definitions();
    expect(current.every((d) => d.includes('INCLUDE (active)'))).toBe(true);
    await t.db.exec(
      underMigrationLock(`DROP INDEX leads_owner_updated_idx;
      CREATE INDEX leads_owner_updated_idx ON leads (owner_id, updated_at DESC, id DESC);
      DROP INDEX leads_phase_updated_idx;
      CREATE INDEX leads_phase_updated_idx ON leads (phase, updated_at DESC, id DESC)`),
    );
    expect((await definitions()).some((d) => d.includes('INCLUDE'))).toBe(false);
    await t.db.exec(repair);
    expect(await definitions()).toEqual(current);
    await t.db.exec(repair);
    expect(await definitions()).toEqual(current);
  });
});
