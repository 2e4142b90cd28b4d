-- Who is away (back from holiday they set it off): round-robin passes them by.
ALTER TABLE users ADD COLUMN away boolean NOT NULL DEFAULT false;

-- Assignment rules: the first active rule (by position) whose condition holds for a new lead without an
-- owner gives it a user, a unit's queue, or the next member of a unit in turn.
CREATE TABLE assignment_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  condition jsonb NOT NULL DEFAULT 'true',
  target jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX assignment_rules_name_key ON assignment_rules (lower(name));
CREATE INDEX assignment_rules_position_idx ON assignment_rules (position, id);

-- The turn of a round-robin rule: its row is locked (FOR UPDATE) while a lead picks its owner, so that
-- concurrent creates take turns one after the other.
CREATE TABLE round_robin_turns (
  rule_id uuid PRIMARY KEY REFERENCES assignment_rules (id) ON DELETE CASCADE,
  turns bigint NOT NULL DEFAULT 0
);

-- How many leads each member got from a round-robin rule, in all and on the day.
CREATE TABLE round_robin_counts (
  rule_id uuid NOT NULL REFERENCES assignment_rules (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  total bigint NOT NULL DEFAULT 0,
  day date NOT NULL DEFAULT current_date,
  day_total integer NOT NULL DEFAULT 0,
  PRIMARY KEY (rule_id, user_id)
);
