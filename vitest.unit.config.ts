// vitest configuration for the inner loop: the suites that need no server (engine, ingest, datasets, CLI),
// without the Neo4j global setup, so `npm run test:unit` takes seconds. `npm test` runs everything.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'tests/engine/**/*.test.ts',
      'tests/ingest/**/*.test.ts',
      'tests/datasets/**/*.test.ts',
      'tests/cli/**/*.test.ts',
      'tests/meta/**/*.test.ts'
    ],
    testTimeout: 60_000,
    // As in vitest.config.ts: a beforeAll that generates a world takes more than vitest's 10 s on a busy machine.
    hookTimeout: 180_000,
    pool: 'forks'
  }
});
