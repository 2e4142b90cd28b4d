-- Imports of leads from CSV and XLSX files: the file, the options, the progress, and where a run
-- stopped (so that it resumes after a crash from the last committed chunk).
CREATE TABLE imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  created_by_id uuid NOT NULL REFERENCES users (id),
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  file_name text NOT NULL,
  file_path text NOT NULL,
  file_size bigint NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  mapping jsonb NOT NULL,
  defaults jsonb NOT NULL DEFAULT '{}'::jsonb,
  duplicate_policy text NOT NULL CHECK (duplicate_policy IN ('skip', 'update', 'create')),
  mode text NOT NULL CHECK (mode IN ('all-or-nothing', 'keep-good-rows')),
  dry_run boolean NOT NULL DEFAULT false,
  encoding text,
  delimiter text,
  total integer,
  processed integer NOT NULL DEFAULT 0,
  created integer NOT NULL DEFAULT 0,
  updated integer NOT NULL DEFAULT 0,
  skipped integer NOT NULL DEFAULT 0,
  rejected integer NOT NULL DEFAULT 0,
  -- The last data line of the file whose outcome is committed; a resumed run starts after it.
  committed_line integer NOT NULL DEFAULT 0,
  cancel_requested boolean NOT NULL DEFAULT false,
  error text,
  started_at timestamptz(3),
  finished_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX imports_created_idx ON imports (created_by_id, created_at DESC, id);
CREATE INDEX imports_running_idx ON imports (state) WHERE state IN ('queued', 'running');

-- Every rejected row with its reasons, no cap; written with the chunk it belongs to.
CREATE TABLE import_rejects (
  import_id uuid NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
  seq bigserial,
  line integer NOT NULL,
  column_name text,
  reason text NOT NULL,
  PRIMARY KEY (import_id, seq)
);
CREATE INDEX import_rejects_line_idx ON import_rejects (import_id, line, seq);

-- The duplicate policy matches rows to leads by external client id (or e-mail, served by its GIN index).
CREATE INDEX leads_external_client_id_idx ON leads (external_client_id) WHERE external_client_id IS NOT NULL;
