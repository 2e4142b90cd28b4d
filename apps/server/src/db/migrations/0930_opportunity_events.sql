-- The history of an opportunity: its creation and each change of a field (old and new value).
CREATE TABLE opportunity_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  opportunity_id uuid NOT NULL REFERENCES opportunities (id) ON DELETE CASCADE,
  at timestamptz(3) NOT NULL DEFAULT now(),
  actor_id uuid REFERENCES users (id),
  kind text NOT NULL,
  field text,
  old_value jsonb,
  new_value jsonb
);
CREATE INDEX opportunity_events_opportunity_idx ON opportunity_events (opportunity_id, at DESC, id DESC);
