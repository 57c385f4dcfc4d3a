/**
 * Shared checks of CLI option values (issue 13): every numeric option goes
 * through intOption's argParser, so `--limit abc` is refused by commander with
 * the option named and a non-zero exit, instead of being silently ignored.
 * Owns: those parsers. Must not: import anything heavy (it is on the start-up
 * path of every command, including --help).
 */
import { InvalidArgumentError } from 'commander';

/** An argParser for an integer option in [min, max]. */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value: string) => {
    const text = value.trim();
    if (!/^[+-]?\d+$/.test(text)) throw new InvalidArgumentError(`not a whole number (expected ${range(min, max)}).`);
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`out of range (expected ${range(min, max)}).`);
    return n;
  };
}

function range(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min}–${max}`;
}

/** A row id as typed on the command line: a full UUID, or a prefix of at least 4 hex digits (dashes allowed). */
export const ID_PREFIX = /^[0-9a-f]{4}[0-9a-f-]{0,32}$/i;
