-- The lead record, its product lines and tags, and its append-only history.
CREATE SEQUENCE lead_number_seq;

CREATE TABLE leads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Readable and never reused: a sequence value is consumed even when the transaction rolls back.
  number text NOT NULL DEFAULT ('L-' || lpad(nextval('lead_number_seq')::text, 6, '0')),
  name text NOT NULL,
  source_id uuid NOT NULL REFERENCES lead_sources (id),
  lead_type_id uuid REFERENCES lead_types (id),
  description text,
  customer_requirements text,
  prospect_type text NOT NULL DEFAULT 'company' CHECK (prospect_type IN ('company', 'person')),

  lead_company_name text,
  new_company boolean NOT NULL DEFAULT false,
  company_id uuid REFERENCES companies (id),
  company_name text,
  company_website text,
  company_tin text CHECK (company_tin ~ '^([0-9]{9}|[0-9]{10}|[0-9]{12})$'),
  industry_id uuid REFERENCES industries (id),
  company_size text,
  key_account boolean NOT NULL DEFAULT false,

  new_contact boolean NOT NULL DEFAULT false,
  contact_id uuid REFERENCES contacts (id),
  first_name text,
  last_name text,
  middle_name text,
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  do_not_email boolean NOT NULL DEFAULT false,
  do_not_call boolean NOT NULL DEFAULT false,
  job_title text,
  department text,

  address_street text,
  address_postal_code text,
  address_city text,
  address_region text,
  address_country text,

  sales_direction_id uuid REFERENCES sales_directions (id),
  product_id uuid REFERENCES products (id),
  target_amount numeric(15, 2),
  target_currency text CHECK (target_currency ~ '^[A-Z]{3}$'),
  probability smallint CHECK (probability BETWEEN 0 AND 100),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  importance text NOT NULL DEFAULT 'normal' CHECK (importance IN ('low', 'normal', 'high', 'urgent')),
  marketing_campaign_id uuid REFERENCES marketing_campaigns (id),
  content_channel text,
  external_client_id text,

  partnership_agreement_id uuid REFERENCES partnership_agreements (id),
  partner_company_id uuid REFERENCES companies (id),
  partner_contact_id uuid REFERENCES contacts (id),

  status_id uuid NOT NULL REFERENCES lead_statuses (id),
  -- The status's phase, kept on the lead so that views by phase are served by an index.
  phase text NOT NULL CHECK (phase IN ('new', 'in_progress', 'won', 'lost', 'dropped')),
  owner_id uuid REFERENCES users (id),
  unit_id uuid REFERENCES units (id),
  agency_id uuid REFERENCES agencies (id),
  group_company_id uuid REFERENCES group_companies (id),
  category_id uuid REFERENCES categories (id),
  active boolean NOT NULL DEFAULT true,
  nurturing boolean NOT NULL DEFAULT false,
  score smallint CHECK (score BETWEEN 0 AND 5),
  computed_score smallint NOT NULL DEFAULT 0 CHECK (computed_score BETWEEN 0 AND 100),
  score_reasons jsonb NOT NULL DEFAULT '[]',

  start_date date NOT NULL DEFAULT current_date,
  estimated_completion_days integer CHECK (estimated_completion_days BETWEEN 0 AND 3650),
  expected_completion_date date,
  actual_completed_date date,
  last_event_at timestamptz(3),
  next_event_at timestamptz(3),

  goal text,
  implementation_options text,
  procurement_procedure text,
  decision_level text,
  terms text,
  decision_maker text,
  selection_criteria text,
  compliance_with_criteria text,
  channel text,

  opportunity_id uuid,
  converted_company_id uuid REFERENCES companies (id),
  converted_contact_id uuid REFERENCES contacts (id),
  disqualification_code_id uuid REFERENCES disqualification_codes (id),
  disqualification_reason text,
  lost_reason_id uuid REFERENCES lost_reasons (id),
  drop_reason text,
  merged_into_id uuid REFERENCES leads (id),

  -- Everything full-text search covers (name, number, company, contact names, e-mails, phones, plain
  -- description), assembled by the service on every save.
  search_text text NOT NULL DEFAULT '',
  search tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED,

  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX leads_number_key ON leads (number);
CREATE INDEX leads_search_idx ON leads USING gin (search);
CREATE INDEX leads_name_trgm ON leads USING gin (name gin_trgm_ops);
CREATE INDEX leads_company_name_trgm ON leads USING gin (coalesce(company_name, lead_company_name, '') gin_trgm_ops);
CREATE INDEX leads_emails_idx ON leads USING gin (emails);
CREATE INDEX leads_phones_idx ON leads USING gin (phones);
-- Lists: each view's filter leads its index and the default sort (updated_at DESC, id) follows.
CREATE INDEX leads_owner_updated_idx ON leads (owner_id, updated_at DESC, id DESC);
CREATE INDEX leads_phase_updated_idx ON leads (phase, updated_at DESC, id DESC);
CREATE INDEX leads_status_updated_idx ON leads (status_id, updated_at DESC, id DESC);
CREATE INDEX leads_updated_idx ON leads (updated_at DESC, id DESC);
CREATE INDEX leads_created_idx ON leads (created_at DESC, id DESC);
CREATE INDEX leads_unit_queue_idx ON leads (unit_id, updated_at DESC, id DESC) WHERE owner_id IS NULL;
CREATE INDEX leads_source_created_idx ON leads (source_id, created_at DESC, id DESC);
CREATE INDEX leads_expected_idx ON leads (expected_completion_date, id) WHERE phase IN ('new', 'in_progress');
CREATE INDEX leads_inactive_idx ON leads (updated_at DESC, id DESC) WHERE NOT active;
CREATE INDEX leads_company_idx ON leads (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX leads_contact_idx ON leads (contact_id) WHERE contact_id IS NOT NULL;
CREATE INDEX leads_agreement_idx ON leads (partnership_agreement_id) WHERE partnership_agreement_id IS NOT NULL;
CREATE INDEX leads_partner_company_idx ON leads (partner_company_id, updated_at DESC, id DESC) WHERE partner_company_id IS NOT NULL;

CREATE TABLE lead_product_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  quantity numeric(12, 3) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  price numeric(15, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX lead_product_lines_lead_idx ON lead_product_lines (lead_id, position);

CREATE TABLE lead_tags (
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  tag_id uuid NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
  PRIMARY KEY (lead_id, tag_id)
);
CREATE INDEX lead_tags_tag_idx ON lead_tags (tag_id, lead_id);

-- Append-only: written in the transaction of the change it records, never updated.
CREATE TABLE lead_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  at timestamptz(3) NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  kind text NOT NULL,
  field text,
  old_value jsonb,
  new_value jsonb,
  payload jsonb
);
CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, at DESC, id DESC);
