/**
 * ringsight/engine/model
 * ======================
 *
 * The domain vocabulary shared by every layer: claims, the entities linked to
 * them (people, phones, vehicles, accounts, providers), watchlist entries, and
 * the rings the engine returns. Pure types and enumerations, no behaviour.
 */
import type { SignalName } from './signals/index.js';

export const PRODUCTS = ['auto', 'injury', 'death', 'health', 'property', 'other'] as const;
export type Product = (typeof PRODUCTS)[number];

export const CLAIM_STATUSES = ['open', 'paid', 'rejected', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export const PARTY_ROLES = [
  'insured',
  'claimant',
  'driver',
  'passenger',
  'injured',
  'witness',
  'beneficiary',
  'deceased',
  'agent'
] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const VEHICLE_ROLES = ['insured', 'third_party'] as const;
export type VehicleRole = (typeof VEHICLE_ROLES)[number];

export const PROVIDER_KINDS = ['hospital', 'repair_shop', 'appraiser', 'lawyer', 'tow'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

export const WATCH_ENTITIES = [
  'person',
  'phone',
  'vehicle',
  'bank_account',
  'hospital',
  'repair_shop',
  'appraiser',
  'lawyer'
] as const;
export type WatchEntity = (typeof WATCH_ENTITIES)[number];

/** Identity entities say *who*; provider entities say *where*. Only identities link claims into rings. */
export const IDENTITY_TYPES = ['person', 'phone', 'bank_account', 'vehicle'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];
export type EntityType = IdentityType | ProviderKind;

export const RING_CATEGORIES = ['staged_collision', 'injury_broker', 'repair_shop', 'fake_death', 'mixed'] as const;
export type RingCategory = (typeof RING_CATEGORIES)[number];

export interface Claim {
  id: string;
  insurer: string;
  policyNo: string | null;
  product: Product;
  /** 6-digit GB/T 2260 code of the accident place. */
  region: string;
  accidentDate: string;
  reportDate: string | null;
  policyStart: string | null;
  claimed: number;
  paid: number | null;
  status: ClaimStatus | null;
}

/**
 * One edge of the claims graph: an entity taking part in a claim in a role.
 * `person` carries the resident ID of the party a phone or account belongs to,
 * so "one phone, several people" can be told apart from "one person, several claims".
 */
export interface Link {
  claim: string;
  type: EntityType;
  key: string;
  role: string;
  person: string | null;
}

/** Descriptive attributes of an entity (names, provider regions): shown, never used to link. */
export interface EntityInfo {
  type: EntityType;
  key: string;
  name: string | null;
  region: string | null;
}

export interface WatchEntry {
  entity: WatchEntity;
  key: string;
  reason: string | null;
  listedBy: string | null;
  listedAt: string | null;
  expiresAt: string | null;
}

/** A validated, normalised batch: what stores hold and projections are built from. */
export interface ClaimsBook {
  claims: Claim[];
  links: Link[];
  entities: EntityInfo[];
  watchlist: WatchEntry[];
}

export interface RingMember {
  type: EntityType;
  key: string;
  roles: string[];
  claims: number;
  centrality: { degree: number; betweenness: number };
}

export interface Evidence {
  signal: SignalName;
  value: number;
  contribution: number;
  detail: string;
  /** Keys (`type:key` or `claim:id`) of what carries the signal, so viewers can highlight it. */
  refs: string[];
  /** 0–1: how strongly the signal fired (its contribution is the model's weight times this, before gating). */
  strength?: number;
}

export interface Ring {
  id: string;
  score: number;
  flagged: boolean;
  category: RingCategory;
  claims: string[];
  members: RingMember[];
  organisers: string[];
  regions: string[];
  insurers: string[];
  period: { from: string; to: string };
  amounts: { claimed: number; paid: number };
  evidence: Evidence[];
  /** Set by monitoring (engine/monitor): the ring's change since the previous run. */
  status?: RingStatus;
  /** Set by monitoring: size and score over runs, oldest first. */
  history?: Array<{
    run: string;
    asOf: string | null;
    at: string;
    claims: number;
    members: number;
    score: number;
    flagged: boolean;
  }>;
  firstSeen?: { run: string; asOf: string | null };
  /** Set by monitoring: stable ids this ring took in (merged) or came from (split). */
  absorbed?: string[];
  splitFrom?: string[];
  /** The content-derived id detection gave before monitoring assigned the stable one. */
  detectedId?: string;
}

export const RING_STATUSES = ['new', 'growing', 'stable', 'shrinking', 'merged', 'split'] as const;
export type RingStatus = (typeof RING_STATUSES)[number];

export function entityRef(type: EntityType, key: string): string {
  return `${type}:${key}`;
}

/** Prefecture code (first four digits + "00") of a GB/T 2260 code: the unit "cross-region" counts. */
export function prefectureOf(region: string): string {
  return region.slice(0, 4) + '00';
}
