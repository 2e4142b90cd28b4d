-- Reports aggregate over many leads: these indexes let them read only what they count.
-- Status and phase changes, by time, for time in status and outcomes per month.
CREATE INDEX lead_events_pipeline_idx ON lead_events (field, at, lead_id)
  WHERE kind = 'changed' AND field IN ('statusId', 'phase');
-- Leads by creation time with every column the funnel, created and sources reports group or filter on.
CREATE INDEX leads_report_created_idx ON leads (created_at)
  INCLUDE (source_id, marketing_campaign_id, status_id, phase, owner_id, unit_id, partner_company_id, opportunity_id);
-- Open leads per owner with what "overdue" and "no next step" need.
CREATE INDEX leads_open_owner_idx ON leads (owner_id)
  INCLUDE (expected_completion_date, next_event_at, unit_id, source_id, created_at, partner_company_id)
  WHERE phase IN ('new', 'in_progress');
