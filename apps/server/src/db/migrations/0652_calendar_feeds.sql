-- Each user's iCalendar feed: a secret URL (only its hash is kept) that calendar programs read without
-- signing in; making a new one or revoking it ends the old URL.
CREATE TABLE calendar_feeds (
  user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
