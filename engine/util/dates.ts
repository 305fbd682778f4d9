/**
 * ringsight/engine/util/dates
 * ===========================
 *
 * Calendar arithmetic on the validated YYYY-MM-DD dates of the claims book.
 */

/**
 * Day number of a validated YYYY-MM-DD date (days since 1970-01-01), read digit
 * by digit (Hinnant's days_from_civil): a million claims, no allocation.
 */
export function dayNumber(date: string): number {
  // No inner helper: this runs twice per claim, and a closure per call is garbage per call.
  let y =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    date.charCodeAt(3) -
    48;
  const m = (date.charCodeAt(5) - 48) * 10 + date.charCodeAt(6) - 48;
  const day = (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;
  if (m <= 2) y -= 1;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}
