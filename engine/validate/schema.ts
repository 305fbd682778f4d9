/**
 * ringsight/engine/validate/schema
 * ================================
 *
 * The batch input contract: which CSV files a batch holds and their columns.
 * Column order is free; only claims.csv is mandatory.
 */

export const BATCH_FILES = ['claims.csv', 'parties.csv', 'vehicles.csv', 'providers.csv', 'watchlist.csv'] as const;
export type BatchFile = (typeof BATCH_FILES)[number];

export interface FileSchema {
  required: readonly string[];
  optional: readonly string[];
  mandatory: boolean;
}

export const SCHEMA: Record<BatchFile, FileSchema> = {
  'claims.csv': {
    mandatory: true,
    required: ['claim_id', 'insurer', 'product', 'region_code', 'accident_date', 'claimed_amount'],
    optional: ['policy_no', 'report_date', 'policy_start', 'paid_amount', 'status']
  },
  'parties.csv': {
    mandatory: false,
    required: ['claim_id', 'role'],
    optional: ['id_number', 'name', 'phone', 'bank_account']
  },
  'vehicles.csv': {
    mandatory: false,
    required: ['claim_id', 'role'],
    optional: ['plate', 'vin']
  },
  'providers.csv': {
    mandatory: false,
    required: ['claim_id', 'kind', 'org_code'],
    optional: ['name', 'region_code']
  },
  'watchlist.csv': {
    mandatory: false,
    required: ['entity', 'key'],
    optional: ['reason', 'listed_by', 'listed_at', 'expires_at']
  }
};

/** Files are validated in this order: claims first, so every other file can check its claim_id. */
export const VALIDATION_ORDER: readonly BatchFile[] = BATCH_FILES;
