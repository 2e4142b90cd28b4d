-- The Kanban summary and every list leave merged leads out (`merged_into_id IS NULL`, 0710); the open
-- leads' index (0330) did not hold the column, so the summary read every open lead from the table
-- (p95 1.1 s at 100,000 leads under load) instead of this index alone.
DROP INDEX leads_open_status_amount_idx;
CREATE INDEX leads_open_status_amount_idx ON leads (status_id, target_currency)
  INCLUDE (target_amount, active, owner_id, unit_id, merged_into_id)
  WHERE phase IN ('new', 'in_progress');
