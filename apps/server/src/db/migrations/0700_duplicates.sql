-- Likely duplicates: a company name compared without case, punctuation or legal form ("Acme GmbH",
-- "ACME, LLC" and "ООО Акме" against "Акме"), so that the candidates query finds it through an index.
-- Words are split on explicit separators rather than on [:alnum:], which in the C locale knows no
-- Cyrillic letters.
CREATE FUNCTION company_key(name text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT nullif(array_to_string(ARRAY(
    SELECT w FROM regexp_split_to_table(lower(coalesce(name, '')), '[\s,.;:!?''"«»()&/\\+-]+') AS w
     WHERE w <> '' AND w NOT IN (
       'llc', 'ltd', 'inc', 'corp', 'co', 'gmbh', 'ag', 'kg', 'ohg', 'ug', 'mbh', 'sa', 'sarl', 'srl',
       'spa', 'bv', 'nv', 'plc', 'oy', 'ab', 'as', 'limited', 'ooo', 'oao', 'zao', 'pao', 'ao', 'ip',
       'ооо', 'ОOO', 'ООО', 'оао', 'ОАО', 'зао', 'ЗАО', 'пао', 'ПАО', 'ао', 'АО', 'ип', 'ИП')), ' '), '')
$$;

CREATE INDEX leads_company_key_idx ON leads (company_key(coalesce(company_name, lead_company_name)))
  WHERE merged_into_id IS NULL AND company_key(coalesce(company_name, lead_company_name)) IS NOT NULL;
CREATE INDEX leads_company_tin_idx ON leads (company_tin) WHERE company_tin IS NOT NULL;
