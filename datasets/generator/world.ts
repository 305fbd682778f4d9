// ringsight/datasets/generator/world — the shared context every builder reads: calendar, population register,
// provider market and the honest insurance agents. Built once per generate() call.

import type { Registry } from './registry.js';
import type { Catalog } from './providers.js';
import { Rng, cumulative } from './random.js';
import { PREFECTURES, drawDistrict, prefShare } from './regions.js';

export interface World {
  /** master key derived from the seed; every stream hashes from it */
  key: number;
  /** first and last accident/report day of the book */
  start: number;
  end: number;
  dayCdf: Float64Array;
  registry: Registry;
  catalog: Catalog;
  agents: Agents;
}

/**
 * Honest insurance agents (保险代理人): per prefecture a handful of people who appear, as role
 * `agent`, on dozens of their clients' claims and sometimes leave their own phone as the contact
 * number. Structurally they look like injury brokers; behaviourally they do not.
 */
export class Agents {
  readonly byPref: { serials: number[]; cdf: Float64Array }[] = [];
  total = 0;

  /** Attach rate: share of honest claims handled through an agent. */
  static readonly RATE = 0.025;

  populate(rng: Rng, registry: Registry, honestClaims: number): void {
    PREFECTURES.forEach((_, pref) => {
      const n = Math.max(2, Math.round((honestClaims * prefShare(pref) * Agents.RATE) / 45));
      const serials: number[] = [];
      const weights: number[] = [];
      const base = registry.reserve(n);
      for (let i = 0; i < n; i++) {
        registry.setPerson(base + i, rng, drawDistrict(rng, pref), 'adult', rng.chance(0.4));
        serials.push(base + i);
        weights.push(1 / (i + 1) ** 0.6);
      }
      this.byPref.push({ serials, cdf: cumulative(weights) });
      this.total += n;
    });
  }

  pick(rng: Rng, pref: number): number {
    const a = this.byPref[pref] as { serials: number[]; cdf: Float64Array };
    return a.serials[rng.weighted(a.cdf)] as number;
  }
}
