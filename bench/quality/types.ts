/**
 * ringsight/bench/quality/types
 * =============================
 *
 * Shapes shared by the quality bench's driver and its worker processes.
 */

export type QualityGroup = 'tuning' | 'heldout' | 'classic' | 'blind';

export interface QualityTask {
  name: string;
  group: QualityGroup;
  /** world profile; 'classic' for the project's own generator */
  profile: string;
  seed: number;
  claims: number;
  /** batch directory (cache) */
  dir: string;
  /** cache stamp: the batch is regenerated when this differs from dir/.stamp */
  stamp: string;
  params: Record<string, unknown>;
  model?: string;
}

export interface WorldResult {
  name: string;
  group: QualityGroup;
  profile: string;
  seed: number;
  claims: number;
  warnings: number;
  planted: number;
  found: number;
  flagged: number;
  real: number;
  ringRecall: number;
  flagPrecision: number;
  claimPrecision: number;
  claimRecall: number;
  byCategory: Record<string, { planted: number; found: number; recall: number }>;
  missedByCategory: Record<string, number>;
  missedByVariant: Record<string, number>;
  plantedByVariant: Record<string, number>;
  generated: boolean;
  ms: { generate: number; read: number; detect: number };
}

export interface GroupSummary {
  worlds: number;
  ringRecall: { median: number; worst: number; mean: number };
  flagPrecision: { median: number; worst: number; mean: number };
  claimPrecision: { median: number };
  claimRecall: { median: number };
  recallByCategory: Record<string, number>;
  recallByVariant: Record<string, number>;
}
