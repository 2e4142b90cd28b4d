-- lpad() cuts a longer value to the width: from the millionth record on, numbers must simply grow
-- (L-999999, L-1000000) instead of repeating.
CREATE FUNCTION readable_number(prefix text, n bigint) RETURNS text
  LANGUAGE sql IMMUTABLE
  AS $$ SELECT prefix || CASE WHEN n < 1000000 THEN lpad(n::text, 6, '0') ELSE n::text END $$;

ALTER TABLE leads ALTER COLUMN number SET DEFAULT readable_number('L-', nextval('lead_number_seq'));
ALTER TABLE opportunities ALTER COLUMN number SET DEFAULT readable_number('O-', nextval('opportunity_number_seq'));
