// ringsight/datasets/generator/market — the insurance market: insurers with Jiangxi-ish market shares and their
// clerical habits (how they type phone numbers, whether they record only the prefecture), and the
// money/time shapes of each product (claim amounts, report lags, settlement outcomes).

import { Rng, cumulative } from './random.js';

export const PRODUCTS = ['auto', 'injury', 'death', 'health', 'property', 'other'] as const;
export type Product = (typeof PRODUCTS)[number];
export const AUTO = 0;
export const INJURY = 1;
export const DEATH = 2;
export const HEALTH = 3;
export const PROPERTY = 4;
export const OTHER = 5;

export interface Insurer {
  name: string;
  /** claim / policy number prefix */
  code: string;
  share: number;
  /** does not sell motor cover */
  lifeOnly: boolean;
  /** share of claims whose accident place is recorded at prefecture level only */
  prefectureOnly: number;
  /** weights of phone styles 0..4 (see identity.formatPhone) */
  phoneStyles: number[];
  /** weights of plate styles 0..3 */
  plateStyles: number[];
  /** share of bank accounts typed in groups of four */
  bankSpaced: number;
}

export const INSURERS: Insurer[] = [
  {
    name: 'PICC',
    code: 'RDAA',
    share: 0.3,
    lifeOnly: false,
    prefectureOnly: 0.08,
    phoneStyles: [90, 4, 3, 2, 1],
    plateStyles: [80, 12, 3, 5],
    bankSpaced: 0.05
  },
  {
    name: '平安',
    code: 'PAIC',
    share: 0.19,
    lifeOnly: false,
    prefectureOnly: 0.05,
    phoneStyles: [85, 2, 2, 8, 3],
    plateStyles: [70, 25, 2, 3],
    bankSpaced: 0.1
  },
  {
    name: '太平洋',
    code: 'CPIC',
    share: 0.12,
    lifeOnly: false,
    prefectureOnly: 0.15,
    phoneStyles: [70, 20, 5, 3, 2],
    plateStyles: [75, 15, 5, 5],
    bankSpaced: 0.2
  },
  {
    name: '国寿财',
    code: 'GPIC',
    share: 0.08,
    lifeOnly: false,
    prefectureOnly: 0.3,
    phoneStyles: [88, 5, 5, 1, 1],
    plateStyles: [85, 5, 5, 5],
    bankSpaced: 0.08
  },
  {
    name: '大地',
    code: 'CCIC',
    share: 0.06,
    lifeOnly: false,
    prefectureOnly: 0.4,
    phoneStyles: [80, 5, 12, 2, 1],
    plateStyles: [60, 30, 5, 5],
    bankSpaced: 0.15
  },
  {
    name: '人保寿险',
    code: 'PICL',
    share: 0.09,
    lifeOnly: true,
    prefectureOnly: 0.2,
    phoneStyles: [75, 10, 5, 5, 5],
    plateStyles: [90, 5, 2, 3],
    bankSpaced: 0.3
  },
  {
    name: '阳光',
    code: 'SSIC',
    share: 0.08,
    lifeOnly: false,
    prefectureOnly: 0.1,
    phoneStyles: [80, 3, 3, 10, 4],
    plateStyles: [65, 20, 10, 5],
    bankSpaced: 0.1
  },
  {
    name: '太平',
    code: 'TPIC',
    share: 0.08,
    lifeOnly: false,
    prefectureOnly: 0.12,
    phoneStyles: [86, 6, 4, 2, 2],
    plateStyles: [78, 12, 4, 6],
    bankSpaced: 0.12
  }
];

export const PHONE_STYLE_CDF = INSURERS.map((i) => cumulative(i.phoneStyles));
export const PLATE_STYLE_CDF = INSURERS.map((i) => cumulative(i.plateStyles));

// Life/accident lines lean towards the life company and the big composites.
const AFFINITY: number[][] = [
  /* auto     */ [1, 1, 1, 1, 1, 0, 1, 1],
  /* injury   */ [1, 1.2, 1, 0.8, 0.6, 2.2, 0.8, 1],
  /* death    */ [0.5, 1.6, 0.8, 0.8, 0.3, 3.5, 0.6, 1.4],
  /* health   */ [0.6, 1.5, 1, 1, 0.4, 3, 0.7, 1.2],
  /* property */ [1.4, 1, 1.1, 1, 1, 0, 0.8, 0.8],
  /* other    */ [1, 1, 1, 1, 1, 0.5, 1, 1]
];
const INSURER_CDF = AFFINITY.map((row) => cumulative(row.map((a, i) => a * (INSURERS[i] as Insurer).share)));

export function drawInsurer(rng: Rng, product: number): number {
  return rng.weighted(INSURER_CDF[product] as Float64Array);
}

