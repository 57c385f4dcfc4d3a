/**
 * src/alerts — failure alerts: recorded in the transaction that records the
 * failure (record.ts, the run ledger's alert hook) and delivered, grouped, by
 * the send_alert task to the webhook and/or SMTP (send.ts).
 * Owns: stellar.alerts and stellar.alert_messages. Must not: decide what
 * failed (the ledger does). Only re-exports.
 */
export { recordAlert, alertChannels, groupKeyFor } from './record.ts';
export { sendAlertGroup, formatAlertMessage } from './send.ts';
