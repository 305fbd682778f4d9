// ringsight/datasets/generator/dates — calendar helpers. Days are plain integers (days since 1970-01-01, UTC) so
// the hot loops never allocate Date objects; strings come from a lazily built lookup table.

import { cumulative } from './random.js';

const MS_PER_DAY = 86_400_000;
// Oldest birthdates and policy inceptions we ever print; newest report dates plus slack.
const TABLE_FROM = Date.UTC(1930, 0, 1) / MS_PER_DAY;
const TABLE_TO = Date.UTC(2031, 0, 1) / MS_PER_DAY;

let isoTable: string[] | null = null;
let compactTable: string[] | null = null;
let yearTable: Int16Array | null = null;

function build(): void {
  isoTable = [];
  compactTable = [];
  yearTable = new Int16Array(TABLE_TO - TABLE_FROM);
  for (let d = TABLE_FROM; d < TABLE_TO; d++) {
    const iso = new Date(d * MS_PER_DAY).toISOString().slice(0, 10);
    yearTable[d - TABLE_FROM] = Number(iso.slice(0, 4));
    isoTable.push(iso);
    compactTable.push(iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10));
  }
}

export function dayOf(iso: string): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t)) throw new Error(`ringsight/generator: bad date "${iso}"`);
  return Math.round(t / MS_PER_DAY);
}

function slot(day: number): number {
  const i = day - TABLE_FROM;
  if (i < 0 || day >= TABLE_TO) throw new Error(`ringsight/generator: day ${day} outside the supported calendar`);
  return i;
}

/** YYYY-MM-DD */
export function iso(day: number): string {
  if (!isoTable) build();
  return (isoTable as string[])[slot(day)] as string;
}

/** YYYYMMDD, as embedded in resident ID numbers. */
export function compact(day: number): string {
  if (!compactTable) build();
  return (compactTable as string[])[slot(day)] as string;
}

export function yearOf(day: number): number {
  if (!yearTable) build();
  return (yearTable as Int16Array)[slot(day)] as number;
}

export const FIRST_CALENDAR_DAY = TABLE_FROM;

/**
 * Accident-day weights over the book period: volume grows a few percent a year (more cars on the
 * road), peaks around Spring Festival travel and the rainy season, and dips slightly at weekends
 * for commuting-driven auto claims. Flat weights would make every day look the same, which no
 * real book does.
 */
export function accidentDayCdf(start: number, end: number): Float64Array {
  const w: number[] = [];
  const span = Math.max(1, end - start);
  for (let d = start; d <= end; d++) {
    const date = new Date(d * MS_PER_DAY);
    const doy = (d - Date.UTC(date.getUTCFullYear(), 0, 1) / MS_PER_DAY) / 365;
    const trend = 1 + 0.12 * ((d - start) / span);
    const festival = 1 + 0.25 * Math.exp(-(((doy - 0.1) / 0.05) ** 2));
    const rain = 1 + 0.12 * Math.exp(-(((doy - 0.47) / 0.06) ** 2));
    const dow = date.getUTCDay();
    const weekday = dow === 0 || dow === 6 ? 0.9 : 1.03;
    w.push(trend * festival * rain * weekday);
  }
  return cumulative(w);
}
