/**
 * ringsight/datasets/worlds
 * =========================
 *
 * An independent, profile-driven claims-world generator: `generateWorld`
 * draws a world's parameters from a named profile and a seed, builds honest
 * claims with their confounders and planted fraud rings, and writes a batch
 * directory in the README's input contract plus truth.json
 * (`{ profile, seed, params, rings: [{ id, category, claims, members, organisers, variants, phones, accounts }] }`).
 * Same profile + seed + claims → byte-identical files.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plantRings } from './fraud.js';
import { Honest } from './honest.js';
import { drawParams, findProfile, type WorldParams } from './profiles.js';
import { Rng } from './rng.js';
import { World } from './world.js';
import { assignIds, writeBatch, type WriteResult } from './write.js';

export {
  PROFILES,
  TUNING_PROFILES,
  HELD_OUT_PROFILES,
  findProfile,
  type Profile,
  type WorldParams
} from './profiles.js';

export interface WorldOptions {
  /** profile name (see PROFILES) */
  profile: string;
  seed: number;
  /** number of claims in the book (about; a family or catastrophe episode may add a few more) */
  claims: number;
  /** output directory (created if missing) */
  out: string;
  /** fixed parameter values instead of drawing them from the profile's ranges */
  overrides?: Partial<WorldParams>;
}

export const DEFAULTS: Omit<WorldOptions, 'out'> = { profile: 'provincial-mix', seed: 1, claims: 25_000 };

export interface TruthRingOut {
  id: string;
  category: string;
  claims: string[];
  members: string[];
  organisers: string[];
  variants: string[];
  /** shared contact phones and payout accounts the ring controls */
  phones: string[];
  accounts: string[];
}
export interface WorldTruth {
  profile: string;
  heldOut: boolean;
  seed: number;
  claims: number;
  params: WorldParams;
  rings: TruthRingOut[];
}

export interface WorldResult extends WriteResult {
  out: string;
  rings: number;
  ringClaims: number;
  truth: WorldTruth;
}

export function generateWorld(options: Partial<WorldOptions> & { out: string }): WorldResult {
  const o = { ...DEFAULTS, ...options };
  if (!o.out) throw new Error('ringsight/worlds: "out" (a directory) is required');
  if (!Number.isInteger(o.claims) || o.claims < 500)
    throw new Error(`ringsight/worlds: claims must be an integer ≥ 500, got ${o.claims}`);
  if (!Number.isInteger(o.seed)) throw new Error(`ringsight/worlds: seed must be an integer, got ${o.seed}`);
  const profile = findProfile(o.profile);
  const root = new Rng(`ringsight-worlds|${profile.name}|${o.seed}`);
  const params = drawParams(profile, root.fork('params'), o.overrides);
  const world = new World(root.fork('world'), params);
  const honest = new Honest(world, o.claims);
  const ringClaims = plantRings(world, honest, o.claims);
  honest.fill(o.claims - world.claims.length);
  const order = assignIds(world);
  const written = writeBatch(world, order, o.out, root.fork('write'));
  const truth: WorldTruth = {
    profile: profile.name,
    heldOut: profile.heldOut,
    seed: o.seed,
    claims: world.claims.length,
    params,
    rings: world.rings.map((r) => ({
      id: r.id,
      category: r.category,
      claims: r.claims.map((c) => c.id).sort(),
      members: [...r.members].sort(),
      organisers: [...r.organisers].sort(),
      variants: [...r.variants].sort(),
      phones: [...r.phones].sort(),
      accounts: [...r.accounts].sort()
    }))
  };
  writeFileSync(join(o.out, 'truth.json'), JSON.stringify(truth, null, 1) + '\n', 'utf8');
  return { ...written, out: o.out, rings: truth.rings.length, ringClaims, truth };
}
