// ringsight/datasets/generator/providers — the service providers claims pass through: per prefecture a few hubs
// (big hospitals, 4S dealers, busy appraisal institutes, law firms, tow companies) that see
// thousands of honest claims, and a long tail of small clinics and workshops with tens each.
// Hubs are the classic false positive of "many claims share this node"; the tail is where rings
// hide their own clinic or workshop among honest look-alikes.

import { Rng, cumulative } from './random.js';
import { DISTRICTS, PREFECTURES, coreDistrict, drawDistrict, prefShare } from './regions.js';
import { CAR_BRANDS, SURNAMES, firmWord } from './names.js';
import type { Minter } from './identity.js';
import { PROVIDER_KINDS } from '../../engine/model.js';

/** Indexed by Provider.kind (HOSPITAL … TOW below): the input contract's provider kinds, in its order. */
export const KINDS = PROVIDER_KINDS;
export const HOSPITAL = 0;
export const REPAIR = 1;
export const APPRAISER = 2;
export const LAWYER = 3;
export const TOW = 4;

export interface Provider {
  kind: number;
  org: string;
  name: string;
  /** district index */
  district: number;
  pref: number;
  hub: boolean;
  /** ring that controls it, -1 for honest providers */
  ring: number;
  weight: number;
}

// Honest claims per claim that involve each kind, the share of it going to hubs, and the size of
// a typical small provider's book (claims over the three years).
const DEMAND = [0.3, 0.5, 0.1, 0.035, 0.06];
const HUB_SHARE = [0.6, 0.45, 0.65, 0.5, 0.75];
const SMALL_BOOK = [40, 30, 25, 15, 20];
const HUB_NAMES = [
  '第一人民医院',
  '人民医院',
  '中医院',
  '第二人民医院',
  '中心医院',
  '第三人民医院',
  '骨科医院',
  '第四人民医院'
];

export class Catalog {
  readonly providers: Provider[] = [];
  private readonly names = new Set<string>();
  /** provider ids per (prefecture, kind) slot; the weight tables are rebuilt lazily after additions */
  private readonly slotIds: number[][] = PREFECTURES.flatMap(() => KINDS.map(() => [] as number[]));
  private readonly slotCdf: (Float64Array | null)[] = this.slotIds.map(() => null);

  constructor(private readonly minter: Minter) {}

  /** Populate the honest market for a book of `honestClaims` claims. */
  populate(rng: Rng, honestClaims: number): void {
    PREFECTURES.forEach((_, pref) => {
      for (let kind = 0; kind < KINDS.length; kind++) {
        const demand = honestClaims * prefShare(pref) * (DEMAND[kind] as number);
        const hubs =
          kind === REPAIR
            ? Math.max(3, Math.round((demand * 0.45) / 350))
            : kind === HOSPITAL
              ? pref === 0 || pref === 6
                ? 6
                : 3
              : rng.range(2, 3);
        for (let i = 0; i < hubs; i++) {
          // Zipf-like: the first hospital of a city is far busier than the third.
          const w = (demand * (HUB_SHARE[kind] as number) * (1 / (i + 1) ** 0.7)) / harmonic(hubs);
          this.add(
            rng,
            kind,
            pref,
            i < 2 || kind === REPAIR ? coreDistrict(pref) : drawDistrict(rng, pref),
            w,
            true,
            -1,
            i
          );
        }
        const small = Math.max(
          2,
          Math.round((demand * (1 - (HUB_SHARE[kind] as number))) / (SMALL_BOOK[kind] as number))
        );
        const per = (demand * (1 - (HUB_SHARE[kind] as number))) / small;
        for (let i = 0; i < small; i++)
          this.add(rng, kind, pref, drawDistrict(rng, pref), per * (0.3 + 1.4 * rng.next()), false, -1, i);
      }
    });
  }

