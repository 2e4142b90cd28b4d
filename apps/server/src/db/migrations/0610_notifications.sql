-- In-app notifications: one row per recipient, read or not.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('assigned', 'queue', 'reminder', 'mention')),
  lead_id uuid REFERENCES leads (id) ON DELETE CASCADE,
  activity_id uuid REFERENCES activities (id) ON DELETE SET NULL,
  text text NOT NULL,
  read_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;
CREATE INDEX notifications_lead_idx ON notifications (lead_id);
CREATE INDEX notifications_activity_idx ON notifications (activity_id);
