-- Automatic messages: a template sent when a lead is created, enters a status or phase, is assigned,
-- qualified or disqualified; and what each rule sent.
CREATE TABLE communication_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  event text NOT NULL CHECK (event IN ('created', 'status_entered', 'phase_entered', 'assigned', 'overdue',
                                       'qualified', 'disqualified')),
  status_id uuid REFERENCES lead_statuses (id),
  phase text CHECK (phase IN ('new', 'in_progress', 'won', 'lost', 'dropped')),
  template_id uuid NOT NULL REFERENCES message_templates (id),
  recipient text NOT NULL CHECK (recipient IN ('contact', 'owner', 'unit')),
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX communication_rules_name_key ON communication_rules (lower(name));
CREATE INDEX communication_rules_event_idx ON communication_rules (event) WHERE active;
CREATE INDEX communication_rules_template_idx ON communication_rules (template_id);
CREATE INDEX communication_rules_status_idx ON communication_rules (status_id);

CREATE TABLE communication_rule_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  rule_id uuid NOT NULL REFERENCES communication_rules (id) ON DELETE CASCADE,
  lead_id uuid NOT NULL REFERENCES leads (id) ON DELETE CASCADE,
  message_id uuid REFERENCES lead_messages (id) ON DELETE SET NULL,
  outcome text NOT NULL CHECK (outcome IN ('sent', 'skipped')),
  reason text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX communication_rule_log_rule_idx ON communication_rule_log (rule_id, created_at DESC, id DESC);
CREATE INDEX communication_rule_log_lead_idx ON communication_rule_log (lead_id);
CREATE INDEX communication_rule_log_message_idx ON communication_rule_log (message_id);
