-- The reports computed from the leads' history (outcomes, time in each status, time to qualify) and the
-- open leads per owner, counted per day for the reports over every lead (visibility 'all' and no unit
-- filter; narrower reports read the leads and their history through their indexes), as the per-day
-- counts of 0810 are: the writing transaction adds +/- rows to a changes table, a report sums the folded
-- table and the changes, and fold_report_day_facts() folds them.

-- What each lead contributes, recomputed from its history whenever that or the lead changes:
--   stay     a stay in status `key` that ended on `day`, lasting `seconds` (from the change before it, or
--            from the lead's creation)
--   qualify  a move to the won phase on `day`, `seconds` after the lead's creation
--   closed   the lead's last phase change, into its closed phase `key` (won, lost, dropped) with its
--            disqualification code
CREATE VIEW report_lead_facts_live AS
SELECT s.lead_id, 'stay'::text AS kind, s.at::date AS day, l.source_id, s.status_id AS key, NULL::uuid AS code_id,
       extract(epoch FROM s.at - coalesce(s.before, l.created_at)) AS seconds
  FROM (SELECT e.lead_id, e.at, e.old_value #>> '{}' AS status_id,
               max(e.at) OVER (PARTITION BY e.lead_id ORDER BY e.at
                               RANGE BETWEEN UNBOUNDED PRECEDING AND '1 millisecond' PRECEDING) AS before
          FROM lead_events e WHERE e.kind = 'changed' AND e.field = 'statusId') s
  JOIN leads l ON l.id = s.lead_id
 WHERE s.status_id IS NOT NULL
UNION ALL
SELECT e.lead_id, 'qualify', e.at::date, l.source_id, 'won', NULL, extract(epoch FROM e.at - l.created_at)
  FROM lead_events e JOIN leads l ON l.id = e.lead_id
 WHERE e.kind = 'changed' AND e.field = 'phase' AND e.new_value #>> '{}' = 'won'
UNION ALL
SELECT c.lead_id, 'closed', c.at::date, l.source_id, l.phase, l.disqualification_code_id, 0
  FROM (SELECT DISTINCT ON (e.lead_id) e.lead_id, e.at, e.new_value #>> '{}' AS phase
          FROM lead_events e WHERE e.kind = 'changed' AND e.field = 'phase'
         ORDER BY e.lead_id, e.at DESC) c
  JOIN leads l ON l.id = c.lead_id
 WHERE l.phase IN ('won', 'lost', 'dropped') AND c.phase = l.phase;

CREATE TABLE report_lead_facts (
  lead_id uuid NOT NULL,
  kind text NOT NULL,
  day date NOT NULL,
  source_id uuid NOT NULL,
  key text NOT NULL,
  code_id uuid,
  seconds numeric NOT NULL
);
CREATE INDEX report_lead_facts_lead_idx ON report_lead_facts (lead_id);

CREATE TABLE report_day_facts (
  day date NOT NULL,
  kind text NOT NULL,
  source_id uuid NOT NULL,
  key text NOT NULL,
  code_id uuid,
  n integer NOT NULL,
  seconds numeric NOT NULL,
  CONSTRAINT report_day_facts_key UNIQUE NULLS NOT DISTINCT (day, kind, source_id, key, code_id)
);
CREATE TABLE report_day_fact_changes (LIKE report_day_facts);

-- One lead's contribution, taken out and put back as it now is. Writers of one lead take turns, so that
-- two of them never both put it back.
CREATE FUNCTION report_lead_facts_refresh(p_lead uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(820, hashtext(p_lead::text));
  WITH old AS (DELETE FROM report_lead_facts WHERE lead_id = p_lead RETURNING *)
  INSERT INTO report_day_fact_changes
  SELECT day, kind, source_id, key, code_id, -1, -seconds FROM old;
  WITH new AS (INSERT INTO report_lead_facts
               SELECT lead_id, kind, day, source_id, key, code_id, seconds
                 FROM report_lead_facts_live WHERE lead_id = p_lead RETURNING *)
  INSERT INTO report_day_fact_changes
  SELECT day, kind, source_id, key, code_id, 1, seconds FROM new;
END $$;

CREATE FUNCTION report_facts_track_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.kind = 'changed' AND OLD.field IN ('statusId', 'phase') THEN
    PERFORM report_lead_facts_refresh(OLD.lead_id);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.kind = 'changed' AND NEW.field IN ('statusId', 'phase')
     AND (TG_OP = 'INSERT' OR NEW.lead_id IS DISTINCT FROM OLD.lead_id
          OR NOT (OLD.kind = 'changed' AND OLD.field IN ('statusId', 'phase'))) THEN
    PERFORM report_lead_facts_refresh(NEW.lead_id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER lead_events_report_facts AFTER INSERT OR UPDATE OR DELETE ON lead_events
  FOR EACH ROW EXECUTE FUNCTION report_facts_track_event();

-- Open leads per day of creation, owner and source: how many, how many overdue (expected completion
-- before report_owner_today.day) and how many without a next step. A lead becomes overdue by the
-- passing of days alone: advance_report_owner_day() moves the leads that fell due since the last day
-- it ran, under an exclusive lock that the writers of leads take shared.
CREATE TABLE report_owner_today (day date NOT NULL);
INSERT INTO report_owner_today VALUES (current_date);

CREATE TABLE report_day_owner_counts (
  day date NOT NULL,
  owner_id uuid,
  source_id uuid NOT NULL,
  n integer NOT NULL,
  overdue integer NOT NULL,
  no_next integer NOT NULL,
  CONSTRAINT report_day_owner_counts_key UNIQUE NULLS NOT DISTINCT (day, owner_id, source_id)
);
CREATE TABLE report_day_owner_count_changes (LIKE report_day_owner_counts);

CREATE FUNCTION report_lead_track() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  today date;
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at
     AND NEW.source_id IS NOT DISTINCT FROM OLD.source_id
     AND NEW.phase IS NOT DISTINCT FROM OLD.phase
     AND NEW.owner_id IS NOT DISTINCT FROM OLD.owner_id
     AND NEW.expected_completion_date IS NOT DISTINCT FROM OLD.expected_completion_date
     AND (NEW.next_event_at IS NULL) = (OLD.next_event_at IS NULL)
     AND NEW.disqualification_code_id IS NOT DISTINCT FROM OLD.disqualification_code_id THEN
    RETURN NULL;
  END IF;
  -- The history's figures depend on the creation time, the source, the phase and the code.
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND (
       NEW.created_at IS DISTINCT FROM OLD.created_at OR NEW.source_id IS DISTINCT FROM OLD.source_id
       OR NEW.phase IS DISTINCT FROM OLD.phase
       OR NEW.disqualification_code_id IS DISTINCT FROM OLD.disqualification_code_id)) THEN
    PERFORM report_lead_facts_refresh(OLD.id);
  END IF;
  PERFORM pg_advisory_xact_lock_shared(821);
  SELECT day INTO today FROM report_owner_today;
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.phase IN ('new', 'in_progress') THEN
    INSERT INTO report_day_owner_count_changes
    VALUES (OLD.created_at::date, OLD.owner_id, OLD.source_id, -1,
            -(coalesce(OLD.expected_completion_date < today, false))::int, -(OLD.next_event_at IS NULL)::int);
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.phase IN ('new', 'in_progress') THEN
    INSERT INTO report_day_owner_count_changes
    VALUES (NEW.created_at::date, NEW.owner_id, NEW.source_id, 1,
            (coalesce(NEW.expected_completion_date < today, false))::int, (NEW.next_event_at IS NULL)::int);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER leads_report_facts AFTER INSERT OR UPDATE OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION report_lead_track();

-- Counts the open leads that fell due since the day it last ran as overdue, once a day.
CREATE FUNCTION advance_report_owner_day() RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  was date;
BEGIN
  IF (SELECT day FROM report_owner_today) >= current_date THEN
    RETURN false;
  END IF;
  PERFORM pg_advisory_xact_lock(821);
  SELECT day INTO was FROM report_owner_today;
  IF was >= current_date THEN
    RETURN false;
  END IF;
  INSERT INTO report_day_owner_count_changes
  SELECT created_at::date, owner_id, source_id, 0, 1, 0 FROM leads
   WHERE phase IN ('new', 'in_progress') AND expected_completion_date >= was
     AND expected_completion_date < current_date;
  UPDATE report_owner_today SET day = current_date;
  RETURN true;
END $$;

CREATE FUNCTION fold_report_day_facts() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(820820) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM report_day_fact_changes RETURNING *)
  INSERT INTO report_day_facts AS c
  SELECT day, kind, source_id, key, code_id, sum(n), sum(seconds) FROM moved
   GROUP BY day, kind, source_id, key, code_id
  ON CONFLICT ON CONSTRAINT report_day_facts_key
    DO UPDATE SET n = c.n + EXCLUDED.n, seconds = c.seconds + EXCLUDED.seconds;
  DELETE FROM report_day_facts WHERE n = 0;
  WITH moved AS (DELETE FROM report_day_owner_count_changes RETURNING *)
  INSERT INTO report_day_owner_counts AS c
  SELECT day, owner_id, source_id, sum(n), sum(overdue), sum(no_next) FROM moved
   GROUP BY day, owner_id, source_id
  ON CONFLICT ON CONSTRAINT report_day_owner_counts_key
    DO UPDATE SET n = c.n + EXCLUDED.n, overdue = c.overdue + EXCLUDED.overdue,
                  no_next = c.no_next + EXCLUDED.no_next;
  DELETE FROM report_day_owner_counts WHERE n = 0 AND overdue = 0 AND no_next = 0;
  RETURN true;
END $$;

-- Everything from scratch (after a bulk load that bypassed the triggers).
CREATE FUNCTION rebuild_report_day_facts() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(820820);
  PERFORM pg_advisory_xact_lock(821);
  TRUNCATE report_lead_facts, report_day_facts, report_day_fact_changes,
           report_day_owner_counts, report_day_owner_count_changes;
  UPDATE report_owner_today SET day = current_date;
  INSERT INTO report_lead_facts
  SELECT lead_id, kind, day, source_id, key, code_id, seconds FROM report_lead_facts_live;
  INSERT INTO report_day_facts
  SELECT day, kind, source_id, key, code_id, count(*), sum(seconds) FROM report_lead_facts
   GROUP BY day, kind, source_id, key, code_id;
  INSERT INTO report_day_owner_counts
  SELECT created_at::date, owner_id, source_id, count(*),
         count(*) FILTER (WHERE expected_completion_date < current_date), count(*) FILTER (WHERE next_event_at IS NULL)
    FROM leads WHERE phase IN ('new', 'in_progress') GROUP BY 1, 2, 3;
END $$;

SELECT rebuild_report_day_facts();
