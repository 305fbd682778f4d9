/**
 * Store tests: the RingStore contract against both stores, then what only
 * the Neo4j store must prove. Everything that touches the test Neo4j lives in
 * this one file, so it runs in one fork, test after test; files in other forks
 * that also write ringsight data into that server take the same lock
 * (neo4j-lock.ts), so no two suites ever clear or count each other's graph.
 */
import { afterAll, beforeAll } from 'vitest';
import { EmbeddedStore } from '../../store/embedded.js';
import { Neo4jStore } from '../../store/neo4j/store.js';
import { storeContract } from './contract.js';
import { neo4jTarget } from './fixtures.js';
import { lockNeo4j } from './neo4j-lock.js';
import { neo4jOnly } from './neo4j-only.js';

const target = neo4jTarget();
let release: (() => void) | null = null;

beforeAll(async () => {
  if (target.uri) release = await lockNeo4j(target.uri);
}, 900_000);

afterAll(() => {
  release?.();
});

storeContract({
  name: 'EmbeddedStore',
  open: async () => new EmbeddedStore(),
  reset: async (store) => {
    await store.close();
    return new EmbeddedStore();
  }
});

storeContract({
  name: 'Neo4jStore',
  skip: !target.uri,
  open: () => Neo4jStore.open({ uri: target.uri, user: target.user, password: target.password }),
  reset: async (store) => {
    await (store as Neo4jStore).clear();
    return store;
  }
});

neo4jOnly(target);
