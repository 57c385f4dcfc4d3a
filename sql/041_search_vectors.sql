-- Search (issue 9): built-in vectors become [hashed lexical features (512) | word vectors (100)],
-- 612 dimensions (src/agents/builtin/wordEmbedding.ts; measured in docs/search.md).
-- Vectors of the old layout cannot be compared with new ones, so they are removed here;
-- `stellar reprocess --only-changed` re-embeds every call (the embed agent version changed),
-- and full-text search keeps working meanwhile.
-- Owns: the built-in vector column and its HNSW index. Must not: touch chunk_embeddings_ollama.
drop index if exists stellar.chunk_embeddings_hnsw;
delete from stellar.chunk_embeddings;
alter table stellar.chunk_embeddings drop constraint if exists chunk_embeddings_dims_check;
alter table stellar.chunk_embeddings alter column embedding type vector(612);
alter table stellar.chunk_embeddings add constraint chunk_embeddings_dims_check check (dims = 612);
create index chunk_embeddings_hnsw on stellar.chunk_embeddings using hnsw (embedding vector_cosine_ops) with (m = 16, ef_construction = 64);
-- The vector branch of a search joins embeddings to chunks by id.
create index chunk_embeddings_chunk_idx on stellar.chunk_embeddings (chunk_id);
