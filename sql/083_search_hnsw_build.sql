-- Search recall (issue 9): the three HNSW indexes of sql/080 rebuilt with ef_construction = 128
-- (was 64). Measured on 100 000 synthetic chunks (docs/search.md): recall@10 at ef_search 150
-- went from 0.916 / 0.973 / 0.953 (all / buyers / sellers) to 0.978 / 0.978 / 0.972, for a
-- build about twice as long. The search now runs with ef_search 150 (src/db/queries/search.ts).
-- Owns: those index definitions. Must not: change which rows they cover (sql/080 decides).
drop index if exists stellar.chunk_embeddings_hnsw;
drop index if exists stellar.chunk_embeddings_hnsw_buyer;
drop index if exists stellar.chunk_embeddings_hnsw_seller;
create index chunk_embeddings_hnsw on stellar.chunk_embeddings
  using hnsw (embedding halfvec_cosine_ops) with (m = 16, ef_construction = 128) where is_current;
create index chunk_embeddings_hnsw_buyer on stellar.chunk_embeddings
  using hnsw (embedding halfvec_cosine_ops) with (m = 16, ef_construction = 128) where is_current and side = 'buyer';
create index chunk_embeddings_hnsw_seller on stellar.chunk_embeddings
  using hnsw (embedding halfvec_cosine_ops) with (m = 16, ef_construction = 128) where is_current and side = 'seller';
