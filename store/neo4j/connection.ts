/**
 * ringsight/store/neo4j/connection
 * ================================
 *
 * Where the Neo4j store connects and how: options from flags over the
 * NEO4J_* environment over DEFAULTS, one driver per store, and every failure
 * to reach or log in to the server turned into one plain line
 * (Neo4jConnectionError) — users see what to fix, never a stack trace.
 */
import neo4j, { type Driver } from 'neo4j-driver';

export const DEFAULTS = {
  uri: 'bolt://127.0.0.1:7687',
  user: 'neo4j',
  password: 'ringsight-dev',
  database: 'neo4j',
  /** How long to wait for a connection before calling the server unreachable. */
  connectionTimeoutMs: 5_000,
  /** How long the driver retries a transaction on transient errors (a deadlock, a lost connection). */
  maxRetryTimeMs: 30_000
};

export type ConnectionOptions = typeof DEFAULTS;

export class Neo4jConnectionError extends Error {
  constructor(
    message: string,
    readonly code: string | null = null
  ) {
    super(`ringsight/neo4j-connection: ${message}`);
  }
}

/** Options from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE), then `overrides`. */
export function connectionOptions(
  overrides: Partial<ConnectionOptions> = {},
  env: NodeJS.ProcessEnv = process.env
): ConnectionOptions {
  const fromEnv: Partial<ConnectionOptions> = {};
  if (env.NEO4J_URI) fromEnv.uri = env.NEO4J_URI;
  if (env.NEO4J_USER) fromEnv.user = env.NEO4J_USER;
  if (env.NEO4J_PASSWORD !== undefined) fromEnv.password = env.NEO4J_PASSWORD;
  if (env.NEO4J_DATABASE) fromEnv.database = env.NEO4J_DATABASE;
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...DEFAULTS, ...fromEnv, ...defined };
}

/** A driver that has proved it can reach the server, log in and open the database. */
export async function connect(options: Partial<ConnectionOptions> = {}): Promise<Driver> {
  const o = { ...DEFAULTS, ...options };
  let driver: Driver;
  try {
    driver = neo4j.driver(o.uri, neo4j.auth.basic(o.user, o.password), {
      connectionTimeout: o.connectionTimeoutMs,
      connectionAcquisitionTimeout: o.connectionTimeoutMs * 4,
      maxTransactionRetryTime: o.maxRetryTimeMs,
      // Amounts and counts fit a double; lossless Integer objects would leak into the engine.
      disableLosslessIntegers: true,
      logging: { level: 'error', logger: () => {} }
    });
  } catch (err) {
    throw new Neo4jConnectionError(`invalid Neo4j URI "${o.uri}": ${firstLine(err)}`);
  }
  try {
    await driver.verifyConnectivity({ database: o.database });
    // verifyConnectivity does not open the database; a trivial query does.
    await driver.executeQuery('RETURN 1', {}, { database: o.database });
  } catch (err) {
    await driver.close().catch(() => {});
    throw describeError(err, o);
  }
  return driver;
}

/** One line saying what went wrong talking to Neo4j, and what to do about it. */
export function describeError(
  err: unknown,
  o: Pick<ConnectionOptions, 'uri' | 'user' | 'database'>
): Neo4jConnectionError {
  const code = (err as { code?: string }).code ?? null;
  const where = `Neo4j at ${o.uri}`;
  if (code === 'Neo.ClientError.Security.Unauthorized' || code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new Neo4jConnectionError(
      `${where} refused user "${o.user}": wrong user or password (set NEO4J_USER / NEO4J_PASSWORD or --user / --password)`,
      code
    );
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new Neo4jConnectionError(
      `${where} has no database "${o.database}" (set NEO4J_DATABASE or --database)`,
      code
    );
  }
  if (
    code === 'ServiceUnavailable' ||
    code === 'SessionExpired' ||
    /connect|ECONNREFUSED|ETIMEDOUT|closed/i.test(firstLine(err))
  ) {
    return new Neo4jConnectionError(
      `cannot reach ${where} (is it running? try \`npx ringsight neo4j start\`, or set NEO4J_URI / --uri)`,
      code
    );
  }
  return new Neo4jConnectionError(`${where}: ${firstLine(err)}`, code);
}

function firstLine(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n')[0]!.trim();
}
