/**
 * ringsight/api/policy/handles
 * ============================
 *
 * Opaque handles for masked keys. A masked view cannot use `person:<ID>` as a
 * node id (that is the ID), nor `person:360102********123X` (two people can
 * mask alike). It gets `person:~<handle>` instead: the key encrypted under a
 * server secret, so the viewer can still click through to
 * `/api/entities/person/~<handle>` without ever holding the ID.
 *
 * Deterministic (SIV-style: the IV is an HMAC of the plaintext), so one key
 * always yields one handle and graphs from different calls join up; AES-GCM
 * with the entity type as associated data, so a person handle cannot be
 * replayed as a phone and a forged handle fails authentication.
 *
 * Keyed per caller: `forPrincipal(name)` derives the caller's own keys from
 * the server secret, so one token's handles mean nothing to another token and
 * cannot be compared across callers (a handle seen by one caller never equals
 * a lookup result shown to another). Responses and handle lookups always use
 * the caller's handles (Presenter does; routes open with the same).
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export class Handles {
  private readonly encKey: Buffer;
  private readonly ivKey: Buffer;
  private readonly scoped = new Map<string, Handles>();

  /** `secret`: ≥ 32 bytes; random per process when omitted (handles then die with the process). */
  constructor(private readonly secret: Buffer = randomBytes(32)) {
    if (secret.length < 32) throw new Error('ringsight/api/handles: the handle secret must be at least 32 bytes');
    this.encKey = createHmac('sha256', secret).update('ringsight handle enc').digest();
    this.ivKey = createHmac('sha256', secret).update('ringsight handle iv').digest();
  }

  /** The handles of one caller (token name): keys derived from the server secret and the name. */
  forPrincipal(name: string): Handles {
    let h = this.scoped.get(name);
    if (!h) {
      h = new Handles(createHmac('sha256', this.secret).update(`ringsight handle principal\u0000${name}`).digest());
      this.scoped.set(name, h);
    }
    return h;
  }

  static isHandle(key: string): boolean {
    return key.startsWith('~');
  }

  seal(kind: string, key: string): string {
    const iv = createHmac('sha256', this.ivKey).update(`${kind}\u0000${key}`).digest().subarray(0, IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(Buffer.from(kind, 'utf8'));
    const body = Buffer.concat([cipher.update(key, 'utf8'), cipher.final()]);
    return '~' + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The key behind a handle of this kind, or null when it is malformed, forged or of another kind. */
  open(kind: string, handle: string): string | null {
    if (!Handles.isHandle(handle) || !/^~[A-Za-z0-9_-]+$/.test(handle)) return null;
    const raw = Buffer.from(handle.slice(1), 'base64url');
    if (raw.length <= IV_BYTES + TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(kind, 'utf8'));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final()
      ]).toString('utf8');
    } catch {
      return null;
    }
  }
}
