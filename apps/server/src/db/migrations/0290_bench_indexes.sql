-- Indexes the benchmarks at a million leads showed missing (bench/README.md has the figures).

-- Kanban: counts and target-amount totals per open status read this small index alone (an index-only
-- scan) instead of every open lead's wide row.
CREATE INDEX leads_open_status_amount_idx ON leads (status_id) INCLUDE (target_amount, active, owner_id)
  WHERE phase IN ('new', 'in_progress');

-- Likely duplicates: the person's name typed again with a typo. A trigram index on the lead's name finds
-- thousands of leads sharing words of a company or an interest; the person's name alone is selective.
CREATE INDEX leads_person_name_trgm ON leads
  USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops);

-- Every view but Inactive lists active leads only, so its total is `count(*) ... AND active`. With
-- `active` in the index the count is an index-only scan; without it every counted row is read from the
-- table (at a million leads, 20,000 random page reads for one owner's My leads).
DROP INDEX leads_owner_updated_idx;
CREATE INDEX leads_owner_updated_idx ON leads (owner_id, updated_at DESC, id DESC) INCLUDE (active);
DROP INDEX leads_phase_updated_idx;
CREATE INDEX leads_phase_updated_idx ON leads (phase, updated_at DESC, id DESC) INCLUDE (active);
