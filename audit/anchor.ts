/**
 * ringsight/audit/anchor
 * ======================
 *
 * The two files beside the trail that make it tamper-evident beyond its own
 * chain: `audit.key`, the MAC key (created 0600 with the trail), and
 * `audit.anchor`, the last seq and head digest, MAC'd and rewritten after
 * every commit so that cutting lines off the end or replacing the file is
 * caught. Also the offline inspection (`ringsight audit verify`) that runs
 * every check without opening the trail for writing.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { AuditError, GENESIS, hmac, sameHex, sha256, verifyChain, type ChainCheck } from './chain.js';
import { syncDir } from './files.js';

export interface Anchor {
  seq: number;
  head: string;
  mac: string;
}

export const KEY_FILE = 'audit.key';
export const ANCHOR_FILE = 'audit.anchor';

/** The trail's MAC key: read from `<dataDir>/audit.key`, or created (0600) when the trail has no MAC'd entry yet. */
export async function trailKey(dataDir: string, create: boolean): Promise<Buffer | null> {
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) {
    const hex = readFileSync(path, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw new AuditError(`${path} is not a 64-hex-digit key`);
    try {
      chmodSync(path, 0o600);
    } catch {
      /* not ours to fix */
    }
    return Buffer.from(hex, 'hex');
  }
  if (!create) return null;
  const key = randomBytes(32);
  const h = await open(path, 'wx', 0o600);
  await h.writeFile(key.toString('hex') + '\n');
  await h.sync();
  await h.close();
  await syncDir(dataDir);
  return key;
}

const anchorMac = (key: Buffer, seq: number, head: string): string =>
  hmac(key, `ringsight audit anchor\u0000${seq}\u0000${head}`);

export function readAnchor(dataDir: string): Anchor | null {
  const path = join(dataDir, ANCHOR_FILE);
  if (!existsSync(path)) return null;
  try {
    const a = JSON.parse(readFileSync(path, 'utf8')) as Anchor;
    if (Number.isInteger(a.seq) && typeof a.head === 'string' && typeof a.mac === 'string') return a;
  } catch {
    /* reported below */
  }
  return { seq: -1, head: '', mac: '' };
}

export async function writeAnchor(dataDir: string, key: Buffer, seq: number, head: string): Promise<void> {
  const path = join(dataDir, ANCHOR_FILE);
  const tmp = `${path}.tmp`;
  const h = await open(tmp, 'w', 0o600);
  await h.writeFile(JSON.stringify({ seq, head, mac: anchorMac(key, seq, head) }) + '\n');
  await h.sync();
  await h.close();
  await rename(tmp, path);
}

/** Whether the trail still reaches its anchor with the anchored line; null when it does. */
export function anchorProblem(
  anchor: Anchor | null,
  key: Buffer | null,
  text: string,
  check: ChainCheck,
  sealed: boolean
): string | null {
  if (anchor === null)
    return sealed ? `${ANCHOR_FILE} is missing although the trail has MAC'd entries (deleted?)` : null;
  if (!key) return `${KEY_FILE} is missing: the anchor and the MACs cannot be checked`;
  if (anchor.seq < 0 || !sameHex(anchorMac(key, anchor.seq, anchor.head), anchor.mac))
    return `${ANCHOR_FILE} is not valid (its MAC does not match)`;
  if (anchor.seq === 0) return null;
  if (check.lines < anchor.seq)
    return `the trail has ${check.lines} entries but was anchored at entry ${anchor.seq}: entries were cut off or the file was replaced`;
  const line = text.split('\n')[anchor.seq - 1] ?? '';
  if (sha256(line) !== anchor.head) return `entry ${anchor.seq} is not the one anchored: the trail was rewritten`;
  return null;
}

export interface TrailReport extends ChainCheck {
  /** Entries carrying a MAC (the rest predate MACs). */
  sealed: number;
  anchor: { seq: number } | null;
}

/** Every check on a data directory's trail, key and anchor, without opening it for writing (the CLI's `audit verify`). */
export async function inspectTrail(dataDir: string): Promise<TrailReport> {
  const path = join(dataDir, 'audit.jsonl');
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const hasMacs = text.includes('"mac":"');
  const key = await trailKey(dataDir, false);
  if (hasMacs && !key)
    return {
      ok: false,
      lines: 0,
      head: GENESIS,
      reason: `${KEY_FILE} is missing: the MACs cannot be checked`,
      sealed: 0,
      anchor: null
    };
  const check = verifyChain(text, key);
  const sealed = text === '' ? 0 : text.split('\n').filter((l) => l.includes('"mac":"')).length;
  const anchor = readAnchor(dataDir);
  const out: TrailReport = { ...check, sealed, anchor: anchor ? { seq: anchor.seq } : null };
  if (!check.ok) return out;
  const problem = anchorProblem(anchor, key, text, check, sealed > 0);
  return problem ? { ...out, ok: false, reason: problem } : out;
}
