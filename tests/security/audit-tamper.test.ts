// Issue 16 item 8: the audit trail is tamper-evident against someone who can write the files but
// not read the key — a re-hashed edit, a truncated or deleted trail are refused at start, shown on
// GET /api/audit, and reported by `ringsight audit verify`. Both stores.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectTrail } from '../../audit/trail.js';
import { auditCommand } from '../../cli/commands/audit.js';
import { as, makeApp, tempDir } from '../api/helpers.js';

const sha = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const file = (dir: string): string => join(dir, 'audit.jsonl');
const lines = (dir: string): string[] => readFileSync(file(dir), 'utf8').split('\n').filter(Boolean);

async function trailWith(n: number): Promise<string> {
  const dir = tempDir();
  const app = await makeApp({ dataDir: dir });
  for (let i = 0; i < n; i++) {
    await app.inject({
      method: 'POST',
      url: '/api/watchlist',
      headers: as('analyst'),
      payload: { entity: 'phone', key: `1380013800${i}`, reason: `r${i}` }
    });
  }
  await app.close();
  return dir;
}

/** What an attacker without the key can do: edit a line and re-hash the whole chain after it. */
function rehash(dir: string, edit: (entries: Array<Record<string, unknown>>) => Array<Record<string, unknown>>): void {
  const entries = edit(lines(dir).map((l) => JSON.parse(l) as Record<string, unknown>));
  let prev = '0'.repeat(64);
  const out: string[] = [];
  entries.forEach((e, i) => {
    const line = JSON.stringify({ ...e, seq: i + 1, prev });
    out.push(line);
    prev = sha(line);
  });
  writeFileSync(file(dir), out.length ? out.join('\n') + '\n' : '');
}

async function cli(dir: string): Promise<{ code: number; out: string }> {
  const chunks: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((c: string) => {
    chunks.push(String(c));
    return true;
  }) as typeof process.stdout.write;
  try {
    return { code: await auditCommand(['verify', '--data', dir]), out: chunks.join('') };
  } finally {
    process.stdout.write = write;
  }
}

describe('security: audit trail tamper evidence', () => {
  it('keeps a MAC key (0600, never in the trail) and an anchor; verifies clean', async () => {
    const dir = await trailWith(3);
    const key = readFileSync(join(dir, 'audit.key'), 'utf8').trim();
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(join(dir, 'audit.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(file(dir), 'utf8')).not.toContain(key);
    expect(JSON.parse(readFileSync(join(dir, 'audit.anchor'), 'utf8'))).toMatchObject({
      seq: 3,
      head: sha(lines(dir)[2]!)
    });
    expect(await inspectTrail(dir)).toMatchObject({ ok: true, lines: 3, sealed: 3, anchor: { seq: 3 } });
    const { code, out } = await cli(dir);
    expect(code).toBe(0);
    expect(out).toContain('ok — 3 entries');
    expect(out).not.toContain(key);
  });

  it('a re-hashed edit fails on its MAC: refused at start, reported by the CLI', async () => {
    const dir = await trailWith(3);
    rehash(dir, (es) =>
      es.map((e, i) => (i === 0 ? { ...e, details: { ...(e.details as object), reason: 'innocent' } } : e))
    );
    await expect(makeApp({ dataDir: dir })).rejects.toThrow(/line 1 \(MAC does not match/);
    const { code, out } = await cli(dir);
    expect(code).toBe(1);
    expect(out).toMatch(/FAILED at entry 1: MAC does not match/);
  });

  it('a truncated trail (even cleanly re-hashed) fails against the anchor', async () => {
    const dir = await trailWith(3);
    rehash(dir, (es) => es.slice(0, 2));
    await expect(makeApp({ dataDir: dir })).rejects.toThrow(/anchored at entry 3/);
    expect((await cli(dir)).code).toBe(1);
  });

  it('a deleted trail, or a deleted anchor, is refused', async () => {
    const gone = await trailWith(2);
    unlinkSync(file(gone));
    await expect(makeApp({ dataDir: gone })).rejects.toThrow(/anchored at entry 2/);
    const noAnchor = await trailWith(2);
    unlinkSync(join(noAnchor, 'audit.anchor'));
    await expect(makeApp({ dataDir: noAnchor })).rejects.toThrow(/audit\.anchor is missing/);
    const noKey = await trailWith(2);
    unlinkSync(join(noKey, 'audit.key'));
    await expect(makeApp({ dataDir: noKey })).rejects.toThrow(/audit\.key is missing/);
    expect((await cli(noKey)).code).toBe(1);
  });

  it('a forged anchor does not verify', async () => {
    const dir = await trailWith(3);
    rehash(dir, (es) => es.slice(0, 1));
    const first = lines(dir)[0]!;
    writeFileSync(join(dir, 'audit.anchor'), JSON.stringify({ seq: 1, head: sha(first), mac: '0'.repeat(64) }) + '\n');
    await expect(makeApp({ dataDir: dir })).rejects.toThrow(/not valid/);
  });

  it('a live server shows a truncation on GET /api/audit', async () => {
    const dir = await trailWith(2);
    const app = await makeApp({ dataDir: dir });
    try {
      await app.inject({
        method: 'POST',
        url: '/api/watchlist',
        headers: as('analyst'),
        payload: { entity: 'phone', key: '13900139000', reason: 'x' }
      });
      writeFileSync(file(dir), '');
      const res = (await app.inject({ url: '/api/audit', headers: as('auditor') })).json();
      expect(res.chain.ok).toBe(false);
      expect(existsSync(join(dir, 'audit.anchor'))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
