-- What the company register answered, by query ("tin:7707083893", "email:info@acme.ru"): a found party's
-- data, or null for "not found", so a repeated TIN never asks the provider again.
CREATE TABLE company_enrichment_cache (
  query_key text PRIMARY KEY,
  result jsonb,
  fetched_at timestamptz(3) NOT NULL DEFAULT now()
);

-- What the register tells about a company beyond its name and address.
ALTER TABLE companies ADD COLUMN legal_form text;
ALTER TABLE companies ADD COLUMN industry_code text;
ALTER TABLE companies ADD COLUMN register_status text CHECK (register_status IN ('active', 'liquidated'));
