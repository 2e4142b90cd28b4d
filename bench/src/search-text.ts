/**
 * search_text as the lead service assembles it on every save (searchTextOf in modules/leads/lead-rules.ts):
 * name, number (also its digits, and without the leading zeros), company fields, the company's name, the
 * lead's and the contact's names, e-mails, phones (also as bare digits), description. An SQL expression
 * over the columns of one generated lead.
 */
export const searchTextSql = `concat_ws(' ', name, number, regexp_replace(number, '\\D', '', 'g'),
  regexp_replace(number, '^\\D*0*', ''), company_name, company_name, company_tin,
  CASE WHEN company_id IS NOT NULL THEN company_name END, first_name, last_name,
  CASE WHEN contact_id IS NOT NULL THEN first_name || ' ' || contact_last_name END,
  array_to_string(emails, ' '), array_to_string(phones, ' '),
  nullif(regexp_replace(array_to_string(phones, ' '), '[^0-9 ]', '', 'g'), ''), description)`;
