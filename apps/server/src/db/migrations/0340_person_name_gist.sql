-- Likely duplicates of a lead rank the leads whose person's name is nearest to its own. A GiST trigram
-- index returns them nearest first (`ORDER BY ... <-> name LIMIT n`) without reading every lead that
-- passes a similarity threshold: with the GIN index a common name (a hundred leads share each first and
-- last name at a million leads) made the query read and rank hundreds of rows (82-151 ms p95); nearest
-- first it reads twenty (under 5 ms).
DROP INDEX leads_person_name_trgm;
CREATE INDEX leads_person_name_trgm ON leads
  USING gist ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gist_trgm_ops);
