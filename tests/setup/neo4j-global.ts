// ringsight vitest globalSetup: gives the test run a real Neo4j 5.26 server over Bolt.
//
// - NEO4J_URI already set: use that server as is (NEO4J_USER / NEO4J_PASSWORD from the
//   environment, defaulting to neo4j / ringsight-dev); nothing is started or stopped.
// - Otherwise: start a throw-away server (store/neo4j/server.ts) on 127.0.0.1:7697
//   (RINGSIGHT_NEO4J_TEST_PORT overrides) with home .neo4j/test (.neo4j/test-<port> on another
//   port) and a wiped data dir, and stop it in teardown.
// The URI and credentials reach tests through `inject('NEO4J_URI')` etc. and process.env.
// Under CI (CI=true) a server that cannot start fails the run; locally it only warns,
// and tests that need Neo4j skip themselves.

import type { TestProject } from 'vitest/node';
import { DEFAULTS, startNeo4j, stopNeo4j } from '../../store/neo4j/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** '' when no server is available (local runs only; CI fails instead). */
    NEO4J_URI: string;
    NEO4J_USER: string;
    NEO4J_PASSWORD: string;
    /** Which store the API suite serves: set per vitest project (vitest.config.ts); unset means embedded. */
    API_STORE?: 'embedded' | 'neo4j';
  }
}

export const TEST_HOME = '.neo4j/test';
export const TEST_PORT = 7697;

const isCI = (): boolean => !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const publish = (uri: string, user: string, password: string): void => {
    project.provide('NEO4J_URI', uri);
    project.provide('NEO4J_USER', user);
    project.provide('NEO4J_PASSWORD', password);
    if (uri) {
      process.env.NEO4J_URI = uri;
      process.env.NEO4J_USER = user;
      process.env.NEO4J_PASSWORD = password;
    }
  };

  if (process.env.NEO4J_URI) {
    publish(
      process.env.NEO4J_URI,
      process.env.NEO4J_USER ?? DEFAULTS.user,
      process.env.NEO4J_PASSWORD ?? DEFAULTS.password
    );
    return;
  }

  const boltPort = Number(process.env.RINGSIGHT_NEO4J_TEST_PORT ?? TEST_PORT);
  const opts = {
    // A run on another port gets a home of its own: two runs on one machine must not share (and
    // wipe, `fresh`) one data directory, and the server refuses a home running on another port.
    home: boltPort === TEST_PORT ? TEST_HOME : `${TEST_HOME}-${boltPort}`,
    boltPort,
    fresh: true
  };
  let pid: number;
  let ours = true;
  try {
    const server = await startNeo4j(opts);
    pid = server.pid;
    // Another run on this machine started it: use it, but leave stopping it to that run.
    ours = !server.alreadyRunning;
    publish(server.uri, DEFAULTS.user, DEFAULTS.password);
  } catch (e) {
    if (isCI()) throw e;
    process.stderr.write(
      `\n[neo4j-global] WARNING: no Neo4j for this run; Neo4j tests will be skipped.\n${(e as Error).message}\n\n`
    );
    publish('', DEFAULTS.user, DEFAULTS.password);
    return;
  }
  // Vitest skips teardown when interrupted (Ctrl-C); the JVM is detached, so at least
  // ask it to shut down cleanly (its SIGTERM hook) as this process exits.
  const onExit = (): void => {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  if (!ours) return;
  process.once('exit', onExit);
  return async () => {
    process.off('exit', onExit);
    await stopNeo4j(opts);
  };
}
