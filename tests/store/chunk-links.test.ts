/**
 * A chunk's links travel to `chunk-load` as two numbers each. Decoding them
 * the way the statement does must give back every link — claim, entity, role,
 * person — in (entity, claim) order. No server: the encoding is pure.
 */
import { describe, expect, it } from 'vitest';
import type { EntityType, Link } from '../../engine/model.js';
import { ChunkLinksError, encodeLinks, type ChunkLinks } from '../../store/neo4j/chunk-links.js';
import { ENTITY_TYPES } from '../../store/neo4j/model.js';

const link = (claim: string, type: EntityType, key: string, role: string, person: string | null): Link => ({
  claim,
  type,
  key,
  role,
  person
});

/** Positions of each type's keys in key order, as the load lists a chunk's entities. */
function positions(links: readonly Link[]): Array<Map<string, number>> {
  return ENTITY_TYPES.map(
    (t) => new Map([...new Set(links.filter((l) => l.type === t).map((l) => l.key))].sort().map((k, i) => [k, i]))
  );
}

/** What cypher/chunk-load.cypher does with the numbers, in TypeScript. */
function decode(encoded: ChunkLinks, claims: readonly string[], at: Array<Map<string, number>>): string[] {
  const personKeys = [...at[ENTITY_TYPES.indexOf('person')]!.keys()];
  const out: string[] = [];
  encoded.links.forEach((flat, t) => {
    const keys = [...at[t]!.keys()];
    for (let i = 0; i < flat.length; i += 2) {
      const [a, b] = [flat[i]!, flat[i + 1]!];
      const n = a % claims.length;
      const e = Math.floor(a / claims.length);
      const r = b % encoded.roles.length;
      const p = Math.floor(b / encoded.roles.length);
      const person = p === 0 ? null : p % 2 === 1 ? personKeys[(p - 1) / 2] : encoded.persons[p / 2 - 1];
      out.push(`${claims[n]} ${ENTITY_TYPES[t]} ${keys[e]} ${encoded.roles[r]} ${person}`);
    }
  });
  return out;
}

const LINKS: Link[] = [
  link('C1', 'person', 'P-2', 'insured', 'P-2'),
  link('C1', 'phone', 'PH-1', 'insured', 'P-2'),
  link('C1', 'phone', 'PH-2', 'witness', 'P-9'),
  link('C1', 'vehicle', 'V-1', 'insured', null),
  link('C2', 'person', 'P-1', 'claimant', 'P-1'),
  link('C2', 'phone', 'PH-1', 'claimant', 'P-1'),
  link('C2', 'bank_account', 'BA-1', 'payee', 'P-8'),
  link('C3', 'repair_shop', 'RS-1', 'repair_shop', null),
  link('C3', 'bank_account', 'BA-1', 'payee', 'P-9')
];
const CLAIMS = ['C1', 'C2', 'C3'];
const linksOf = CLAIMS.map((id) => LINKS.filter((l) => l.claim === id));

describe('encodeLinks', () => {
  it('gives back every link — claim, entity, role, person — when decoded as chunk-load does', () => {
    const at = positions(LINKS);
    const encoded = encodeLinks(linksOf, at);
    expect(decode(encoded, CLAIMS, at).sort()).toEqual(
      LINKS.map((l) => `${l.claim} ${l.type} ${l.key} ${l.role} ${l.person}`).sort()
    );
  });

  it('sends each role once, and only the persons who are no Person of the chunk', () => {
    const encoded = encodeLinks(linksOf, positions(LINKS));
    expect(encoded.roles).toEqual(['insured', 'witness', 'claimant', 'payee', 'repair_shop']);
    expect(encoded.persons).toEqual(['P-9', 'P-8']);
  });

  it("orders each type's links by entity, then claim (the order nodes are locked in)", () => {
    const at = positions(LINKS);
    const encoded = encodeLinks(linksOf, at);
    const phones = decode(
      { ...encoded, links: encoded.links.map((l, t) => (ENTITY_TYPES[t] === 'phone' ? l : [])) },
      CLAIMS,
      at
    );
    expect(phones.map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual([
      'C1 phone PH-1',
      'C2 phone PH-1',
      'C1 phone PH-2'
    ]);
  });

  it('sends no numbers for a chunk without links', () => {
    const encoded = encodeLinks(
      [[], []],
      ENTITY_TYPES.map(() => new Map())
    );
    expect(encoded.links.every((l) => l.length === 0)).toBe(true);
    expect(encoded.roles).toEqual([]);
  });

  it("refuses a link to an entity missing from the chunk's lists, and a chunk too large to number exactly", () => {
    const at = positions(LINKS);
    at[ENTITY_TYPES.indexOf('phone')]!.delete('PH-2');
    expect(() => encodeLinks(linksOf, at)).toThrow(ChunkLinksError);
    expect(() => encodeLinks(linksOf, at)).toThrow(/^ringsight\/neo4j-chunk-links: claim C1 links phone "PH-2"/);
    const huge = positions(LINKS);
    const shops = huge[ENTITY_TYPES.indexOf('repair_shop')]!;
    Object.defineProperty(shops, 'size', { get: () => 2 ** 52 });
    expect(() => encodeLinks(linksOf, huge)).toThrow(/too large to address its links; lower batchSize/);
  });
});
