/**
 * ringsight/api/policy/tokens
 * ===========================
 *
 * Bearer tokens: loading the configured list and matching a presented token.
 *
 * Configuration (a JSON array, from a file and/or the RINGSIGHT_TOKENS
 * environment variable):
 *
 *   [{"name":"wang.li","role":"analyst","tokenSha256":"<64 hex>"},
 *    {"name":"picc-claims","role":"insurer","insurer":"PICC","tokenSha256":"<64 hex>"}]
 *
 * Only SHA-256 digests are configured, so a leaked config file grants nothing;
 * a token is a high-entropy random string (see generateToken), which is why
 * a plain hash (no salt, no KDF) is enough. Matching compares digests with
 * crypto.timingSafeEqual against every configured entry, without early exit.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ROLES, type Principal, type Role } from './roles.js';
import { EXIT, RingsightError } from '../../engine/errors.js';

export interface TokenRecord {
  name: string;
  role: Role;
  insurer?: string | null;
  tokenSha256: string;
}

export class TokenConfigError extends RingsightError {
  constructor(message: string) {
    super('bad_tokens', `ringsight/api/tokens: ${message}`, EXIT.usage);
  }
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new random token (256 bits, base64url) — print it once, configure only its hash. */
export function generateToken(): string {
  return 'rs_' + randomBytes(32).toString('base64url');
}

export function parseTokens(json: string, source: string): TokenRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new TokenConfigError(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const tokens = validateTokens(value, source);
  assertUnique(tokens);
  return tokens;
}

export function validateTokens(value: unknown, source: string): TokenRecord[] {
  if (!Array.isArray(value))
    throw new TokenConfigError(`${source} must be a JSON array of {name, role, insurer?, tokenSha256}`);
  return value.map((entry, i) => {
    const where = `${source}[${i}]`;
    if (typeof entry !== 'object' || entry === null) throw new TokenConfigError(`${where} must be an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== 'string' || !/^[\p{L}\p{N}._@-]{1,64}$/u.test(e.name)) {
      throw new TokenConfigError(`${where}.name must be 1-64 letters, digits or . _ @ -`);
    }
    if (typeof e.role !== 'string' || !(ROLES as readonly string[]).includes(e.role)) {
      throw new TokenConfigError(`${where}.role must be one of ${ROLES.join(' | ')}`);
    }
    if (typeof e.tokenSha256 !== 'string' || !/^[0-9a-fA-F]{64}$/.test(e.tokenSha256)) {
      throw new TokenConfigError(
        `${where}.tokenSha256 must be the 64-hex-digit SHA-256 of the token (never the token itself)`
      );
    }
    const insurer = typeof e.insurer === 'string' && e.insurer.trim() !== '' ? e.insurer.trim() : null;
    if (e.role === 'insurer' && !insurer)
      throw new TokenConfigError(`${where}: role insurer needs "insurer" (the insurer value its claims carry)`);
    if (e.role !== 'insurer' && insurer) throw new TokenConfigError(`${where}: only role insurer may carry "insurer"`);
    return { name: e.name, role: e.role as Role, insurer, tokenSha256: e.tokenSha256.toLowerCase() };
  });
}

/** Tokens from a file and/or the environment variable; names and digests must be unique across both. */
export function loadTokens(sources: { file?: string | null; env?: string | null }): TokenRecord[] {
  const all: TokenRecord[] = [];
  if (sources.file) {
    let text: string;
    try {
      text = readFileSync(sources.file, 'utf8');
    } catch (err) {
      throw new TokenConfigError(
        `cannot read tokens file ${sources.file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`
      );
    }
    all.push(...parseTokens(text, sources.file));
  }
  if (sources.env) all.push(...parseTokens(sources.env, 'RINGSIGHT_TOKENS'));
  assertUnique(all);
  return all;
}

export function assertUnique(tokens: readonly TokenRecord[]): void {
  const names = new Set<string>();
  const digests = new Set<string>();
  for (const t of tokens) {
    if (names.has(t.name)) throw new TokenConfigError(`token name "${t.name}" is configured twice`);
    if (digests.has(t.tokenSha256)) throw new TokenConfigError(`two token entries share one digest (${t.name})`);
    names.add(t.name);
    digests.add(t.tokenSha256);
  }
}

export class TokenTable {
  private readonly entries: Array<{ digest: Buffer; principal: Principal }>;

  constructor(tokens: readonly TokenRecord[]) {
    const checked = validateTokens(tokens, 'tokens option');
    assertUnique(checked);
    this.entries = checked.map((t) => ({
      digest: Buffer.from(t.tokenSha256, 'hex'),
      principal: Object.freeze({ name: t.name, role: t.role, insurer: t.insurer ?? null })
    }));
  }

  get size(): number {
    return this.entries.length;
  }

  /** The principal a presented token belongs to, or null. Visits every entry whatever matches. */
  match(token: string): Principal | null {
    const presented = createHash('sha256').update(token, 'utf8').digest();
    let found: Principal | null = null;
    for (const e of this.entries) {
      if (timingSafeEqual(presented, e.digest) && found === null) found = e.principal;
    }
    return found;
  }
}
