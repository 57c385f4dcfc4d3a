/**
 * Request validation with zod (@hono/zod-validator): a failed check becomes a
 * 400 with the JSON error body, naming the first offending field. Also the
 * small zod types the routes share (dates, flags, free-text labels).
 * Owns: turning zod issues into HttpError. Must not: hold route logic.
 */
import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import { z } from 'zod';
import { HttpError } from './errors.ts';

/** zod issues → 400 invalid_parameter (first issue; its path is the field). */
export function zodFailure(error: z.core.$ZodError): HttpError {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') || undefined;
  return new HttpError(400, 'invalid_parameter', field ? `${field}: ${issue.message}` : (issue?.message ?? 'Invalid request.'), field);
}

export function valid<T extends z.ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw zodFailure(result.error as z.core.$ZodError);
  });
}

/** "true" | "false" | "1" | "0" | "" (a bare ?force counts as true). */
export const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .transform((v) => v === 'true' || v === '1' || v === '');

/** ISO 8601 date-time with offset, or a plain date (midnight UTC). */
export const isoDate = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'expected an ISO 8601 date or date-time, e.g. 2025-03-04T15:00:00Z' })
  .transform((s) => new Date(s));

/** A short free-text label (rep, account): trimmed, 1–200 characters, no control characters. */
export const label = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s), 'must not contain control characters');
