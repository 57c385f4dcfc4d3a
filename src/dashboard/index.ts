/**
 * src/dashboard — the operators' pages, rendered on the server from one
 * DashboardData (data.ts, composed from src/db/queries) into HTML (pages.ts,
 * charts.ts, html.ts); routes in src/server/routes/dashboard.ts.
 * Owns: what the pages show. Must not: query tables itself or change anything. Only re-exports.
 */
export { dashboardData, type DashboardData } from './data.ts';
