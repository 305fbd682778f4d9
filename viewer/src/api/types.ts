/**
 * ringsight/viewer/api/types
 * ==========================
 *
 * The shapes the viewer reads from the ringsight API, derived from the
 * routes' own response schemas (api/schemas.ts, api/routes/*) with type-only
 * imports, so a field renamed on the server is a type error here and no
 * server code reaches the bundle. Fields that older servers leave out
 * (status from monitoring, names, node ids) stay optional so they still render.
 */

import type { Static } from '@fastify/type-provider-typebox';
import type {
  Amounts as AmountsSchema,
  Period as PeriodSchema,
  RingListItem as RingListItemSchema,
  GraphNode as GraphNodeSchema,
  GraphEdge as GraphEdgeSchema
} from '../../../api/schemas.js';
import type {
  ClaimFacts,
  Evidence as EvidenceSchema,
  Member,
  RingDetail as RingDetailSchema,
  RingList as RingListSchema
} from '../../../api/routes/rings.js';
import type { EntityResult } from '../../../api/routes/entities.js';
import type { Me } from '../../../api/routes/me.js';

export type Period = Static<typeof PeriodSchema>;
export type Amounts = Static<typeof AmountsSchema>;

/** topSignals is a list of signal names; some servers send {signal, contribution} objects. */
export type SignalRef = string | { signal: string; contribution?: number };

/** Older servers may omit status and send topSignals as objects. */
export type RingListItem = Omit<Static<typeof RingListItemSchema>, 'status' | 'topSignals'> & {
  status?: string;
  topSignals?: SignalRef[];
};

export type RingList = Omit<Static<typeof RingListSchema>, 'items'> & { items: RingListItem[] };

/** `id` (the member's node id in this view) defaults to `type:key` when an older server leaves it out. */
export type RingMember = Omit<Static<typeof Member>, 'id' | 'name' | 'masked' | 'organiser' | 'watchlisted'> &
  Partial<Pick<Static<typeof Member>, 'id' | 'name' | 'masked' | 'organiser' | 'watchlisted'>>;

export type Evidence = Static<typeof EvidenceSchema>;

export type ClaimDetail = Partial<Static<typeof ClaimFacts>> & { id: string; [field: string]: unknown };

export type RingDetail = Omit<
  Static<typeof RingDetailSchema>,
  'members' | 'status' | 'claimDetails' | 'runId' | 'view'
> &
  Partial<Pick<Static<typeof RingDetailSchema>, 'status' | 'runId' | 'view'>> & {
    members: RingMember[];
    claimDetails?: ClaimDetail[];
  };

/** Nodes the viewer also builds itself (groups, expansions), so all but id and type may be absent. */
export type GraphNode = Pick<Static<typeof GraphNodeSchema>, 'id' | 'type'> &
  Partial<Omit<Static<typeof GraphNodeSchema>, 'id' | 'type' | 'label'>> & { label?: string | null };

export type GraphEdge = Pick<Static<typeof GraphEdgeSchema>, 'source' | 'target'> &
  Partial<Omit<Static<typeof GraphEdgeSchema>, 'source' | 'target' | 'role'>> & { role?: string | null };

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
  more?: boolean;
}

export interface EntityResponse {
  entity: Partial<Static<typeof EntityResult>['entity']> & Record<string, unknown>;
  neighbourhood: GraphPayload;
  rings: Array<Partial<RingListItem> & { id: string }>;
}

export interface SearchHit {
  type: string;
  key: string;
  id: string;
  label: string | null;
  /** The key when the label is a name. */
  detail: string | null;
  /** How many rings hold it. */
  rings: number;
}

/** GET /api/me; an insurer's token names its insurer. */
export type Principal = Omit<Static<typeof Me>, 'insurer'> & { insurer?: string | null };
