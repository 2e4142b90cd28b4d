-- A duplicate scan over every lead a user may see, run as a job with progress: the keys of each lead
-- are written batch by batch (progress), then grouped once; the groups are kept for paging.
CREATE TABLE duplicate_scans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  requested_by_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- The requester's lead scope when asked (which leads the scan may read).
  scope jsonb NOT NULL,
  fields text[] NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  total integer NOT NULL DEFAULT 0,
  processed integer NOT NULL DEFAULT 0,
  group_count integer NOT NULL DEFAULT 0,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX duplicate_scans_requester_idx ON duplicate_scans (requested_by_id, created_at DESC);

CREATE TABLE duplicate_scan_keys (
  scan_id uuid NOT NULL REFERENCES duplicate_scans (id) ON DELETE CASCADE,
  key text NOT NULL,
  lead_id uuid NOT NULL
);
CREATE INDEX duplicate_scan_keys_scan_idx ON duplicate_scan_keys (scan_id);

CREATE TABLE duplicate_scan_groups (
  scan_id uuid NOT NULL REFERENCES duplicate_scans (id) ON DELETE CASCADE,
  position integer NOT NULL,
  key text NOT NULL,
  lead_ids uuid[] NOT NULL,
  PRIMARY KEY (scan_id, position)
);
