-- Public web forms: what a form asks, and the defaults of the leads its submissions become.
CREATE TABLE web_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,78}[a-z0-9])?$'),
  fields jsonb NOT NULL DEFAULT '[]'::jsonb,
  source_id uuid REFERENCES lead_sources (id),
  sales_direction_id uuid REFERENCES sales_directions (id),
  owner_id uuid REFERENCES users (id),
  unit_id uuid REFERENCES units (id),
  marketing_campaign_id uuid REFERENCES marketing_campaigns (id),
  thank_you text,
  redirect_url text,
  consent_text text,
  -- Grows each time the consent text changes, so that a lead shows which wording was agreed to.
  consent_version integer NOT NULL DEFAULT 1,
  allowed_origins text[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  -- The integration user that the form's leads are created by (their history names it).
  user_id uuid NOT NULL REFERENCES users (id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX web_forms_slug_key ON web_forms (slug);
CREATE INDEX web_forms_name_idx ON web_forms (name, id);

-- Every submission is written here before it is answered, then turned into a lead. One that the lead
-- rules refuse stays (state 'failed') until an administrator fixes and retries it: none is lost.
CREATE TABLE intake_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  form_id uuid NOT NULL REFERENCES web_forms (id),
  state text NOT NULL DEFAULT 'received' CHECK (state IN ('received', 'done', 'failed')),
  -- The fields as the person sent them.
  payload jsonb NOT NULL,
  -- Lead fields an administrator set to repair a refused submission; they win over the payload.
  corrections jsonb NOT NULL DEFAULT '{}'::jsonb,
  remote_address text,
  user_agent text,
  consent_text text,
  consent_version integer,
  consent_given_at timestamptz(3),
  flags text[] NOT NULL DEFAULT '{}',
  errors jsonb,
  attempts integer NOT NULL DEFAULT 0,
  lead_id uuid REFERENCES leads (id) ON DELETE SET NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  processed_at timestamptz(3),
  version integer NOT NULL DEFAULT 1
);
-- The "needing attention" list reads one state, oldest first.
CREATE INDEX intake_submissions_state_idx ON intake_submissions (state, received_at, id);
CREATE INDEX intake_submissions_form_idx ON intake_submissions (form_id, received_at);
CREATE INDEX intake_submissions_lead_idx ON intake_submissions (lead_id) WHERE lead_id IS NOT NULL;

-- Secrets the intake signs with (the time trap of the form pages), made once per installation.
CREATE TABLE intake_secrets (
  name text PRIMARY KEY,
  secret text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
