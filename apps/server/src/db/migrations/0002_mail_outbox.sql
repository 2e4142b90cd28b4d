-- Mail: every message is a row written in the transaction of the change that causes it, delivered by a
-- job. With SMTP configured the row is the delivery log; without it the row is the built-in outbox the
-- administrator reads.
CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  text text NOT NULL,
  html text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'stored', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3)
);
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at, id);
CREATE INDEX mail_outbox_status_idx ON mail_outbox (status, created_at, id);
