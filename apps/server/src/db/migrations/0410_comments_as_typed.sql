-- Comments were stored through the rich-text sanitiser, which escaped <, >, & and " (and dropped
-- script and style elements); they are now stored as typed and escaped where they are shown. This
-- undoes the escaping of the comments already stored; `&amp;` goes last so that a typed "&lt;",
-- stored as "&amp;lt;", comes back as "&lt;".
UPDATE lead_events
   SET payload = jsonb_set(
         payload,
         '{body}',
         to_jsonb(replace(replace(replace(replace(
           payload->>'body', '&lt;', '<'), '&gt;', '>'), '&quot;', '"'), '&amp;', '&')))
 WHERE kind = 'comment' AND payload->>'body' LIKE '%&%';
