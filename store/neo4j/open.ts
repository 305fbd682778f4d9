/**
 * ringsight/store/neo4j/open
 * ==========================
 *
 * The one-call way for commands and the API to get the Neo4j store: connection
 * from NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE (over the
 * defaults, under explicit overrides), login checked, schema ensured. Failures
 * to connect are a one-line Neo4jConnectionError.
 */
import { connectionOptions, type ConnectionOptions } from './connection.js';
import { Neo4jStore } from './store.js';

export { Neo4jConnectionError } from './connection.js';

export async function openNeo4jStoreFromEnv(
  overrides: Partial<ConnectionOptions> = {},
  env: NodeJS.ProcessEnv = process.env
): Promise<Neo4jStore> {
  return Neo4jStore.open(connectionOptions(overrides, env));
}
