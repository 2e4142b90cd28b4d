-- Likely duplicates of a lead (asked on every create) looked for the twenty nearest person names through
-- a GiST trigram index. Its inner pages hold signatures that nearly every name's trigrams fill, so for a
-- name without twenty near neighbours the nearest-first walk read the whole index: 1,100 pages and
-- 100-185 ms at 100,000 leads, more than the rest of the create. They now ask only for the names similar
-- enough to count as the same person's (`%` at the session's threshold, 0.6), which a GIN index answers
-- from the posting lists of the name's trigrams: 0.3 ms for a name without neighbours, 4 ms for the most
-- common one at 100,000 leads (78 matches ranked; at 0.3, what 0340 measured, there were 1,800).
-- New entries go straight into the index (see 0350): the check runs right after each create.
DROP INDEX leads_person_name_trgm;
CREATE INDEX leads_person_name_trgm ON leads
  USING gin ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) gin_trgm_ops)
  WITH (fastupdate = off);
