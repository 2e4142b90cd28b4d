-- An import writes thousands of leads and their history in one statement. The row triggers of 0810 and
-- 0820 ran a PL/pgSQL call and two or three single-row inserts per new lead, and a call per new history
-- entry that nearly always did nothing. New leads are now counted once per statement from its transition
-- table, a change row per group rather than per lead (the reports sum the changes, so the figures are the
-- same); updates and deletes keep the row triggers. History entries that cannot move a lead's facts (all
-- but changes of status and phase) no longer call the trigger at all.

DROP TRIGGER leads_report_day_counts ON leads;
CREATE TRIGGER leads_report_day_counts AFTER UPDATE OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION report_day_counts_track();

CREATE FUNCTION report_day_counts_track_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO report_day_count_changes
  SELECT created_at::date, source_id, marketing_campaign_id, status_id, phase, count(*)
    FROM new_leads GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO report_day_open_amount_changes
  SELECT created_at::date, sales_direction_id, target_currency, count(*), count(target_amount),
         coalesce(sum(target_amount), 0)
    FROM new_leads WHERE phase IN ('new', 'in_progress') GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER leads_report_day_counts_inserted AFTER INSERT ON leads
  REFERENCING NEW TABLE AS new_leads
  FOR EACH STATEMENT EXECUTE FUNCTION report_day_counts_track_inserted();

DROP TRIGGER leads_report_facts ON leads;
CREATE TRIGGER leads_report_facts AFTER UPDATE OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION report_lead_track();

-- A new lead has no history yet to count: only the open leads per owner change.
CREATE FUNCTION report_lead_track_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(821);
  INSERT INTO report_day_owner_count_changes
  SELECT l.created_at::date, l.owner_id, l.source_id, count(*),
         count(*) FILTER (WHERE l.expected_completion_date < t.day), count(*) FILTER (WHERE l.next_event_at IS NULL)
    FROM new_leads l CROSS JOIN report_owner_today t
   WHERE l.phase IN ('new', 'in_progress')
   GROUP BY 1, 2, 3;
  RETURN NULL;
END $$;
CREATE TRIGGER leads_report_facts_inserted AFTER INSERT ON leads
  REFERENCING NEW TABLE AS new_leads
  FOR EACH STATEMENT EXECUTE FUNCTION report_lead_track_inserted();

DROP TRIGGER lead_events_report_facts ON lead_events;
CREATE TRIGGER lead_events_report_facts AFTER UPDATE OR DELETE ON lead_events
  FOR EACH ROW EXECUTE FUNCTION report_facts_track_event();
CREATE TRIGGER lead_events_report_facts_inserted AFTER INSERT ON lead_events
  FOR EACH ROW WHEN (NEW.kind = 'changed' AND NEW.field IN ('statusId', 'phase'))
  EXECUTE FUNCTION report_facts_track_event();
