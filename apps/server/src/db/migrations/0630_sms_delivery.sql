-- An SMS is delivered by a job as an e-mail is: a delivery in progress holds a lease, so that a second run
-- of the job leaves the message alone.
ALTER TABLE lead_messages DROP CONSTRAINT lead_messages_status_check;
ALTER TABLE lead_messages ADD CONSTRAINT lead_messages_status_check
  CHECK (status IN ('queued', 'sending', 'sent', 'failed'));
ALTER TABLE lead_messages ADD COLUMN lease_until timestamptz(3);
