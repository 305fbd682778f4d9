import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../engine/validate/problems.js';
import { readBatch } from '../../ingest/read-batch.js';
import { claim, residentId, writeBatch } from '../helpers/batch.js';

const alice = residentId('360102', '1980-05-01', 11);
const bob = residentId('360702', '1975-11-20', 23);

describe('batch validation', () => {
  it('accepts a valid batch, normalising keys and tolerating a BOM', async () => {
    const dir = writeBatch({
      'claims.csv':
        '\uFEFF' +
        'claim_id,insurer,product,region_code,accident_date,claimed_amount\nC1,PICC,auto,360102,2024-01-02,5000\nC2,平安,injury,360700,2024-02-03,"12,000.50"\n',
      'parties.csv': [
        {
          claim_id: 'C1',
          role: 'driver',
          id_number: alice.toLowerCase(),
          name: '张三',
          phone: '+86 138-0013-8000',
          bank_account: '6222 0212 3456 7890'
        },
        { claim_id: 'C2', role: 'injured', id_number: bob, name: '李四', phone: '13800138000', bank_account: '' }
      ],
      'vehicles.csv': [{ claim_id: 'C1', role: 'insured', plate: '赣a·12345', vin: '' }]
    });
    const result = await readBatch(dir);
    expect(result.ok).toBe(true);
    expect(result.errors).toBe(0);
    expect(result.book.claims.map((c) => c.id)).toEqual(['C1', 'C2']);
    expect(result.book.claims[1]!.claimed).toBe(12000.5);
    const keys = result.book.links.map((l) => `${l.claim} ${l.type} ${l.key}`);
    expect(keys).toContain(`C1 person ${alice}`);
    expect(keys).toContain('C1 phone 13800138000');
    expect(keys).toContain('C2 phone 13800138000');
    expect(keys).toContain('C1 bank_account 6222021234567890');
    expect(keys).toContain('C1 vehicle 赣A12345');
  });

  it('reports every problem with file, line, column and reason, and loads nothing', async () => {
    const dir = writeBatch({
      'claims.csv': [
        claim('C1'),
        claim('C2', { accident_date: '2024-02-30' }),
        claim('C3', { claimed_amount: '-100' }),
        claim('C4', { product: 'boat' }),
        claim('C1', { insurer: '太平洋' })
      ],
      'parties.csv': [
        {
          claim_id: 'C1',
          role: 'driver',
          id_number: alice.slice(0, 17) + (alice[17] === '1' ? '2' : '1'),
          name: '张三',
          phone: '',
          bank_account: ''
        },
        { claim_id: 'C9', role: 'driver', id_number: bob, name: '李四', phone: '', bank_account: '' },
        { claim_id: 'C1', role: 'pilot', id_number: bob, name: '李四', phone: '', bank_account: '' }
      ]
    });
    const result = await readBatch(dir);
    expect(result.ok).toBe(false);
    expect(result.book.claims).toHaveLength(0);
    const lines = result.problems.filter((p) => p.severity === 'error').map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^claims\.csv:3:6 error accident_date: accident_date "2024-02-30" is not a real calendar date/
        ),
        expect.stringMatching(/^claims\.csv:4:9 error claimed_amount: .* must not be negative/),
        expect.stringMatching(/^claims\.csv:5:4 error product: unknown product "boat"/),
        expect.stringMatching(
          /^claims\.csv:6:1 error claim_id: claim_id "C1" already appears on line 2 with different content/
        ),
        expect.stringMatching(
          /^parties\.csv:2:3 error id_number: id_number "360102\*+\d{3}[\dX]" check digit does not match/
        ),
        expect.stringMatching(/^parties\.csv:3:1 error claim_id: claim_id "C9" is not in claims\.csv/),
        expect.stringMatching(/^parties\.csv:4:2 error role: unknown role "pilot"/)
      ])
    );
    // Raw resident IDs never appear in messages.
    expect(JSON.stringify(result.problems)).not.toContain(alice.slice(0, 17));
  });

  it('flags a missing required column and a missing claims.csv as whole-file errors', async () => {
    const noColumn = await readBatch(
      writeBatch({
        'claims.csv': 'claim_id,insurer,product,region_code,accident_date\nC1,PICC,auto,360102,2024-01-01\n'
      })
    );
    expect(noColumn.ok).toBe(false);
    expect(formatProblem(noColumn.problems.find((p) => p.code === 'missing_column')!)).toMatch(
      /claims\.csv:1 error: required column "claimed_amount" is missing/
    );
    const noClaims = await readBatch(writeBatch({ 'parties.csv': 'claim_id,role\n' }));
    expect(noClaims.problems[0]!.code).toBe('missing_file');
  });

  it('treats a malformed ID on a witness as a warning and keeps the claim', async () => {
    const dir = writeBatch({
      'claims.csv': [claim('C1')],
      'parties.csv': [
        { claim_id: 'C1', role: 'driver', id_number: alice, name: '张三', phone: '13800138000', bank_account: '' },
        {
          claim_id: 'C1',
          role: 'witness',
          id_number: '36010219800101',
          name: '王五',
          phone: '13900139000',
          bank_account: ''
        }
      ]
    });
    const result = await readBatch(dir);
    expect(result.ok).toBe(true);
    expect(result.warnings).toBe(1);
    expect(result.problems[0]).toMatchObject({ severity: 'warning', file: 'parties.csv', line: 3, field: 'id_number' });
    expect(result.book.links.filter((l) => l.role === 'witness').map((l) => l.type)).toEqual(['phone']);
  });

  it('with allowPartial rejects a claim with any bad row whole and keeps the rest', async () => {
    const dir = writeBatch({
      'claims.csv': [claim('C1'), claim('C2'), claim('C3', { region_code: '36' })],
      'parties.csv': [
        { claim_id: 'C1', role: 'driver', id_number: alice, name: '张三', phone: '13800138000', bank_account: '' },
        { claim_id: 'C2', role: 'driver', id_number: bob, name: '李四', phone: '13900139000', bank_account: '' },
        { claim_id: 'C2', role: 'injured', id_number: '123', name: '赵六', phone: '', bank_account: '' }
      ],
      'vehicles.csv': [{ claim_id: 'C2', role: 'insured', plate: '赣B12345', vin: '' }]
    });
    const strict = await readBatch(dir);
    expect(strict.ok).toBe(false);
    const partial = await readBatch(dir, { allowPartial: true });
    expect(partial.ok).toBe(true);
    expect(partial.rejectedClaims).toEqual(['C2', 'C3']);
    expect(partial.book.claims.map((c) => c.id)).toEqual(['C1']);
    expect(partial.book.links.every((l) => l.claim === 'C1')).toBe(true);
  });

  it('keeps an identical duplicate claim once, with a warning', async () => {
    const result = await readBatch(writeBatch({ 'claims.csv': [claim('C1'), claim('C1')] }));
    expect(result.ok).toBe(true);
    expect(result.book.claims).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ severity: 'warning', code: 'duplicate_claim', line: 3 });
  });

  it('refuses a file that is not UTF-8 with the line it breaks on', async () => {
    const dir = writeBatch({ 'claims.csv': [claim('C1')] });
    const { writeFileSync } = await import('node:fs');
    const header = 'claim_id,insurer,product,region_code,accident_date,claimed_amount\n';
    writeFileSync(
      `${dir}/claims.csv`,
      Buffer.concat([
        Buffer.from(header + 'C1,PICC,auto,360102,2024-01-01,100\nC2,'),
        Buffer.from([0xc6, 0xbd, 0xb0, 0xb2]),
        Buffer.from(',auto,360102,2024-01-01,100\n')
      ])
    );
    const result = await readBatch(dir);
    expect(result.ok).toBe(false);
    expect(result.problems[0]).toMatchObject({ code: 'unreadable_csv', line: 3 });
    expect(result.problems[0]!.message).toMatch(/not valid UTF-8/);
  });
});
