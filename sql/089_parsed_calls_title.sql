-- The meeting's title as the uploaded file stores it (issue 10, buyer company):
-- a JSON export's title/subject/topic, a VTT header or NOTE line, the lines of a
-- text file before its first speaker ("Fenwick Labs x Acme, product demo").
-- The structure stage reads it as evidence for company names (a company chosen
-- from an e-mail domain goes by the name the title spells out); it is never a
-- turn. Null for files without one and for parses stored before this column.
-- Written by tasks/parse.ts.
alter table stellar.parsed_calls add column title text;
comment on column stellar.parsed_calls.title is
  'The meeting title the file stores (JSON title/subject/topic, VTT header or NOTE lines, text preamble), at most 300 characters; null when none.';
