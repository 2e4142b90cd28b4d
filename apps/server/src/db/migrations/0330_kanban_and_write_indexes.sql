-- Kanban totals group by status and currency: with the currency in the key the whole summary is an
-- index-only scan of this index (at a million leads the former one, without it, let the planner read
-- the whole table: 1.2 s). owner_id and unit_id serve the team visibility condition.
DROP INDEX leads_open_status_amount_idx;
CREATE INDEX leads_open_status_amount_idx ON leads (status_id, target_currency)
  INCLUDE (target_amount, active, owner_id, unit_id)
  WHERE phase IN ('new', 'in_progress');

-- Trigram indexes on the lead's name and company name serve no query: search is the full-text index,
-- and likely duplicates use the person's name (0290), e-mails and phones. Each made every lead save
-- update two more GIN indexes.
DROP INDEX leads_name_trgm;
DROP INDEX leads_company_name_trgm;
