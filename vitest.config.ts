// vitest configuration: one run covers unit, store-contract (real Neo4j), API and browser tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two cores: files run in parallel forks, the Neo4j server is shared and started once.
    pool: 'forks',
    maxWorkers: 2,
    // The JSON report lets .ci/run print a plain 'N passed, N failed' closing line.
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest.json' }]],
    // Starts a real local Neo4j (127.0.0.1:7697) unless NEO4J_URI points at one; under CI a failed start fails the run.
    globalSetup: ['./tests/setup/neo4j-global.ts']
  }
});
