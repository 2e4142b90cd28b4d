-- Likely duplicates look for the same person's name first: for a common name (a hundred leads share one
-- at a million leads) the twenty candidates are found here, and the trigram index (0850), which hands over
-- every row sharing enough trigrams for rechecking (412 rows for 78 matches at 100,000 leads), is not read.
CREATE INDEX leads_person_name_idx ON leads ((lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))));
