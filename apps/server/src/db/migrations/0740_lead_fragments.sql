-- Search by any fragment of an e-mail or a website, and by phone digits in any format: one normalised
-- text per lead (e-mails and website in lower case, each phone as bare digits), under a trigram index so
-- that `LIKE '%fragment%'` reads the index, not every lead.
CREATE FUNCTION lead_fragments(emails text[], website text, phones text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN lower(array_to_string(emails, ' ')) || ' ' || lower(coalesce(website, '')) || ' |' ||
         regexp_replace(array_to_string(phones, '|'), '[^0-9|]', '', 'g') || '|';
CREATE INDEX leads_fragments_trgm ON leads
  USING gin (lead_fragments(emails, company_website, phones) gin_trgm_ops);
