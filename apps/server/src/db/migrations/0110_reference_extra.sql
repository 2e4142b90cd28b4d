-- Keyset lists of configuration records: the default sorts (position then name, or name) and the id
-- that breaks ties, served by an index like every other list.
CREATE INDEX lead_sources_position_idx ON lead_sources (position, name, id);
CREATE INDEX industries_position_idx ON industries (position, name, id);
CREATE INDEX job_functions_position_idx ON job_functions (position, name, id);
CREATE INDEX departments_position_idx ON departments (position, name, id);
CREATE INDEX categories_position_idx ON categories (position, name, id);
CREATE INDEX agencies_position_idx ON agencies (position, name, id);
CREATE INDEX group_companies_position_idx ON group_companies (position, name, id);
CREATE INDEX lost_reasons_position_idx ON lost_reasons (position, name, id);
CREATE INDEX lead_types_position_idx ON lead_types (position, name, id);
CREATE INDEX sales_directions_position_idx ON sales_directions (position, name, id);
CREATE INDEX tags_sort_idx ON tags (name, id);
CREATE INDEX cities_sort_idx ON cities (name, id);
CREATE INDEX marketing_campaigns_sort_idx ON marketing_campaigns (name, id);
CREATE INDEX products_sort_idx ON products (name, id);
CREATE INDEX partnership_programs_sort_idx ON partnership_programs (name, id);
CREATE INDEX partnership_agreements_sort_idx ON partnership_agreements (number, id);
