-- Saved views of the lead list: a user's own, and the shared ones every CRM user may apply.
CREATE TABLE saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  shared boolean NOT NULL DEFAULT false,
  definition jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
-- The list reads a user's own views and the shared ones, both in name order.
CREATE INDEX saved_views_owner_name_idx ON saved_views (owner_id, name, id);
CREATE INDEX saved_views_shared_name_idx ON saved_views (name, id) WHERE shared;
