-- Product entities (issue 12): link_graph names the seller's products, modules and plans
-- (src/agents/products.ts), so a call's own graph (stellar.entities) holds kind 'product' too,
-- as the graph across calls (sql/070_graph.sql) already allows.
-- Owns: the kind check of stellar.entities. Must not: touch the graph_* tables.
alter table stellar.entities drop constraint if exists entities_kind_check;
alter table stellar.entities add constraint entities_kind_check
  check (kind in ('person', 'company', 'product', 'topic', 'objection', 'competitor', 'call'));
