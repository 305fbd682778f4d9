/**
 * Test helper: builds claims books directly (no files) for engine tests.
 */
import type { Claim, ClaimsBook, EntityType, Link, Ring } from '../../engine/model.js';
import { residentId } from './batch.js';

export class BookBuilder {
  readonly book: ClaimsBook = { claims: [], links: [], entities: [], watchlist: [] };

  claim(id: string, extra: Partial<Claim> = {}): this {
    this.book.claims.push({
      id,
      insurer: 'PICC',
      policyNo: null,
      product: 'auto',
      region: '360102',
      accidentDate: '2024-03-01',
      reportDate: '2024-03-03',
      policyStart: '2022-01-01',
      claimed: 10000,
      paid: 8000,
      status: 'paid',
      ...extra
    });
    return this;
  }

  link(claim: string, type: EntityType, key: string, role: string, person: string | null = null): this {
    const l: Link = { claim, type, key, role, person: type === 'person' ? key : person };
    this.book.links.push(l);
    return this;
  }

  /** A party: person plus optional phone and bank account given for them. */
  party(claim: string, role: string, person: string, phone?: string, bank?: string): this {
    this.link(claim, 'person', person, role);
    if (phone) this.link(claim, 'phone', phone, role, person);
    if (bank) this.link(claim, 'bank_account', bank, role, person);
    return this;
  }
}

let seq = 0;
export function person(district = '360102'): string {
  seq++;
  return residentId(district, `19${60 + (seq % 40)}-0${1 + (seq % 9)}-1${seq % 9}`, seq % 1000);
}

export function phone(n: number): string {
  return `139${String(n).padStart(8, '0')}`;
}

/** The same book with claims and links in a seeded, shuffled order (a store hands records out in any order). */
export function shuffled(book: ClaimsBook, seed: number): ClaimsBook {
  const shuffle = <T>(xs: T[]): T[] => {
    const out = [...xs];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { ...book, claims: shuffle(book.claims), links: shuffle(book.links) };
}

/** The ring holding a claim, if any. */
export const ringWith = (rings: Ring[], claim: string): Ring | undefined => rings.find((r) => r.claims.includes(claim));

/** A signal's contribution to a ring's score (0 when it did not fire). */
export const contribution = (ring: Ring | undefined, signal: string): number =>
  ring?.evidence.find((e) => e.signal === signal)?.contribution ?? 0;
