/**
 * Test helper: writes a small batch directory from plain rows.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { residentIdCheckDigit } from '../../engine/normalise/index.js';

export type Rows = Array<Record<string, string | number>>;

export function csv(rows: Rows, columns?: string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: string | number | boolean | null | undefined): string => {
    const s = v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

export function writeBatch(
  files: Record<string, string | Rows>,
  dir = mkdtempSync(join(tmpdir(), 'ringsight-batch-'))
): string {
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof content === 'string' ? content : csv(content));
  }
  return dir;
}

/** A valid resident ID for a district, birth date and sequence number. */
export function residentId(district: string, birth: string, seq: number): string {
  const first17 = `${district}${birth.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export function claim(id: string, extra: Record<string, string | number> = {}): Record<string, string | number> {
  return {
    claim_id: id,
    insurer: 'PICC',
    policy_no: `P-${id}`,
    product: 'auto',
    region_code: '360102',
    accident_date: '2024-03-01',
    report_date: '2024-03-03',
    policy_start: '2023-01-01',
    claimed_amount: '12000',
    paid_amount: '10000',
    status: 'paid',
    ...extra
  };
}
