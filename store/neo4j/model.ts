/**
 * ringsight/store/neo4j/model
 * ===========================
 *
 * The graph model as data: which label each entity type becomes, which
 * relationship type links it to its claims, and the closed whitelist of every
 * label and relationship type ringsight writes. Cypher templates may only be
 * filled from these lists (see cypher.ts), so no label or type ever comes
 * from input. Documented for people in cypher/README.md.
 */
import type { EntityType } from '../../engine/model.js';

/** Entity type → node label (key property `key`). */
export const ENTITY_LABEL = {
  person: 'Person',
  phone: 'Phone',
  bank_account: 'BankAccount',
  vehicle: 'Vehicle',
  hospital: 'Hospital',
  repair_shop: 'RepairShop',
  appraiser: 'Appraiser',
  lawyer: 'Lawyer',
  tow: 'Tow'
} as const satisfies Record<EntityType, string>;

/** Entity type → relationship type from the claim to the entity; `role` rides on the relationship. */
export const LINK_REL = {
  person: 'INVOLVES',
  phone: 'CONTACT',
  bank_account: 'PAYS_TO',
  vehicle: 'USES_VEHICLE',
  hospital: 'TREATED_AT',
  repair_shop: 'REPAIRED_AT',
  appraiser: 'APPRAISED_BY',
  lawyer: 'REPRESENTED_BY',
  tow: 'TOWED_BY'
} as const satisfies Record<EntityType, string>;

export const ENTITY_TYPES = Object.keys(ENTITY_LABEL) as EntityType[];

/** Entity types that carry descriptions (names, provider regions): the only ones the projection reads back as EntityInfo. */
export const DESCRIBED_TYPES: readonly EntityType[] = [
  'person',
  'hospital',
  'repair_shop',
  'appraiser',
  'lawyer',
  'tow'
];

const REL_TO_TYPE = new Map<string, EntityType>(ENTITY_TYPES.map((t) => [LINK_REL[t], t]));

export function entityTypeOfRel(rel: string): EntityType {
  const type = REL_TO_TYPE.get(rel);
  if (!type) throw new Error(`ringsight/neo4j-model: "${rel}" is not a claim link relationship type`);
  return type;
}

export const LABELS = [
  ...Object.values(ENTITY_LABEL),
  'Claim',
  'Batch',
  'Watch',
  'DetectionRun',
  'Ring',
  'Sequence'
] as const;

export const REL_TYPES = [...Object.values(LINK_REL), 'FOUND', 'INCLUDES', 'HAS_MEMBER'] as const;

/**
 * What stores written before the insurer and region became indexed claim properties still hold:
 * every claim linked to one of a few Insurer and a hundred or so Region nodes (cypher/README.md,
 * "Insurer and region"). Never written any more; whitelisted only so schema.ts can delete them.
 */
export const RETIRED = {
  rels: ['FILED_WITH', 'OCCURRED_IN'],
  labels: ['Insurer', 'Region']
} as const;

/** `A|B|C` of every claim → entity relationship type, for patterns that cover all links. */
export const ALL_LINK_RELS = Object.values(LINK_REL).join('|');
