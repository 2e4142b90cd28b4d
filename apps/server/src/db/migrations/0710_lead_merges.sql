-- A merge of leads into one, kept so that it can be undone: what each lead was before and what moved.
CREATE TABLE lead_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kept_lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  merged_lead_ids uuid[] NOT NULL,
  -- The chosen field of each lead: { field: leadId }.
  fields jsonb NOT NULL,
  -- Every lead's row as it was before the merge (to_jsonb), the kept one included.
  snapshots jsonb NOT NULL,
  -- What moved to the kept lead: events, tags, list memberships, opportunities, earlier merges.
  moved jsonb NOT NULL,
  -- The kept lead's version the merge left: an undo after a later change would overwrite it.
  kept_version integer NOT NULL,
  actor_id uuid REFERENCES users (id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  undone_at timestamptz(3),
  undone_by_id uuid REFERENCES users (id)
);
CREATE INDEX lead_merges_kept_idx ON lead_merges (kept_lead_id, created_at DESC);
