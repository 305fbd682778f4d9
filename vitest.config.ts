// vitest configuration: one run covers unit, store-contract (real Neo4j), API and browser tests,
// and the API suite a second time on the real Neo4j store.
import { defineConfig } from 'vitest/config';

// Per project (projects do not inherit these from the root unless they extend it, and extending
// would also inherit — and rerun — the root's globalSetup).
const common = {
  testTimeout: 60_000,
  hookTimeout: 180_000,
  pool: 'forks' as const
};

export default defineConfig({
  test: {
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    // Starts a real local Neo4j (127.0.0.1:7697) unless NEO4J_URI points at one; under CI a failed start fails the run.
    // Run once for the whole run: its URI and credentials reach every project through inject().
    globalSetup: ['./tests/setup/neo4j-global.ts'],
    projects: [
      {
        test: {
          ...common,
          name: 'main',
          include: ['tests/**/*.test.ts'],
          // Two cores: files run in parallel forks, the Neo4j server is shared and started once.
          maxWorkers: 2
        }
      },
      {
        // The same API test files, every app on a Neo4jStore (tests/api/helpers.ts reads API_STORE).
        // Its own group, after 'main', one file at a time: every file holds the Neo4j test lock for
        // its whole run, so a second fork would only wait for it; the server itself is the other core.
        // perf.test.ts stays embedded-only: it checks the API over a 100,000-claim in-memory book,
        // and loading that into Neo4j for every run would cost minutes and prove nothing about the API.
        test: {
          ...common,
          name: 'api-neo4j',
          // tests/security: the hostile-caller suite (issue 16), on both stores like the API files.
          include: ['tests/api/*.test.ts', 'tests/security/*.test.ts'],
          exclude: ['tests/api/perf.test.ts'],
          provide: { API_STORE: 'neo4j' },
          sequence: { groupOrder: 1 },
          maxWorkers: 1
        }
      }
    ]
  }
});
