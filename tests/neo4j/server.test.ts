// Smoke test for the local Neo4j server from tests/setup/neo4j-global.ts: Bolt, auth,
// and a real write transaction that a separate read transaction sees.

import neo4j, { type Driver } from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const uri = inject('NEO4J_URI') || process.env.NEO4J_URI || '';
const user = inject('NEO4J_USER') || process.env.NEO4J_USER || 'neo4j';
const password = inject('NEO4J_PASSWORD') ?? process.env.NEO4J_PASSWORD ?? '';

if (!uri && process.env.CI && process.env.CI !== 'false') {
  throw new Error('NEO4J_URI is not set under CI: is tests/setup/neo4j-global.ts registered as globalSetup?');
}

describe.skipIf(!uri)('neo4j server (real Bolt)', () => {
  let driver: Driver;

  beforeAll(async () => {
    driver = neo4j.driver(uri, neo4j.auth.basic(user, password));
    await driver.verifyConnectivity();
  });

  afterAll(async () => {
    await driver?.close();
  });

  it('answers RETURN 1 on Neo4j 5.26', async () => {
    const { records, summary } = await driver.executeQuery('RETURN 1 AS one');
    expect(records[0]!.get('one').toNumber()).toBe(1);
    expect(summary.server.agent).toMatch(/^Neo4j\/5\.26\./);
  });

  it('commits a write transaction that a later read transaction sees', async () => {
    const tag = `smoke-${process.pid}-${Date.now()}`;
    const session = driver.session();
    try {
      const created = await session.executeWrite(async (tx) => {
        const res = await tx.run(
          'CREATE (a:SmokeClaim {tag: $tag, n: 1})-[:LINKED]->(b:SmokeClaim {tag: $tag, n: 2}) RETURN count(*) AS c',
          { tag }
        );
        return res.records[0]!.get('c').toNumber();
      });
      expect(created).toBe(1);

      const seen = await session.executeRead(async (tx) => {
        const res = await tx.run(
          'MATCH (a:SmokeClaim {tag: $tag})-[:LINKED]->(b:SmokeClaim {tag: $tag}) RETURN a.n AS a, b.n AS b',
          { tag }
        );
        return res.records.map((r) => [r.get('a').toNumber(), r.get('b').toNumber()]);
      });
      expect(seen).toEqual([[1, 2]]);

      // A rolled-back transaction leaves nothing behind.
      const tx = session.beginTransaction();
      await tx.run('CREATE (:SmokeClaim {tag: $tag, n: 3})', { tag });
      await tx.rollback();
      const count = await session.executeRead(async (t) =>
        (await t.run('MATCH (n:SmokeClaim {tag: $tag}) RETURN count(n) AS c', { tag })).records[0]!.get('c').toNumber()
      );
      expect(count).toBe(2);
    } finally {
      await session.executeWrite((tx) => tx.run('MATCH (n:SmokeClaim {tag: $tag}) DETACH DELETE n', { tag }));
      await session.close();
    }
  });
});
