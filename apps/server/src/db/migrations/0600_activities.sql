-- Activities planned and done on a lead. `event_at` is when the activity happens (its due time, else its
-- start): the lead's next and last event dates and the agenda read it.
CREATE TABLE activities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  type text NOT NULL CHECK (type IN ('call', 'meeting', 'task', 'email', 'event')),
  subject text NOT NULL,
  notes text,
  start_at timestamptz(3),
  due_at timestamptz(3),
  event_at timestamptz(3) GENERATED ALWAYS AS (coalesce(due_at, start_at)) STORED,
  duration_minutes integer CHECK (duration_minutes BETWEEN 0 AND 100000),
  assignee_id uuid REFERENCES users (id),
  done boolean NOT NULL DEFAULT false,
  done_at timestamptz(3),
  outcome text,
  reminder_at timestamptz(3),
  -- The reminder time a reminder was last sent for: a job for an older time, or a second job for the
  -- same time, finds it already sent and does nothing.
  reminded_for timestamptz(3),
  created_by_id uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
-- A lead's activities, and its next and last event dates, come from this index.
CREATE INDEX activities_lead_idx ON activities (lead_id, event_at, id);
-- The agenda: a user's activities by time.
CREATE INDEX activities_assignee_idx ON activities (assignee_id, event_at, id);

-- The "no next step" view: open active leads without a planned activity, newest change first.
CREATE INDEX leads_no_next_step_idx ON leads (updated_at, id)
  WHERE next_event_at IS NULL AND active AND phase IN ('new', 'in_progress');
