import type { Database } from '../../apps/server/src/db/client';

/**
 * The pipeline history of the generated leads, for the reports read from it (outcomes, time in each
 * status, time to qualify): every lead past the first status came through the second one, and a lead
 * further on moved on from there, with the phase changes that go with it. Added once to a data set
 * generated without it; the reports' per-day facts are rebuilt afterwards in one pass.
 */
export async function generateHistory(db: Database, log: (line: string) => void) {
  const [done] = await db.query(`SELECT 1 FROM settings WHERE key = 'bench.history'`);
  if (done) return;
  const statuses = await db.query<{ id: string }>('SELECT id FROM lead_statuses ORDER BY position, id');
  const t0 = performance.now();
  const parts = 8;
  await db.exec('ALTER TABLE lead_events DISABLE TRIGGER USER');
  try {
    for (let k = 0; k < parts; k++) {
      await db.query(
        `WITH l AS (
           SELECT l.id, l.status_id, l.phase, s.position,
                  least(l.created_at + (1 + abs(hashtext(l.id::text)) % 72) * interval '1 hour', now()) AS at1,
                  least(l.created_at + (1 + abs(hashtext(l.id::text)) % 72 + abs(hashtext(l.id::text || 'b')) % 400)
                        * interval '1 hour', now()) AS at2
             FROM leads l JOIN lead_statuses s ON s.id = l.status_id
            WHERE s.position > (SELECT position FROM lead_statuses WHERE id = $2)
              AND abs(hashtext(l.id::text)) % ${parts} = $1)
         INSERT INTO lead_events (lead_id, at, kind, field, old_value, new_value)
         SELECT l.id, e.at, 'changed', e.field, e.old, e.new
           FROM l CROSS JOIN LATERAL (VALUES
             (l.at1, 'statusId', to_jsonb($2::text), to_jsonb($3::text), true),
             (l.at1, 'phase', to_jsonb('new'::text), to_jsonb('in_progress'::text), true),
             (l.at2, 'statusId', to_jsonb($3::text), to_jsonb(l.status_id::text), l.status_id <> $3::uuid),
             (l.at2, 'phase', to_jsonb('in_progress'::text), to_jsonb(l.phase), l.phase NOT IN ('new', 'in_progress'))
           ) AS e (at, field, old, new, keep)
          WHERE e.keep`,
        [k, statuses[0].id, statuses[1].id],
      );
      log(`  history: part ${k + 1} of ${parts} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
  } finally {
    await db.exec('ALTER TABLE lead_events ENABLE TRIGGER USER');
  }
  await db.query('SELECT rebuild_report_day_facts()');
  await db.exec('VACUUM ANALYZE lead_events, report_lead_facts, report_day_facts, report_day_owner_counts');
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM lead_events');
  await db.query(
    `INSERT INTO settings (key, value) VALUES ('bench.history', $1::jsonb) ON CONFLICT (key) DO NOTHING`,
    [JSON.stringify({ events: n, at: new Date().toISOString() })],
  );
  log(`  history: ${n.toLocaleString('en')} events in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
