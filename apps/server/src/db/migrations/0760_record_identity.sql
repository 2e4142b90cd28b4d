-- Contacts and companies have likely duplicates and merge like leads: a merged record keeps its row as
-- it was and points at the one it was merged into; lists and look-ups leave it out.
ALTER TABLE contacts ADD COLUMN merged_into_id uuid REFERENCES contacts (id);
ALTER TABLE companies ADD COLUMN merged_into_id uuid REFERENCES companies (id);

-- A merged company gives its TIN up to the kept one: the TIN stays unique among the companies in use.
DROP INDEX companies_tin_key;
CREATE UNIQUE INDEX companies_tin_key ON companies (tin) WHERE tin IS NOT NULL AND merged_into_id IS NULL;

-- Candidates nearest first, as for leads (0340): a contact's person name and a company's name without
-- its legal form (company_key, 0700), through GiST trigram indexes; the same key and phones by equality.
CREATE INDEX contacts_person_name_trgm ON contacts
  USING gist ((lower(coalesce(first_name, '') || ' ' || last_name)) gist_trgm_ops);
CREATE INDEX companies_name_key_trgm ON companies USING gist ((coalesce(company_key(name), '')) gist_trgm_ops);
CREATE INDEX companies_name_key_idx ON companies (company_key(name)) WHERE company_key(name) IS NOT NULL;
CREATE INDEX companies_phones_idx ON companies USING gin (phones);
CREATE INDEX contacts_merged_into_idx ON contacts (merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX companies_merged_into_idx ON companies (merged_into_id) WHERE merged_into_id IS NOT NULL;

-- One record of merges for every kind of record: leads, contacts and companies.
ALTER TABLE lead_merges ADD COLUMN record_type text NOT NULL DEFAULT 'lead'
  CHECK (record_type IN ('lead', 'contact', 'company'));
ALTER TABLE lead_merges ALTER COLUMN kept_lead_id DROP NOT NULL;
ALTER TABLE lead_merges ADD COLUMN kept_contact_id uuid REFERENCES contacts (id) ON DELETE CASCADE;
ALTER TABLE lead_merges ADD COLUMN kept_company_id uuid REFERENCES companies (id) ON DELETE CASCADE;
ALTER TABLE lead_merges ADD CONSTRAINT lead_merges_kept_check CHECK (
  (record_type = 'lead') = (kept_lead_id IS NOT NULL)
  AND (record_type = 'contact') = (kept_contact_id IS NOT NULL)
  AND (record_type = 'company') = (kept_company_id IS NOT NULL));
CREATE INDEX lead_merges_kept_contact_idx ON lead_merges (kept_contact_id) WHERE kept_contact_id IS NOT NULL;
CREATE INDEX lead_merges_kept_company_idx ON lead_merges (kept_company_id) WHERE kept_company_id IS NOT NULL;
