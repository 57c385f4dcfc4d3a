/**
 * Logging: JSON lines with pino. Child loggers carry runId, transcriptId,
 * stage, attempt and duration so one run can be followed with grep or jq.
 */
import { pino } from 'pino';

export type Logger = pino.Logger;

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { app: 'stellar' }, timestamp: pino.stdTimeFunctions.isoTime });
}
