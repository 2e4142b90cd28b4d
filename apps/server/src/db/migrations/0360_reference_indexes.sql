-- Deleting a lead, a contact or a company makes PostgreSQL look for the rows that refer to it. Without
-- an index on the referring column that is a scan of every lead: deleting 100,000 leads from a million
-- did not finish in ten minutes (leads.merged_into_id). These columns are mostly empty, so partial
-- indexes cost nothing on a save that leaves them empty.
CREATE INDEX IF NOT EXISTS leads_merged_into_idx ON leads (merged_into_id) WHERE merged_into_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS leads_partner_contact_idx ON leads (partner_contact_id) WHERE partner_contact_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS leads_converted_contact_idx ON leads (converted_contact_id) WHERE converted_contact_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS leads_converted_company_idx ON leads (converted_company_id) WHERE converted_company_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS opportunities_contact_idx ON opportunities (contact_id) WHERE contact_id IS NOT NULL;
