/**
 * ringsight/viewer/api/types
 * ==========================
 *
 * The shapes the viewer reads from the ringsight API (see the routes in
 * api/routes). Fields the contract marks optional, or that later issues add
 * (status from monitoring, names), are optional here so an older server still
 * renders.
 */

export interface Period { from: string; to: string }
export interface Amounts { claimed: number; paid: number }

/** topSignals is a list of signal names; some servers send {signal, contribution} objects. */
export type SignalRef = string | { signal: string; contribution?: number };

export interface RingListItem {
  id: string;
  score: number;
  flagged: boolean;
  category: string;
  status?: string;
  claims: number;
  members: number;
  regions: string[];
  insurers: string[];
  period: Period;
  amounts: Amounts;
  topSignals?: SignalRef[];
}

export interface RingList {
  total: number;
  page: number;
  pageSize: number;
  runId?: string | null;
  items: RingListItem[];
}

export interface RingMember {
  type: string;
  key: string;
  /** Node id of the member in this view (masked members carry a handle); defaults to `type:key`. */
  id?: string;
  name?: string | null;
  masked?: boolean;
  roles: string[];
  claims: number;
  centrality: { degree: number; betweenness: number };
}

export interface Evidence {
  signal: string;
  value: number;
  contribution: number;
  detail: string;
  /** Node ids (`type:key` or `claim:ID`) of what carries the signal. */
  refs: string[];
}

export interface ClaimDetail {
  id: string;
  [field: string]: unknown;
}

export interface RingDetail {
  id: string;
  score: number;
  flagged: boolean;
  category: string;
  status?: string;
  claims: string[];
  members: RingMember[];
  organisers: string[];
  regions: string[];
  insurers: string[];
  period: Period;
  amounts: Amounts;
  evidence: Evidence[];
  claimDetails?: ClaimDetail[];
}

export interface GraphNode {
  id: string;
  type: string;
  label?: string | null;
  size?: number;
  attributes?: Record<string, unknown>;
}

export interface GraphEdge {
  id?: string;
  source: string;
  target: string;
  role?: string | null;
}

export interface GraphPayload {
  nodes: GraphNode[];
  edges: GraphEdge[];
  more?: boolean;
}

export interface EntityResponse {
  entity: Record<string, unknown> & { type?: string; key?: string; id?: string };
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

export interface Principal {
  name: string;
  role: string;
  insurer?: string | null;
}
