-- The Kanban's count and target-amount sum per status, kept as it changes rather than counted over the
-- leads on every read: at 1,000,000 leads counting the open ones took 2 s under load, however good the
-- index. The figures are grouped by every column the board's filters can name without reading a lead
-- (status, phase, currency, active, owner, unit, partner company), so a user's scope and the board's
-- filters apply to them with the very conditions of the list (lead_status_totals_now has the columns
-- under the leads' names). Merged leads are left out, as every list leaves them out.
-- As the report figures of 0810, changes are only inserted (no writer waits on a shared counter) and
-- fold_lead_status_totals() moves them into the folded table; a read sums both and is exact.

CREATE TABLE lead_status_totals (
  status_id uuid NOT NULL,
  phase text NOT NULL,
  target_currency text,
  active boolean NOT NULL,
  owner_id uuid,
  unit_id uuid,
  partner_company_id uuid,
  n integer NOT NULL,
  -- How many of them have a target amount: none means no sum, as sum() over nulls.
  with_amount integer NOT NULL,
  amount numeric NOT NULL,
  CONSTRAINT lead_status_totals_key UNIQUE NULLS NOT DISTINCT
    (status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id)
);
CREATE TABLE lead_status_total_changes (LIKE lead_status_totals);

CREATE VIEW lead_status_totals_now AS
SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id,
       NULL::uuid AS merged_into_id, n, with_amount, amount
  FROM lead_status_totals
UNION ALL
SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id,
       NULL::uuid, n, with_amount, amount
  FROM lead_status_total_changes;

CREATE FUNCTION lead_status_totals_track_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.merged_into_id IS NULL THEN
    INSERT INTO lead_status_total_changes
      VALUES (OLD.status_id, OLD.phase, OLD.target_currency, OLD.active, OLD.owner_id, OLD.unit_id,
              OLD.partner_company_id, -1, -(OLD.target_amount IS NOT NULL)::int,
              -coalesce(OLD.target_amount, 0));
  END IF;
  IF TG_OP = 'UPDATE' AND NEW.merged_into_id IS NULL THEN
    INSERT INTO lead_status_total_changes
      VALUES (NEW.status_id, NEW.phase, NEW.target_currency, NEW.active, NEW.owner_id, NEW.unit_id,
              NEW.partner_company_id, 1, (NEW.target_amount IS NOT NULL)::int,
              coalesce(NEW.target_amount, 0));
  END IF;
  RETURN NULL;
END $$;

-- Most saves change none of these columns: the condition keeps them from calling the function at all.
CREATE TRIGGER leads_status_totals_updated AFTER UPDATE ON leads
  FOR EACH ROW WHEN (
    OLD.status_id IS DISTINCT FROM NEW.status_id OR OLD.phase IS DISTINCT FROM NEW.phase
    OR OLD.target_currency IS DISTINCT FROM NEW.target_currency
    OR OLD.target_amount IS DISTINCT FROM NEW.target_amount OR OLD.active IS DISTINCT FROM NEW.active
    OR OLD.owner_id IS DISTINCT FROM NEW.owner_id OR OLD.unit_id IS DISTINCT FROM NEW.unit_id
    OR OLD.partner_company_id IS DISTINCT FROM NEW.partner_company_id
    OR OLD.merged_into_id IS DISTINCT FROM NEW.merged_into_id)
  EXECUTE FUNCTION lead_status_totals_track_rows();
CREATE TRIGGER leads_status_totals_deleted AFTER DELETE ON leads
  FOR EACH ROW EXECUTE FUNCTION lead_status_totals_track_rows();

-- New leads (an import writes thousands in one statement): a change row per group, not per lead.
CREATE FUNCTION lead_status_totals_track_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO lead_status_total_changes
  SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id, count(*),
         count(target_amount), coalesce(sum(target_amount), 0)
    FROM new_leads WHERE merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
  RETURN NULL;
END $$;
CREATE TRIGGER leads_status_totals_inserted AFTER INSERT ON leads
  REFERENCING NEW TABLE AS new_leads
  FOR EACH STATEMENT EXECUTE FUNCTION lead_status_totals_track_inserted();

-- One fold at a time (others skip, answering false): two folds upserting the same keys in different
-- orders could deadlock.
CREATE FUNCTION fold_lead_status_totals() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF NOT pg_try_advisory_xact_lock(853853) THEN
    RETURN false;
  END IF;
  WITH moved AS (DELETE FROM lead_status_total_changes RETURNING *)
  INSERT INTO lead_status_totals AS c
  SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id, sum(n),
         sum(with_amount), sum(amount)
    FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7
  ON CONFLICT ON CONSTRAINT lead_status_totals_key
    DO UPDATE SET n = c.n + EXCLUDED.n, with_amount = c.with_amount + EXCLUDED.with_amount,
                  amount = c.amount + EXCLUDED.amount;
  DELETE FROM lead_status_totals WHERE n = 0;
  RETURN true;
END $$;

-- The leads already there.
INSERT INTO lead_status_totals
SELECT status_id, phase, target_currency, active, owner_id, unit_id, partner_company_id, count(*),
       count(target_amount), coalesce(sum(target_amount), 0)
  FROM leads WHERE merged_into_id IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;
