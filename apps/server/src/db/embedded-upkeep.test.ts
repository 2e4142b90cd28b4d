import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite, type Database } from './client';
import { vacuumChangedTables } from './embedded-upkeep';

let db: Database;
beforeAll(async () => {
  db = await openPglite(undefined);
  await db.exec('CREATE TABLE upkeep_probe (id int PRIMARY KEY, n int); CREATE TABLE upkeep_quiet (id int)');
  await db.exec('INSERT INTO upkeep_quiet VALUES (1)');
});
afterAll(() => db.close());

describe('upkeep of the embedded database (it has no autovacuum)', () => {
  it('vacuums and analyses a table after many writes, and leaves quiet tables alone', async () => {
    await db.exec('INSERT INTO upkeep_probe SELECT g, 0 FROM generate_series(1, 5000) g');
    await db.exec('UPDATE upkeep_probe SET n = 1 WHERE id <= 2000');
    const vacuumed = await vacuumChangedTables(db);
    expect(vacuumed).toContain('public.upkeep_probe');
    expect(vacuumed).not.toContain('public.upkeep_quiet');
    const [stats] = await db.query<{ vacuumed: boolean; analysed: boolean; dead: number; visible: number }>(
      `SELECT s.last_vacuum IS NOT NULL AS vacuumed, s.last_analyze IS NOT NULL AS analysed,
              s.n_dead_tup AS dead, c.relallvisible AS visible
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = 'upkeep_probe'`,
    );
    expect(stats).toMatchObject({ vacuumed: true, analysed: true });
    expect(Number(stats.dead)).toBe(0);
    expect(Number(stats.visible)).toBeGreaterThan(0);
    // Nothing changed since: the next round has nothing to do.
    expect(await vacuumChangedTables(db)).toEqual([]);
  });
});
