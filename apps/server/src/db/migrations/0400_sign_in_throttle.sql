-- Sign-in throttling. A row per counted key (an account and address pair, an address, an account) is
-- locked while an attempt is reserved, so that parallel attempts on one key are counted one after
-- another; the attempts themselves stay in login_failures. notified_at: when the account's owner was
-- last told by e-mail that sign-ins to their account are refused.
CREATE TABLE login_throttle (
  key text PRIMARY KEY,
  touched_at timestamptz(3) NOT NULL DEFAULT now(),
  notified_at timestamptz(3)
);
CREATE INDEX login_throttle_touched_idx ON login_throttle (touched_at);
CREATE INDEX login_failures_at_idx ON login_failures (at);
