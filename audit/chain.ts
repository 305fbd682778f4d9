/**
 * ringsight/audit/chain
 * =====================
 *
 * The trail's line format and the one check every reader shares: how an
 * entry is sealed (its JSON with an HMAC last) and how a whole file's text is
 * walked line by line to prove the hash chain unbroken. Kept apart from the
 * writer (audit/trail.ts) and the key and anchor files (audit/anchor.ts) so
 * the offline verifier and the server run the very same rules.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

export interface AuditInput {
  actor: string;
  role: string;
  insurer: string | null;
  action: string;
  target: string;
  caseReference: string | null;
  details: Record<string, unknown>;
  request: { id: string; method: string; route: string; ip: string } | null;
}

export interface AuditEntry extends AuditInput {
  seq: number;
  at: string;
  prev: string;
  /** HMAC-SHA256 (hex) of the line without this field, under audit.key; absent on entries written before MACs. */
  mac?: string;
}

export interface ChainCheck {
  ok: boolean;
  lines: number;
  head: string;
  /** 1-based line where the chain first breaks. */
  brokenAt?: number;
  reason?: string;
}

export class AuditError extends Error {
  constructor(message: string) {
    super(`ringsight/api/audit: ${message}`);
  }
}

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const hmac = (key: Buffer, text: string): string => createHmac('sha256', key).update(text, 'utf8').digest('hex');

export const sameHex = (a: string, b: string): boolean =>
  a.length === b.length && /^[0-9a-f]*$/.test(a) && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

/** An entry's line: its JSON with the MAC last, over the JSON without it. */
export function sealLine(entry: AuditEntry, key: Buffer): string {
  const { mac: _drop, ...body } = entry;
  const text = JSON.stringify(body);
  return JSON.stringify({ ...body, mac: hmac(key, text) });
}

/**
 * Checks a whole trail file's text: every line parses, counts up, and names its predecessor's
 * digest; with the key, every MAC matches too (entries from before MACs are accepted only ahead of
 * the first MAC'd one).
 */
export function verifyChain(text: string, key: Buffer | null = null): ChainCheck {
  if (text === '') return { ok: true, lines: 0, head: GENESIS };
  const torn = !text.endsWith('\n');
  const lines = text.split('\n');
  if (!torn) lines.pop();
  let prev = GENESIS;
  // A crash mid-write leaves a last line without its newline: say so, whatever it holds.
  const complete = torn ? lines.length - 1 : lines.length;
  const parsed: Array<Partial<AuditEntry>> = [];
  for (let i = 0; i < complete; i++) {
    const line = lines[i]!;
    let entry: Partial<AuditEntry>;
    try {
      entry = JSON.parse(line) as Partial<AuditEntry>;
    } catch {
      return { ok: false, lines: lines.length, head: prev, brokenAt: i + 1, reason: 'line is not JSON' };
    }
    if (entry.prev !== prev)
      return {
        ok: false,
        lines: lines.length,
        head: prev,
        brokenAt: i + 1,
        reason: 'prev does not match the digest of the line before'
      };
    if (entry.seq !== i + 1)
      return {
        ok: false,
        lines: lines.length,
        head: prev,
        brokenAt: i + 1,
        reason: `seq ${entry.seq} where ${i + 1} was expected`
      };
    parsed.push(entry);
    prev = sha256(line);
  }
  if (torn)
    return {
      ok: false,
      lines: lines.length,
      head: prev,
      brokenAt: lines.length,
      reason: 'last line is incomplete (no newline)'
    };
  if (key) {
    let sealed = false;
    for (let i = 0; i < parsed.length; i++) {
      const entry = parsed[i]!;
      if (typeof entry.mac !== 'string') {
        if (sealed)
          return {
            ok: false,
            lines: lines.length,
            head: prev,
            brokenAt: i + 1,
            reason: "entry has no MAC after MAC'd entries (inserted or rewritten)"
          };
        continue;
      }
      sealed = true;
      const { mac, ...body } = entry;
      if (!sameHex(hmac(key, JSON.stringify(body)), mac)) {
        return {
          ok: false,
          lines: lines.length,
          head: prev,
          brokenAt: i + 1,
          reason: 'MAC does not match: the line was rewritten (or the chain re-hashed) without the key'
        };
      }
    }
  }
  return { ok: true, lines: lines.length, head: prev };
}
