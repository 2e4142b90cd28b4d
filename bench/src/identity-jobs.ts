import type { Database } from '../../apps/server/src/db/client';
import type { Principal } from '../../apps/server/src/modules/access/principal';
import { leadContextOf } from '../../apps/server/src/modules/leads/lead-context';
import { createLeadsRepository } from '../../apps/server/src/modules/leads';
import { createDuplicatesRepository } from '../../apps/server/src/modules/duplicates/duplicates.repository';
import { runScan, startScan } from '../../apps/server/src/modules/duplicates/scan-duplicates';
import { rescoreLeadById } from '../../apps/server/src/modules/scoring/score-lead';
import { createScoringRepository } from '../../apps/server/src/modules/scoring';
import { summarize, type Summary } from './stats';

interface JobRow {
  name: string;
  service: Summary | null;
  baseline: Summary;
  note?: string;
}

const once = (ms: number) => summarize([ms]);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * The identity jobs over the whole dataset, each timed once: the full duplicate scan (e-mail + person
 * name) as its job runs it, batch by batch with progress, against the one GROUP BY statement without
 * progress; and the re-scoring of open leads, measured on a sample in a rolled-back transaction (two
 * rules added there) and projected to every open lead.
 */
export async function benchIdentityJobs(db: Database, admin: Principal): Promise<JobRow[]> {
  const rows: JobRow[] = [];
  const { scope } = await leadContextOf(db, admin);
  const fields: ['emails', 'personName'] = ['emails', 'personName'];

  let t = performance.now();
  const run = await startScan(db, undefined, admin.userId, scope, fields);
  await runScan(db, run.id);
  const jobMs = performance.now() - t;
  const [done] = await db.query<{ processed: number; group_count: number; state: string }>(
    'SELECT processed, group_count, state FROM duplicate_scans WHERE id = $1',
    [run.id],
  );
  await db.query('DELETE FROM duplicate_scans WHERE id = $1', [run.id]);
  t = performance.now();
  await createDuplicatesRepository(db).groups(scope, { fields }, 1000);
  const rawMs = performance.now() - t;
  const perSecond = Math.round((done.processed / jobMs) * 1000);
  rows.push({
    name: 'Full duplicate scan as a job (e-mail + name)',
    service: once(jobMs),
    baseline: once(rawMs),
    note: `${done.state}: ${done.processed} leads in ${seconds(jobMs)}, ${perSecond} leads/s, ${done.group_count} groups; raw = one GROUP BY`,
  });
  console.log(`  full duplicate scan: ${rows[0].note}`);

  let sample = 0;
  const open = await createScoringRepository(db).countOpenLeads();
  const load = (q: Parameters<typeof rescoreLeadById>[0], id: string) => createLeadsRepository(q).get(id);
  let scoreMs = 0;
  await db
    .transaction(async (tx) => {
      await tx.query(
        `INSERT INTO scoring_rules (name, condition, points, decay_days) VALUES
           ('bench: key account', '{"==": [{"var": "lead.keyAccount"}, true]}', 20, NULL),
           ('bench: any lead', 'true', 10, 14)`,
      );
      const ids = await createScoringRepository(tx).openLeadIds(null, 1000);
      sample = ids.length;
      const start = performance.now();
      for (const id of ids) await rescoreLeadById(tx, id, load);
      scoreMs = performance.now() - start;
      throw new Error('rollback');
    })
    .catch((err: unknown) => {
      if ((err as Error).message !== 'rollback') throw err;
    });
  const scorePerSecond = (sample / scoreMs) * 1000;
  rows.push({
    name: 'Score recomputation of open leads',
    service: once(scoreMs),
    baseline: once(scoreMs),
    note: `${sample} leads in ${seconds(scoreMs)}, ${Math.round(scorePerSecond)} leads/s; all ${open} open leads ≈ ${seconds((open / scorePerSecond) * 1000)}`,
  });
  console.log(`  score recomputation: ${rows[1].note}`);
  return rows;
}
