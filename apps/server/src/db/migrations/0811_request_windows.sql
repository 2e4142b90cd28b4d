-- Request counters per caller and minute, when several web processes share them
-- (LEADLINE_RATE_LIMIT_STORE=database). Unlogged: counters need no crash safety and write no WAL.
CREATE UNLOGGED TABLE request_windows (
  key text PRIMARY KEY,
  count integer NOT NULL,
  resets_at timestamptz NOT NULL
);
