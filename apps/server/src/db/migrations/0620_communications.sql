-- Message templates (Liquid) and the messages sent from a lead, each with its delivery state.
CREATE TABLE message_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  subject text,
  body text NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX message_templates_name_key ON message_templates (lower(name));

-- An e-mail leaves through the mail outbox (mail_id): its delivery state is the outbox row's.
CREATE TABLE lead_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms')),
  template_id uuid REFERENCES message_templates (id) ON DELETE SET NULL,
  to_addresses text[] NOT NULL,
  subject text,
  text text NOT NULL,
  html text,
  segments integer,
  mail_id uuid REFERENCES mail_outbox (id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  error text,
  attempts integer NOT NULL DEFAULT 0,
  created_by_id uuid REFERENCES users (id),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3)
);
CREATE INDEX lead_messages_lead_idx ON lead_messages (lead_id, created_at DESC, id DESC);
CREATE INDEX lead_messages_mail_idx ON lead_messages (mail_id);
CREATE INDEX lead_messages_template_idx ON lead_messages (template_id);

-- A delivery in progress holds a lease: a second run of the job (a duplicate, or a retry while the first
-- worker still sends) leaves the message alone until the lease runs out.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'stored', 'failed'));
ALTER TABLE mail_outbox ADD COLUMN lease_until timestamptz(3);
