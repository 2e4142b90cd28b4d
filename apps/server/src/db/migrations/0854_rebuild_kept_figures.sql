-- The figures kept beside the leads (0810 day counts, 0853 status totals) counted anew from the leads,
-- for whoever loads leads with the triggers off (a bulk load, a repair): the same grouping as the
-- triggers and the first fill of each migration.

CREATE FUNCTION rebuild_report_day_counts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(810810);
  DELETE FROM report_day_count_changes;
  DELETE FROM report_day_counts;
  INSERT INTO report_day_counts
  SELECT created_at::date, source_id, marketing_campaign_id, status_id, phase, count(*)
    FROM leads GROUP BY 1, 2, 3, 4, 5;
  DELETE FROM report_day_open_amount_changes;
  DELETE FROM report_day_open_amounts;
  INSERT INTO report_day_open_amounts
  SELECT created_at::date, sales_direction_id, target_currency, count(*), count(target_amount),
         coalesce(sum(target_amount), 0)
    FROM leads WHERE phase IN ('new', 'in_progress') GROUP BY 1, 2, 3;
END $$;

CREATE FUNCTION rebuild_lead_status_totals() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(853853);
  DELETE FROM lead_status_total_changes;
  DELETE FROM lead_status_totals;
  INSERT INTO lead_status_totals
  SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id, count(*),
         count(target_amount), coalesce(sum(target_amount), 0)
    FROM leads WHERE merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
END $$;
