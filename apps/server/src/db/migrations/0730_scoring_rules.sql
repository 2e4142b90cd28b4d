-- Scoring rules: points a lead earns while a condition holds; a rule with decay_days stops counting when
-- the lead has had no activity for that many days.
CREATE TABLE scoring_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  condition jsonb NOT NULL,
  points integer NOT NULL CHECK (points BETWEEN -1000 AND 1000),
  decay_days integer CHECK (decay_days > 0),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX scoring_rules_name_key ON scoring_rules (lower(name));

-- A recomputation of every open lead's score after the rules changed (a job), with its progress.
CREATE TABLE scoring_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reason text NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX scoring_runs_created_idx ON scoring_runs (created_at DESC, id DESC);