  /** Add one provider; `weight` is its expected number of honest claims. */
  add(
    rng: Rng,
    kind: number,
    pref: number,
    district: number,
    weight: number,
    hub: boolean,
    ring: number,
    rank = 0
  ): number {
    const i = this.providers.length;
    const d = DISTRICTS[district] as { code: string; name: string };
    let name = '';
    for (let attempt = 0; attempt < 6 && (name === '' || this.names.has(name)); attempt++)
      name = this.nameFor(rng, kind, pref, d.name, hub, rank + attempt * 3);
    // Name clashes do happen between real firms; keep ours distinct so ground truth stays readable.
    if (this.names.has(name)) name = `${name}(${d.name.slice(0, 2)}分部)`;
    this.names.add(name);
    const type2 =
      kind === HOSPITAL
        ? hub
          ? '12'
          : rng.chance(0.5)
            ? '52'
            : '91'
        : kind === LAWYER
          ? '31'
          : kind === APPRAISER
            ? rng.chance(0.6)
              ? '34'
              : '91'
            : hub
              ? '91'
              : rng.chance(0.5)
                ? '92'
                : '91';
    this.providers.push({ kind, org: this.minter.uscc(type2, d.code, i), name, district, pref, hub, ring, weight });
    const slot = pref * KINDS.length + kind;
    (this.slotIds[slot] as number[]).push(i);
    this.slotCdf[slot] = null;
    return i;
  }

  private nameFor(rng: Rng, kind: number, pref: number, district: string, hub: boolean, rank: number): string {
    const city = (PREFECTURES[pref] as { name: string }).name;
    const w = firmWord(rng.u32());
    const place = district.length > 2 ? district.slice(0, -1) : district;
    switch (kind) {
      case HOSPITAL:
        if (hub) return `${city}市${HUB_NAMES[rank % HUB_NAMES.length]}`;
        return rng.pick([
          `${place}${w}医院`,
          `${place}${w}骨伤科医院`,
          `${city}${w}康复医院`,
          `${place}${w}镇卫生院`,
          `${place}${w}中西医结合诊所`
        ]);
      case REPAIR:
        if (hub) return `${city}${rng.pick(CAR_BRANDS)}${w}汽车销售服务有限公司`;
        return rng.pick([
          `${place}${w}汽车修理厂`,
          `${city}${rng.pick(SURNAMES.slice(0, 30))}记汽修`,
          `${place}${w}汽车维修服务部`,
          `${city}${w}钣喷快修中心`
        ]);
      case APPRAISER:
        return hub
          ? rng.pick([`江西${w}司法鉴定中心`, `江西${w}保险公估有限公司`])
          : rng.pick([`${city}${w}司法鉴定所`, `${place}${w}法医临床司法鉴定所`]);
      case LAWYER:
        return hub ? `江西${w}律师事务所` : `${city}${w}律师事务所`;
      default:
        return hub ? `${city}${w}道路救援服务有限公司` : `${place}${w}拖车服务部`;
    }
  }

  /** A provider of `kind` in `pref`, in proportion to how busy it is. */
  pick(rng: Rng, kind: number, pref: number): number {
    const slot = pref * KINDS.length + kind;
    const ids = this.slotIds[slot] as number[];
    let cdf = this.slotCdf[slot];
    if (!cdf) cdf = this.slotCdf[slot] = cumulative(ids.map((i) => (this.providers[i] as Provider).weight));
    return ids[rng.weighted(cdf)] as number;
  }

  /** A hub of `kind` in `pref` (rings route some claims through big honest providers too). */
  pickHub(rng: Rng, kind: number, pref: number): number {
    for (let i = 0; i < 50; i++) {
      const p = this.pick(rng, kind, pref);
      if ((this.providers[p] as Provider).hub) return p;
    }
    return this.pick(rng, kind, pref);
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const p of this.providers) {
      if (p.ring >= 0) continue;
      const k = `${KINDS[p.kind]}_${p.hub ? 'hubs' : 'small'}`;
      out[k] = (out[k] ?? 0) + 1;
    }
    return out;
  }
}

function harmonic(n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += 1 / (i + 1) ** 0.7;
  return s;
}
