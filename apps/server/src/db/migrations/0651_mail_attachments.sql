-- Files sent with a mail: `[{ "name", "contentType", "sha256" }]`, the bytes read from the file store
-- (the lead's attachments) when the mail is delivered.
ALTER TABLE mail_outbox ADD COLUMN attachments jsonb NOT NULL DEFAULT '[]'::jsonb;
