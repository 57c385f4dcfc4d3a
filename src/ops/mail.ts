/**
 * E-mail for scheduled reports (weekly analytics, daily digest): nodemailer
 * over SMTP_URL, to STELLAR_REPORT_EMAIL_TO (or ALERT_EMAIL_TO). Sending is
 * skipped, not failed, when SMTP is not configured.
 */
import type { Config } from '../config/index.ts';

export function reportRecipients(config: Config): string | null {
  return config.STELLAR_REPORT_EMAIL_TO || config.ALERT_EMAIL_TO || null;
}

/** Sends one plain-text report; returns false when SMTP or a recipient is not configured. */
export async function sendReportMail(config: Config, subject: string, text: string): Promise<boolean> {
  const to = reportRecipients(config);
  if (!config.SMTP_URL || !to) return false;
  const { default: nodemailer } = await import('nodemailer'); // loaded when mail is sent (issue 11, memory: ~10 MB)
  const transport = nodemailer.createTransport(config.SMTP_URL);
  try {
    await transport.sendMail({ from: config.ALERT_EMAIL_FROM, to, subject, text });
    return true;
  } finally {
    transport.close();
  }
}
