-- The records a lead refers to: lists of values, companies, contacts, the catalogue, partnerships,
-- and the pipeline's statuses and codes. Lists of values are tables (configurable), seeded with defaults.

-- One shape for the simple lists of values: name, optional code, order, active.
CREATE TABLE lead_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  code text,
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lead_sources_name_key ON lead_sources (lower(name));
CREATE UNIQUE INDEX lead_sources_code_key ON lead_sources (code) WHERE code IS NOT NULL;

CREATE TABLE industries (LIKE lead_sources INCLUDING ALL);
CREATE TABLE job_functions (LIKE lead_sources INCLUDING ALL);
CREATE TABLE departments (LIKE lead_sources INCLUDING ALL);
CREATE TABLE categories (LIKE lead_sources INCLUDING ALL);
CREATE TABLE agencies (LIKE lead_sources INCLUDING ALL);
CREATE TABLE group_companies (LIKE lead_sources INCLUDING ALL);
CREATE TABLE lost_reasons (LIKE lead_sources INCLUDING ALL);

CREATE TABLE tags (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  color text NOT NULL DEFAULT '#868e96',
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tags_name_key ON tags (lower(name));

CREATE TABLE cities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  region text,
  country text,
  postal_code text,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cities_name_region_country_key ON cities (lower(name), lower(coalesce(region, '')), lower(coalesce(country, '')));
CREATE INDEX cities_name_trgm ON cities USING gin (name gin_trgm_ops);

CREATE TABLE marketing_campaigns (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  start_date date,
  end_date date,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date)
);
CREATE UNIQUE INDEX marketing_campaigns_name_key ON marketing_campaigns (lower(name));

