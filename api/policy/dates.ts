/**
 * ringsight/api/policy/dates
 * ==========================
 *
 * Dates the API accepts from callers (`YYYY-MM-DD`): the schema checks the
 * shape, this checks the calendar (no 2024-02-30, no month 13) and, where a
 * date means "as of", that it is not in the future. "Today" is taken in the
 * time zone furthest ahead (UTC+14), so no caller's today is refused.
 */
import { badRequest } from '../errors.js';

export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12 || d < 1) return false;
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The latest calendar date anywhere on Earth right now. */
export function latestToday(now = Date.now()): string {
  return new Date(now + 14 * 3600_000).toISOString().slice(0, 10);
}

/** An as-of date: calendar-valid and not after today; 400 (`code`) otherwise. */
export function checkAsOf(text: string, field = 'asOf', code = 'bad_as_of'): string {
  if (!isCalendarDate(text)) throw badRequest(code, `${field} must be a real calendar date (YYYY-MM-DD, from 1900)`);
  if (text > latestToday())
    throw badRequest(code, `${field} is in the future: detection runs on what has been reported by a past date`);
  return text;
}

/** A date that may lie in the future (an expiry): calendar-valid only. */
export function checkDate(text: string, field: string, code = 'bad_date'): string {
  if (!isCalendarDate(text)) throw badRequest(code, `${field} must be a real calendar date (YYYY-MM-DD, from 1900)`);
  return text;
}
