-- The full-text index without a pending list (issue 9, search latency).
-- With GIN's default fastupdate, new index entries (every chunk the chunk stage
-- writes, every is_current flip when a call is reprocessed) go to an unsorted
-- pending list that EVERY search reads in full until a vacuum or the 4 MB
-- gin_pending_list_limit merges it. Measured on the benchmark's 100 000
-- chunks right after they were written (110 pending pages, 2 094 entries): the
-- bitmap scan of one question took 77 ms with the list and 21 ms after
-- gin_clean_pending_list (load 10, 2 cores). Writes pay instead: each chunk's
-- entries go straight into the index (the chunk stage inserts a few dozen
-- chunks per call; a search reads the index on every question).
alter index stellar.chunks_tsv_gin set (fastupdate = off);
-- Entries already pending stay until merged: merge them now.
select gin_clean_pending_list('stellar.chunks_tsv_gin'::regclass);
