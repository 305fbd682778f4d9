// ringsight/datasets/generator/random — seeded randomness: a small fast PRNG (mulberry32), stable integer hashing
// and keyed Feistel permutations. Nothing in the generator may touch Math.random: every byte of
// output has to be reproducible from the seed.

/** Avalanche a 32-bit integer (murmur3-style finaliser). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Order-sensitive hash of two integers; used to derive independent sub-seeds. */
export function hash2(a: number, b: number): number {
  return mix((mix(a >>> 0) + Math.imul((b >>> 0) ^ 0x9e3779b9, 0x85ebca6b)) | 0);
}

export function hash3(a: number, b: number, c: number): number {
  return hash2(hash2(a, b), c);
}

/** Stable hash of a short label, so streams can be named instead of numbered. */
export function label(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

export class Rng {
  private s: number;

  constructor(seed: number) {
    // A zero or tiny seed would start mulberry32 in a visibly poor region, so pre-mix it.
    this.s = mix(seed ^ 0x5bd1e995) | 0;
  }

  u32(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Index drawn from a cumulative-weight table built by `cumulative`. */
  weighted(cdf: Float64Array): number {
    const x = this.next() * (cdf[cdf.length - 1] as number);
    let lo = 0;
    let hi = cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Standard normal via Box–Muller; one value per call keeps streams simple to reason about. */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal around a median, clamped: money amounts are heavy-tailed but insurers cap them. */
  logNormal(median: number, sigma: number, lo: number, hi: number): number {
    const x = median * Math.exp(sigma * this.normal());
    return x < lo ? lo + lo * 0.2 * this.next() : x > hi ? hi - hi * 0.1 * this.next() : x;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** k distinct items (or all of them when k >= length). */
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items.slice()).slice(0, Math.min(k, items.length));
  }

  /** An independent child stream; forking by label keeps unrelated decisions from shifting each other. */
  fork(tag: number): Rng {
    return new Rng(hash2(this.u32(), tag));
  }
}

export function cumulative(weights: readonly number[]): Float64Array {
  const cdf = new Float64Array(weights.length);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i] as number;
    cdf[i] = acc;
  }
  return cdf;
}

/**
 * Keyed bijection on [0, domain) (balanced Feistel network with cycle walking). Identifiers are
 * minted as perm(serial): distinct serials can never collide, yet consecutive serials look random,
 * so nothing about creation order (e.g. "ring members were made together") leaks into the data.
 */
export class Permutation {
  private readonly half: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly domain: number,
    key: number
  ) {
    if (domain < 4 || domain > 2 ** 32)
      throw new Error(`ringsight/generator: permutation domain ${domain} out of range`);
    let bits = Math.ceil(Math.log2(domain));
    if (bits % 2) bits++;
    this.half = bits / 2;
    this.mask = 2 ** this.half - 1;
    this.keys = [hash2(key, 1), hash2(key, 2), hash2(key, 3), hash2(key, 4)];
  }

  apply(x: number): number {
    if (x < 0 || x >= this.domain)
      throw new Error(`ringsight/generator: ${x} outside permutation domain ${this.domain}`);
    const base = 2 ** this.half;
    do {
      let l = Math.floor(x / base);
      let r = x % base;
      for (const k of this.keys) {
        const f = hash2(r, k) & this.mask;
        const t = r;
        r = (l ^ f) >>> 0;
        l = t;
      }
      x = l * base + r;
    } while (x >= this.domain);
    return x;
  }
}
