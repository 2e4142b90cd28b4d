-- Leads counted per day of creation, for the dashboard reports over every lead (visibility 'all' and no
-- owner or unit filter; narrower reports read the leads through their indexes). A trigger writes each
-- change of a lead as +1/-1 rows in the writing transaction: rows are only inserted, so concurrent
-- writers never wait on a shared counter. A report sums the folded table and the pending changes, so it
-- is exact at every moment; fold_report_day_counts() moves the changes into the folded table.
-- `day` is the creation date in the session time zone, as the reports' from/to dates are.

CREATE TABLE report_day_counts (
  day date NOT NULL,
  source_id uuid NOT NULL,
  campaign_id uuid,
  status_id uuid NOT NULL,
  phase text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT report_day_counts_key UNIQUE NULLS NOT DISTINCT (day, source_id, campaign_id, status_id, phase)
);
CREATE TABLE report_day_count_changes (LIKE report_day_counts);

-- Open leads per day of creation, sales direction and currency of the target amount, with its sum.
CREATE TABLE report_day_open_amounts (
  day date NOT NULL,
  direction_id uuid,
  currency text,
  n integer NOT NULL,
  -- How many of them have a target amount: none means no sum, as sum() over nulls.
  with_amount integer NOT NULL,
  amount numeric NOT NULL,
  CONSTRAINT report_day_open_amounts_key UNIQUE NULLS NOT DISTINCT (day, direction_id, currency)
);
CREATE TABLE report_day_open_amount_changes (LIKE report_day_open_amounts);

CREATE FUNCTION report_day_counts_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND NEW.created_at IS NOT DISTINCT FROM OLD.created_at
     AND NEW.source_id IS NOT DISTINCT FROM OLD.source_id
     AND NEW.marketing_campaign_id IS NOT DISTINCT FROM OLD.marketing_campaign_id
     AND NEW.status_id IS NOT DISTINCT FROM OLD.status_id
     AND NEW.phase IS NOT DISTINCT FROM OLD.phase
     AND NEW.sales_direction_id IS NOT DISTINCT FROM OLD.sales_direction_id
     AND NEW.target_currency IS NOT DISTINCT FROM OLD.target_currency
     AND NEW.target_amount IS NOT DISTINCT FROM OLD.target_amount THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO report_day_count_changes
      VALUES (OLD.created_at::date, OLD.source_id, OLD.marketing_campaign_id, OLD.status_id, OLD.phase, -1);
    IF OLD.phase IN ('new', 'in_progress') THEN
      INSERT INTO report_day_open_amount_changes
        VALUES (OLD.created_at::date, OLD.sales_direction_id, OLD.target_currency, -1,
                -(OLD.target_amount IS NOT NULL)::int, -coalesce(OLD.target_amount, 0));
    END IF;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO report_day_count_changes
      VALUES (NEW.created_at::date, NEW.source_id, NEW.marketing_campaign_id, NEW.status_id, NEW.phase, 1);
    IF NEW.phase IN ('new', 'in_progress') THEN
      INSERT INTO report_day_open_amount_changes
        VALUES (NEW.created_at::date, NEW.sales_direction_id, NEW.target_currency, 1,
                (NEW.target_amount IS NOT NULL)::int, coalesce(NEW.target_amount, 0));
    END IF;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER leads_report_day_counts AFTER INSERT OR UPDATE OR DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION report_day_counts_track();

-- Folds the pending changes; rows that fall to zero leave. One fold at a time (others skip, answering
-- false): two folds upserting the same keys in different orders could deadlock.
CREATE FUNCTION fold_report_day_counts() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(810810) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM report_day_count_changes RETURNING *)
  INSERT INTO report_day_counts AS c
  SELECT day, source_id, campaign_id, status_id, phase, sum(n) FROM moved
   GROUP BY day, source_id, campaign_id, status_id, phase
  ON CONFLICT ON CONSTRAINT report_day_counts_key DO UPDATE SET n = c.n + EXCLUDED.n;
  DELETE FROM report_day_counts WHERE n = 0;
  WITH moved AS (DELETE FROM report_day_open_amount_changes RETURNING *)
  INSERT INTO report_day_open_amounts AS c
  SELECT day, direction_id, currency, sum(n), sum(with_amount), sum(amount) FROM moved
   GROUP BY day, direction_id, currency
  ON CONFLICT ON CONSTRAINT report_day_open_amounts_key
    DO UPDATE SET n = c.n + EXCLUDED.n, with_amount = c.with_amount + EXCLUDED.with_amount,
                  amount = c.amount + EXCLUDED.amount;
  DELETE FROM report_day_open_amounts WHERE n = 0;
  RETURN true;
END $$;

-- The leads already there.
INSERT INTO report_day_counts
SELECT created_at::date, source_id, marketing_campaign_id, status_id, phase, count(*)
  FROM leads GROUP BY 1, 2, 3, 4, 5;
INSERT INTO report_day_open_amounts
SELECT created_at::date, sales_direction_id, target_currency, count(*), count(target_amount),
       coalesce(sum(target_amount), 0)
  FROM leads WHERE phase IN ('new', 'in_progress') GROUP BY 1, 2, 3;
