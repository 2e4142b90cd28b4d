-- 0290_bench_indexes.sql was changed after it had run on some databases: those still have the owner and
-- phase list indexes without `active`, so their view totals read every counted row from the table. This
-- makes every database hold what 0290 now says; on one that already does, it changes nothing.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema()
                   AND indexname = 'leads_owner_updated_idx' AND indexdef LIKE '%INCLUDE (active)%') THEN
    DROP INDEX IF EXISTS leads_owner_updated_idx;
    CREATE INDEX leads_owner_updated_idx ON leads (owner_id, updated_at DESC, id DESC) INCLUDE (active);
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE schemaname = current_schema()
                   AND indexname = 'leads_phase_updated_idx' AND indexdef LIKE '%INCLUDE (active)%') THEN
    DROP INDEX IF EXISTS leads_phase_updated_idx;
    CREATE INDEX leads_phase_updated_idx ON leads (phase, updated_at DESC, id DESC) INCLUDE (active);
  END IF;
END
$$;
