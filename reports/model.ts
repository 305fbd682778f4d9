/**
 * ringsight/reports/model
 * =======================
 *
 * The report model: everything a report shows, already decided — which rings,
 * in which order, with identities masked or not, evidence explained in the
 * report's language. Writers (HTML, CSV) only lay it out, so no writer can
 * leak what the model does not hold. Its canonical JSON is what the report
 * digest is taken over. Pure types.
 */
import type { RingCategory } from '../engine/model.js';
import type { SelectionReason } from './operation.js';
import type { ReportLang } from './vocab.js';

export const REPORT_SCHEMA = 'ringsight.report/1';
export const REPORT_ROLES = ['police', 'analyst', 'insurer', 'admin'] as const;
export type ReportRole = (typeof REPORT_ROLES)[number];
export const REPORT_FORMATS = ['html', 'pdf', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportModel {
  schema: typeof REPORT_SCHEMA;
  id: string;
  lang: ReportLang;
  generatedAt: string;
  generatedBy: { actor: string; role: ReportRole; insurer: string | null };
  /** `masked: false` only for the police role with a case reference. */
  disclosure: { masked: boolean; caseReference: string | null };
  operation: OperationView;
  source: ReportSource;
  summary: ReportSummary;
  rings: ReportRing[];
  /** Priority targets across the report's rings, most important first, each with the next steps it suggests (targets.ts). */
  targets: ReportTarget[];
}

/** The operation as shown: listed entities in display form, never raw keys. */
export interface OperationView {
  name: string;
  caseReference: string | null;
  regions: string[];
  period: { from: string | null; to: string | null };
  categories: RingCategory[];
  minScore: number;
  minScoreFromRun: boolean;
  rings: string[];
  entities: string[];
  onlyListed: boolean;
  /** Listed entities that are in no ring of the run (display form). */
  unmatchedEntities: string[];
}

export interface ReportSource {
  runId: string;
  runStartedAt: string;
  runFinishedAt: string;
  dataVersion: string | null;
  input: string;
  claimsInRun: number;
  ringsInRun: number;
  seed: number;
  flagThreshold: number;
  asOf: string | null;
}

export interface ReportSummary {
  rings: number;
  flagged: number;
  people: number;
  claims: number;
  insurers: string[];
  prefectures: string[];
  claimed: number;
  paid: number;
  period: { from: string; to: string };
  categories: Partial<Record<RingCategory, number>>;
}

export interface ReportRing {
  no: number;
  id: string;
  score: number;
  flagged: boolean;
  category: RingCategory;
  reasons: SelectionReason[];
  period: { from: string; to: string };
  prefectures: string[];
  insurers: string[];
  amounts: { claimed: number; paid: number };
  people: number;
  members: ReportMember[];
  claims: ReportClaim[];
  evidence: ReportEvidence[];
  watchlist: ReportWatchHit[];
}

export interface ReportMember {
  /** `M1`, `M2`… in report order (likely organisers first): how the graph, evidence and tables refer to it. */
  no: string;
  type: string;
  /** Display key: masked unless the report discloses identities. */
  label: string;
  name: string | null;
  roles: string[];
  /** Display ids of the ring claims it appears on. */
  claims: string[];
  degree: number;
  betweenness: number;
  organiser: boolean;
  watchlisted: boolean;
}

export interface ReportClaim {
  /** Display id: another insurer's claim is hidden from the insurer role. */
  id: string;
  insurer: string;
  accidentDate: string;
  reportDate: string | null;
  policyStart: string | null;
  region: string;
  prefecture: string;
  product: string;
  claimed: number;
  paid: number | null;
  status: string | null;
  /** Inside the operation's regions and period (every claim is when the operation sets neither). */
  inScope: boolean;
  /** Who was who on this claim: the ring members it links to, with the role each had, in member order. */
  parties: ReportClaimParty[];
  /** Member numbers of the bank accounts on this claim: where its payout was (or would be) paid. */
  paidTo: string[];
}

export interface ReportClaimParty {
  member: string;
  type: string;
  role: string;
}

/** Next steps an investigator can request for a target; labels in vocab.ts. */
export const TARGET_ACTIONS = [
  'identity_check',
  'interview',
  'phone_records',
  'bank_records',
  'vehicle_records',
  'provider_records'
] as const;
export type TargetAction = (typeof TARGET_ACTIONS)[number];

export interface ReportTarget {
  /** 1-based rank across the report. */
  rank: number;
  ring: string;
  ringNo: number;
  member: string;
  type: string;
  label: string;
  name: string | null;
  organiser: boolean;
  watchlisted: boolean;
  claims: number;
  betweenness: number;
  actions: TargetAction[];
}

export interface ReportEvidence {
  signal: string;
  value: number;
  contribution: number;
  title: string;
  text: string;
  /** Member numbers carrying the signal. */
  subjects: string[];
}

export interface ReportWatchHit {
  member: string;
  type: string;
  label: string;
  name: string | null;
  reason: string | null;
  listedBy: string | null;
  listedAt: string | null;
  expiresAt: string | null;
  expired: boolean;
}