CREATE TABLE lead_types (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
  importance text NOT NULL DEFAULT 'normal' CHECK (importance IN ('low', 'normal', 'high', 'urgent')),
  estimated_completion_days integer CHECK (estimated_completion_days BETWEEN 0 AND 3650),
  allowed_activity_types text[] NOT NULL DEFAULT '{}',
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lead_types_name_key ON lead_types (lower(name));
CREATE TABLE lead_type_units (
  lead_type_id uuid NOT NULL REFERENCES lead_types (id) ON DELETE CASCADE,
  unit_id uuid NOT NULL REFERENCES units (id) ON DELETE CASCADE,
  PRIMARY KEY (lead_type_id, unit_id)
);

CREATE TABLE companies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  tin text CHECK (tin ~ '^([0-9]{9}|[0-9]{10}|[0-9]{12})$'),
  website text,
  type text NOT NULL DEFAULT 'prospect' CHECK (type IN ('prospect', 'customer', 'supplier', 'partner')),
  industry_id uuid REFERENCES industries (id),
  size text,
  key_account boolean NOT NULL DEFAULT false,
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  address_street text,
  address_postal_code text,
  address_city text,
  address_region text,
  address_country text,
  description text,
  active boolean NOT NULL DEFAULT true,
  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX companies_tin_key ON companies (tin) WHERE tin IS NOT NULL;
CREATE INDEX companies_name_idx ON companies (lower(name), id);
CREATE INDEX companies_name_trgm ON companies USING gin (name gin_trgm_ops);
CREATE INDEX companies_emails_idx ON companies USING gin (emails);
CREATE INDEX companies_type_idx ON companies (type, lower(name), id);

ALTER TABLE users ADD CONSTRAINT users_partner_company_fk FOREIGN KEY (partner_company_id) REFERENCES companies (id);

CREATE TABLE contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  first_name text,
  last_name text NOT NULL,
  middle_name text,
  -- e-mails lower-cased and phones in E.164, so that matching is an equality.
  emails text[] NOT NULL DEFAULT '{}',
  phones text[] NOT NULL DEFAULT '{}',
  company_id uuid REFERENCES companies (id),
  job_title text,
  department text,
  do_not_email boolean NOT NULL DEFAULT false,
  do_not_call boolean NOT NULL DEFAULT false,
  address_street text,
  address_postal_code text,
  address_city text,
  address_region text,
  address_country text,
  active boolean NOT NULL DEFAULT true,
  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
-- Contact de-duplication looks up by normalised last name first.
CREATE INDEX contacts_last_name_idx ON contacts (lower(regexp_replace(last_name, '\s', '', 'g')));
CREATE INDEX contacts_company_idx ON contacts (company_id, lower(last_name), id);
CREATE INDEX contacts_name_idx ON contacts (lower(last_name), lower(coalesce(first_name, '')), id);
CREATE INDEX contacts_emails_idx ON contacts USING gin (emails);
CREATE INDEX contacts_phones_idx ON contacts USING gin (phones);
CREATE INDEX contacts_last_name_trgm ON contacts USING gin (last_name gin_trgm_ops);

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  code text,
  description text,
  price numeric(15, 2) CHECK (price IS NULL OR price >= 0),
  currency text CHECK (currency ~ '^[A-Z]{3}$'),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX products_name_key ON products (lower(name));
CREATE UNIQUE INDEX products_code_key ON products (code) WHERE code IS NOT NULL;

CREATE TABLE sales_directions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sales_directions_name_key ON sales_directions (lower(name));
CREATE TABLE sales_direction_products (
  sales_direction_id uuid NOT NULL REFERENCES sales_directions (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  PRIMARY KEY (sales_direction_id, product_id)
);
CREATE INDEX sales_direction_products_product_idx ON sales_direction_products (product_id);

CREATE TABLE partnership_programs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partnership_programs_name_key ON partnership_programs (lower(name));
CREATE TABLE partnership_program_sales_directions (
  program_id uuid NOT NULL REFERENCES partnership_programs (id) ON DELETE CASCADE,
  sales_direction_id uuid NOT NULL REFERENCES sales_directions (id) ON DELETE CASCADE,
  PRIMARY KEY (program_id, sales_direction_id)
);
CREATE TABLE partnership_program_products (
  program_id uuid NOT NULL REFERENCES partnership_programs (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  PRIMARY KEY (program_id, product_id)
);

CREATE TABLE partnership_agreements (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL,
  partner_company_id uuid NOT NULL REFERENCES companies (id),
  program_id uuid NOT NULL REFERENCES partnership_programs (id),
  valid_from date,
  valid_to date,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX partnership_agreements_number_key ON partnership_agreements (lower(number));
CREATE INDEX partnership_agreements_partner_idx ON partnership_agreements (partner_company_id);
CREATE INDEX partnership_agreements_program_idx ON partnership_agreements (program_id);

-- Pipeline configuration: statuses belong to one of the fixed phases; codes explain a loss.
CREATE TABLE lead_statuses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  color text NOT NULL DEFAULT '#868e96',
  phase text NOT NULL CHECK (phase IN ('new', 'in_progress', 'won', 'lost', 'dropped')),
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX lead_statuses_name_key ON lead_statuses (lower(name));
CREATE INDEX lead_statuses_position_idx ON lead_statuses (position, id);

CREATE TABLE disqualification_codes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  -- "continues demand generation": disqualifying with this code also creates an opportunity.
  creates_opportunity boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX disqualification_codes_name_key ON disqualification_codes (lower(name));

-- Defaults (SPEC.md sections 1 and 2).
INSERT INTO lead_sources (name, code, position) VALUES
  ('Self-generation', 'self_generation', 1), ('Email', 'email', 2), ('Call', 'call', 3), ('Chat', 'chat', 4),
  ('Vendor', 'vendor', 5), ('Partner', 'partner', 6), ('Website form', 'website_form', 7),
  ('Social media', 'social_media', 8), ('Customer portal', 'customer_portal', 9), ('Import', 'import', 10),
  ('API', 'api', 11);

INSERT INTO lead_statuses (name, color, phase, position) VALUES
  ('To be processed', '#228be6', 'new', 1),
  ('Marketing qualification', '#7950f2', 'in_progress', 2),
  ('Sales qualification', '#15aabf', 'in_progress', 3),
  ('Nurturing', '#fab005', 'in_progress', 4),
  ('Qualified (converted)', '#40c057', 'won', 5),
  ('Disqualified (lost)', '#fa5252', 'lost', 6),
  ('Dropped', '#868e96', 'dropped', 7);

INSERT INTO disqualification_codes (name, creates_opportunity, position) VALUES
  ('Non-target client', false, 1), ('Demand is not generated', true, 2),
  ('Non-commercial interest', false, 3), ('Impossible to contact', false, 4);

INSERT INTO lost_reasons (name, position) VALUES
  ('Price', 1), ('Competitor', 2), ('No budget', 3), ('No decision', 4), ('Other', 5);

INSERT INTO settings (key, value)
SELECT 'defaultNewStatusId', to_jsonb(id::text) FROM lead_statuses WHERE name = 'To be processed'
UNION ALL SELECT 'defaultWonStatusId', to_jsonb(id::text) FROM lead_statuses WHERE name = 'Qualified (converted)'
UNION ALL SELECT 'defaultLostStatusId', to_jsonb(id::text) FROM lead_statuses WHERE name = 'Disqualified (lost)'
UNION ALL SELECT 'defaultDroppedStatusId', to_jsonb(id::text) FROM lead_statuses WHERE name = 'Dropped';
