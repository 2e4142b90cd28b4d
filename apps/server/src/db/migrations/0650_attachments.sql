-- Files kept on a lead. The bytes are stored once per content (`sha256`, on disk under files/ or in the
-- S3 bucket); each row is one attachment of one lead, with the name it was uploaded under.
CREATE TABLE lead_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  name text NOT NULL,
  size bigint NOT NULL CHECK (size >= 0),
  content_type text NOT NULL,
  sha256 text NOT NULL,
  created_by_id uuid REFERENCES users (id),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX lead_attachments_lead_idx ON lead_attachments (lead_id, created_at DESC, id DESC);
-- Whether a content is still used by another attachment when one is deleted.
CREATE INDEX lead_attachments_sha_idx ON lead_attachments (sha256);
