-- Indexes the benchmarks at a million leads showed missing (bench/README.md has the figures).

-- Kanban: counts and target-amount totals per open status read this small index alone (an index-only
-- scan) instead of every open lead's wide row.
CREATE INDEX leads_open_status_amount_idx ON leads (status_id) INCLUDE (target_amount, active, owner_id)
  WHERE phase IN ('new', 'in_progress');

-- Likely duplicates: the person's name typed again with a typo. A trigram index on the lead's name finds
-- thousands of leads sharing words of a company or an interest; the person's name alone is selective.
CREATE INDEX leads_person_name_trgm ON leads
  USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops);
