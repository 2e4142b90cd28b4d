-- Pipeline outcomes: opportunities created by qualification, and marketing lists of leads.
CREATE SEQUENCE opportunity_number_seq;

CREATE TABLE opportunities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL DEFAULT ('O-' || lpad(nextval('opportunity_number_seq')::text, 6, '0')),
  name text NOT NULL,
  responsible_id uuid NOT NULL REFERENCES users (id),
  city text,
  current_situation text,
  estimated_revenue numeric(15, 2),
  estimated_revenue_currency text CHECK (estimated_revenue_currency ~ '^[A-Z]{3}$'),
  estimated_close_date date,
  selling_direction_id uuid REFERENCES sales_directions (id),
  originating_lead_id uuid REFERENCES leads (id),
  company_id uuid REFERENCES companies (id),
  contact_id uuid REFERENCES contacts (id),
  description text,
  stage text NOT NULL DEFAULT 'open' CHECK (stage IN ('open', 'won', 'lost')),
  closed_at timestamptz(3),
  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX opportunities_number_key ON opportunities (number);
CREATE INDEX opportunities_updated_idx ON opportunities (updated_at DESC, id DESC);
CREATE INDEX opportunities_responsible_idx ON opportunities (responsible_id, updated_at DESC, id DESC);
CREATE INDEX opportunities_company_idx ON opportunities (company_id) WHERE company_id IS NOT NULL;
CREATE INDEX opportunities_lead_idx ON opportunities (originating_lead_id) WHERE originating_lead_id IS NOT NULL;
CREATE INDEX opportunities_stage_idx ON opportunities (stage, updated_at DESC, id DESC);

CREATE TABLE opportunity_lines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  product_id uuid NOT NULL REFERENCES products (id),
  quantity numeric(12, 3) NOT NULL DEFAULT 1 CHECK (quantity > 0),
  price numeric(15, 2) NOT NULL DEFAULT 0 CHECK (price >= 0),
  position integer NOT NULL DEFAULT 0
);
CREATE INDEX opportunity_lines_opportunity_idx ON opportunity_lines (opportunity_id, position);

ALTER TABLE leads ADD CONSTRAINT leads_opportunity_fk FOREIGN KEY (opportunity_id) REFERENCES opportunities (id);

CREATE TABLE marketing_lists (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  description text,
  marketing_campaign_id uuid REFERENCES marketing_campaigns (id),
  active boolean NOT NULL DEFAULT true,
  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX marketing_lists_name_key ON marketing_lists (lower(name));

CREATE TABLE marketing_list_members (
  marketing_list_id uuid NOT NULL REFERENCES marketing_lists (id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  added_by_id uuid REFERENCES users (id),
  added_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (marketing_list_id, lead_id)
);
CREATE INDEX marketing_list_members_lead_idx ON marketing_list_members (lead_id);
CREATE INDEX marketing_list_members_added_idx ON marketing_list_members (marketing_list_id, added_at DESC, lead_id);

CREATE INDEX leads_disqualification_code_idx ON leads (disqualification_code_id) WHERE disqualification_code_id IS NOT NULL;
