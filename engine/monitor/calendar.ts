/**
 * ringsight/engine/monitor/calendar
 * =================================
 *
 * Date arithmetic on `YYYY-MM-DD` strings for replays: the as-of dates of a
 * schedule (end of each week, month or quarter) and day differences. UTC
 * throughout, so a replay gives the same dates on any machine.
 */

export const EVERY = ['week', 'month', 'quarter'] as const;
export type Every = (typeof EVERY)[number];

const DAY = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parse(date: string): number {
  const t = DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  if (Number.isNaN(t)) throw new Error(`ringsight/monitor: "${date}" is not a date YYYY-MM-DD`);
  return t;
}

const format = (t: number): string => new Date(t).toISOString().slice(0, 10);

export function isDate(text: string): boolean {
  return (
    DATE.test(text) &&
    !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
    format(Date.parse(`${text}T00:00:00Z`)) === text
  );
}

export function daysBetween(from: string, to: string): number {
  return Math.round((parse(to) - parse(from)) / DAY);
}

export function addDays(date: string, days: number): string {
  return format(parse(date) + days * DAY);
}

function endOfMonth(year: number, month: number): number {
  return Date.UTC(year, month + 1, 0);
}

/**
 * As-of dates from the period holding `from` to the first period end on or
 * after `to`, so the last step sees all the data.
 */
export function periodEnds(from: string, to: string, every: Every): string[] {
  const start = parse(from);
  const stop = parse(to);
  if (stop < start) throw new Error(`ringsight/monitor: replay ends (${to}) before it starts (${from})`);
  const out: string[] = [];
  if (every === 'week') {
    for (let t = start + 6 * DAY; ; t += 7 * DAY) {
      out.push(format(t));
      if (t >= stop) break;
    }
    return out;
  }
  const step = every === 'month' ? 1 : 3;
  const d = new Date(start);
  let month = d.getUTCMonth();
  if (every === 'quarter') month += 2 - (month % 3);
  // Date.UTC rolls month 12 over into January of the next year, so months just keep counting.
  for (let m = month; ; m += step) {
    const t = endOfMonth(d.getUTCFullYear(), m);
    out.push(format(t));
    if (t >= stop) break;
  }
  return out;
}
