/**
 * ringsight/store/neo4j/db
 * ========================
 *
 * The thin layer every Neo4j module talks through: named statements from
 * cypher/ run in managed read or write transactions on one database, rows
 * returned as plain objects. Lost connections and rejected logins surface as
 * one-line Neo4jConnectionErrors.
 */
import neo4j, { type Driver, type Integer, type ManagedTransaction } from 'neo4j-driver';
import { cypher as library, type CypherLibrary, type Fill } from './cypher.js';
import { describeError } from './connection.js';

export type Row = Record<string, unknown>;

/** JS numbers travel as floats; LIMIT and friends need a Cypher INTEGER. */
export function int(n: number): Integer {
  return neo4j.int(Math.trunc(n));
}

export interface DbTarget {
  uri: string;
  user: string;
  database: string;
}

export class Db {
  constructor(
    readonly driver: Driver,
    readonly target: DbTarget,
    readonly cypher: CypherLibrary = library
  ) {}

  /** Runs a named statement inside a transaction and returns its rows. */
  async run(
    tx: ManagedTransaction,
    name: string,
    params: Record<string, unknown> = {},
    fill: Fill = {}
  ): Promise<Row[]> {
    const result = await tx.run(this.cypher.statement(name, fill), params);
    return result.records.map((r) => r.toObject() as Row);
  }

  async write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: 'WRITE' });
    try {
      return await session.executeWrite(work);
    } catch (err) {
      throw this.translate(err);
    } finally {
      await session.close().catch(() => {});
    }
  }

  /** `fetchSize`: records per round trip (the driver's default is 1,000; bulk reads want whole pages). */
  async read<T>(work: (tx: ManagedTransaction) => Promise<T>, options: { fetchSize?: number } = {}): Promise<T> {
    const session = this.driver.session({ database: this.target.database, defaultAccessMode: 'READ', ...options });
    try {
      return await session.executeRead(work);
    } catch (err) {
      throw this.translate(err);
    } finally {
      await session.close().catch(() => {});
    }
  }

  /** One named statement in its own read transaction. */
  async query(name: string, params: Record<string, unknown> = {}, fill: Fill = {}): Promise<Row[]> {
    return this.read((tx) => this.run(tx, name, params, fill));
  }

  /** Connection-level failures become one-line errors; anything else (a Cypher bug) passes through. */
  private translate(err: unknown): unknown {
    const code = (err as { code?: string }).code ?? '';
    if (code === 'ServiceUnavailable' || code === 'SessionExpired' || code.startsWith('Neo.ClientError.Security.')) {
      return describeError(err, this.target);
    }
    return err;
  }
}
