-- Proof-of-work challenges of the public forms already used, kept until they expire so that a solved
-- challenge is accepted once.
CREATE TABLE form_challenges (
  id text PRIMARY KEY,
  expires_at timestamptz(3) NOT NULL
);
CREATE INDEX form_challenges_expires_idx ON form_challenges (expires_at);

-- The column mapping and options a user chose for a file of a given shape (its set of headers), offered
-- again when the same user brings a file with the same headers.
CREATE TABLE import_mappings (
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  shape text NOT NULL,
  headers jsonb NOT NULL,
  mapping jsonb NOT NULL,
  defaults jsonb NOT NULL DEFAULT '{}'::jsonb,
  duplicate_policy text NOT NULL,
  mode text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, shape)
);
