-- Indexes for the lead list filters and sort keys that 0200 does not serve yet. Every sort key of
-- GET /api/v1/leads leads one b-tree followed by id (the keyset tie-breaker); a backward scan serves
-- the other direction. See docs/query-plans.md.

-- unitId filter outside the unassigned queue.
CREATE INDEX leads_unit_updated_idx ON leads (unit_id, updated_at DESC, id DESC) WHERE unit_id IS NOT NULL;
-- expectedCompletionBefore in any phase (the overdue view uses the partial leads_expected_idx).
CREATE INDEX leads_expected_all_idx ON leads (expected_completion_date, id);
-- scoreMin and sort=computedScore.
CREATE INDEX leads_computed_score_idx ON leads (computed_score, id);

-- Sort keys.
CREATE INDEX leads_name_sort_idx ON leads (name, id);
CREATE INDEX leads_number_sort_idx ON leads (number, id);
CREATE INDEX leads_start_date_idx ON leads (start_date, id);
CREATE INDEX leads_target_amount_idx ON leads (target_amount, id);
CREATE INDEX leads_probability_idx ON leads (probability, id);
CREATE INDEX leads_score_idx ON leads (score, id);
CREATE INDEX leads_last_event_idx ON leads (last_event_at, id);
CREATE INDEX leads_next_event_idx ON leads (next_event_at, id);
