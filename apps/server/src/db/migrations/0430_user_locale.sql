-- Each user's language for the interface and the mails sent to them; NULL follows the browser's language
-- (and, for mails, the organisation's).
ALTER TABLE users ADD COLUMN IF NOT EXISTS locale text CHECK (locale IN ('en', 'ru'));
