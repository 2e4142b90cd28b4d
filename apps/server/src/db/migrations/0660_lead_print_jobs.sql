-- Bulk prints of leads (a ZIP of PDFs or one PDF): those over the direct limit run as a job, with their
-- progress, and the finished file is kept in the attachment store by its content hash.
CREATE TABLE lead_print_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  format text NOT NULL CHECK (format IN ('zip', 'pdf')),
  locale text NOT NULL,
  lead_ids uuid[] NOT NULL,
  refused_ids uuid[] NOT NULL DEFAULT '{}',
  total int NOT NULL,
  done int NOT NULL DEFAULT 0,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  error text,
  sha256 text,
  size bigint,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3)
);
CREATE INDEX lead_print_jobs_user_idx ON lead_print_jobs (user_id, created_at DESC);
