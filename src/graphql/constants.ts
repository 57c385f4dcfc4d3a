/**
 * Names shared by the GraphQL modules: the schema PostGraphile reads and the
 * role its requests run as (both created by sql/025_api_views.sql).
 * Owns: those two names. Must not: import anything.
 */
export const GRAPHQL_ROLE = 'stellar_graphql';
export const API_SCHEMA = 'stellar_api';
