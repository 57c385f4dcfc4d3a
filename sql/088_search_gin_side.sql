-- Full-text indexes per speaker side (issue 9, search latency), as the HNSW
-- indexes already are (sql/080). A "what buyers said" search used the one GIN
-- index of all current chunks and then checked the side of every matching
-- row in the heap: measured on the benchmark's 100 000 chunks, one buyer-side
-- question matched 14 877 chunks, all of them the sellers', and the heap
-- check of them took 13 ms to return nothing. With its side's own index the
-- bitmap holds only that side's chunks. Writes pay one more GIN insert per
-- chunk (its side's index; a chunk without a side is in the shared one only).
create index chunks_tsv_gin_buyer on stellar.chunks using gin (tsv)
  with (fastupdate = off) where is_current and side = 'buyer';
create index chunks_tsv_gin_seller on stellar.chunks using gin (tsv)
  with (fastupdate = off) where is_current and side = 'seller';