/** Honest product mix; auto dominates every P&C book. */
export const HONEST_PRODUCT_CDF = cumulative([0.62, 0.12, 0.012, 0.125, 0.065, 0.058]);

/** Claimed amount in cents. Shapes are log-normal; rounding habits differ by product. */
export function drawAmount(rng: Rng, product: number, scale = 1): number {
  switch (product) {
    case AUTO: {
      const y = rng.logNormal(6500 * scale, 0.85, 1500, 60000 * Math.max(1, scale));
      return rng.chance(0.55) ? Math.round(y * 100) : Math.round(y) * 100;
    }
    case INJURY:
      return Math.round(rng.logNormal(32000 * scale, 0.9, 5000, 380000)) * 100;
    case DEATH:
      return Math.round(rng.logNormal(300000 * scale, 0.5, 100000, 1000000) / 1000) * 100000;
    case HEALTH:
      return Math.round(rng.logNormal(7000 * scale, 1.0, 500, 150000) * 100);
    case PROPERTY:
      return Math.round(rng.logNormal(9000 * scale, 1.0, 800, 300000) * 100);
    default:
      return Math.round(rng.logNormal(3000 * scale, 0.8, 300, 20000)) * 100;
  }
}

/** Days from accident to report. Hospital stays and funerals come first for injury and death. */
export function drawLag(rng: Rng, product: number): number {
  const x = rng.next();
  switch (product) {
    case AUTO:
      return x < 0.4 ? 0 : x < 0.65 ? 1 : x < 0.85 ? rng.range(2, 3) : rng.range(4, 12);
    case INJURY:
      return x < 0.3 ? rng.range(0, 3) : x < 0.8 ? rng.range(4, 20) : rng.range(21, 60);
    case HEALTH:
      return rng.range(2, 10) + (x < 0.4 ? rng.range(0, 30) : 0);
    case DEATH:
      return rng.range(5, 25) + (x < 0.5 ? rng.range(0, 45) : 0);
    case PROPERTY:
      return x < 0.5 ? rng.range(0, 2) : rng.range(3, 14);
    default:
      return rng.range(0, 15);
  }
}

export const STATUS_PAID = 0;
export const STATUS_OPEN = 1;
export const STATUS_REJECTED = 2;
export const STATUS_WITHDRAWN = 3;
export const STATUSES = ['paid', 'open', 'rejected', 'withdrawn'] as const;

/**
 * Outcome and paid amount (cents, -1 when nothing was paid). Recent claims are more often still
 * open, because the snapshot is taken at the end of the book period. `suspicion` nudges rejection
 * for the few fraud claims insurers did catch.
 */
export function settle(
  rng: Rng,
  product: number,
  claimed: number,
  reportDay: number,
  endDay: number,
  suspicion = 0
): [number, number] {
  const age = endDay - reportDay;
  const openP = age < 30 ? 0.55 : age < 90 ? 0.22 : product === INJURY || product === DEATH ? 0.05 : 0.025;
  const x = rng.next();
  if (x < openP) return [STATUS_OPEN, -1];
  const y = rng.next();
  if (y < 0.045 + suspicion) return [STATUS_REJECTED, -1];
  if (y < 0.075 + suspicion) return [STATUS_WITHDRAWN, -1];
  let ratio: number;
  switch (product) {
    case AUTO:
      ratio = rng.chance(0.5) ? 1 : 0.8 + 0.2 * rng.next();
      break;
    case INJURY:
      ratio = 0.5 + 0.45 * rng.next();
      break;
    case DEATH:
      ratio = rng.chance(0.8) ? 1 : 0.5 + 0.5 * rng.next();
      break;
    default:
      ratio = rng.chance(0.3) ? 1 : 0.65 + 0.35 * rng.next();
  }
  return [STATUS_PAID, ratio === 1 ? claimed : Math.round(claimed * ratio)];
}

/**
 * Days between policy inception and the first claim on it. Honest cover is usually years old;
 * a few honest people genuinely crash a week after buying a car, which is why a short gap is a
 * signal and not a verdict.
 */
export function drawInceptionGap(rng: Rng, short: boolean): number {
  if (short) return rng.range(2, 45);
  const x = rng.next();
  if (x < 0.03) return rng.range(3, 30);
  if (x < 0.15) return rng.range(31, 180);
  if (x < 0.5) return rng.range(181, 730);
  return rng.range(731, 3650);
}

export function formatMoney(cents: number): string {
  const yuan = Math.floor(cents / 100);
  const c = cents % 100;
  return c === 0 ? String(yuan) : `${yuan}.${c < 10 ? '0' : ''}${c}`;
}
