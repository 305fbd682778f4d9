/**
 * What only the Neo4j store has to prove: a reload leaves the graph exactly
 * as it was, every node and relationship says where it came from, a load cut
 * short (a failing chunk, a killed process) leaves only whole claims and a
 * rerun finishes it, connection problems are one clear line, and the CLI's
 * `ingest` and `detect --neo4j` work end to end against the real server.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimsBook, Link } from '../../engine/model.js';
import { Neo4jConnectionError } from '../../store/neo4j/connection.js';
import { ALL_LINK_RELS, ENTITY_LABEL, LABELS, LINK_REL, REL_TYPES } from '../../store/neo4j/model.js';
import { Neo4jStore } from '../../store/neo4j/store.js';
import { batchFixture, type Fixture, type Neo4jTarget } from './fixtures.js';

const ROOT = resolve(import.meta.dirname, '../..');
const META = { batchId: 'neo4j-only', loadedAt: '2025-06-30T08:00:00.000Z' };

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>, onSpawn?: (pid: number) => void): Promise<CliRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/ringsight.mjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    if (child.pid) onSpawn?.(child.pid);
  });
}

/** Node count per label and relationship count per type (ringsight's only). */
async function graphCounts(store: Neo4jStore): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const label of LABELS) out[label] = Number((await store.db.query('count-label', {}, { label }))[0]!.n);
  for (const rel of REL_TYPES) out[rel] = Number((await store.db.query('count-rel', {}, { rel }))[0]!.n);
  return out;
}

/** Every stored claim has all its links, its insurer and its region, and nothing else: no half claims. Returns how many are stored. */
async function expectWholeClaims(store: Neo4jStore, book: ClaimsBook): Promise<number> {
  const expected = new Map<string, number>();
  for (const l of book.links) expected.set(l.claim, (expected.get(l.claim) ?? 0) + 1);
  const claims = new Map(book.claims.map((c) => [c.id, c]));
  const { records } = await store.driver.executeQuery(
    `MATCH (c:Claim) RETURN c.id AS id, COUNT { (c)-[:${ALL_LINK_RELS}]->() } AS links, COUNT { (c)-->() } AS all,
       c.insurer AS insurer, c.region AS region`
  );
  const broken = records.filter((r) => {
    const claim = claims.get(r.get('id'));
    return (
      r.get('links') !== (expected.get(r.get('id')) ?? 0) ||
      r.get('all') !== r.get('links') ||
      r.get('insurer') !== claim?.insurer ||
      r.get('region') !== claim?.region
    );
  });
  expect(broken.map((r) => r.get('id'))).toEqual([]);
  return records.length;
}

const oneLine = (text: string): string[] => text.trim().split('\n');

export function neo4jOnly(target: Neo4jTarget): void {
  describe.skipIf(!target.uri)('Neo4jStore only', () => {
    let fx: Fixture;
    let store: Neo4jStore;
    let loaded: Record<string, number>;
    const env = {
      NEO4J_URI: target.uri,
      NEO4J_USER: target.user,
      NEO4J_PASSWORD: target.password,
      NEO4J_DATABASE: 'neo4j'
    };

    beforeAll(async () => {
      fx = await batchFixture();
      store = await Neo4jStore.open({ uri: target.uri, user: target.user, password: target.password });
      await store.clear();
    }, 300_000);

    afterAll(async () => {
      await store?.close();
    });

    it('leaves every node and relationship count unchanged when the same batch is loaded again', async () => {
      await store.ingest(fx.book, META, { batchSize: 700 });
      loaded = await graphCounts(store);
      expect(loaded.Claim).toBe(fx.book.claims.length);
      expect(loaded.Batch).toBe(1);
      await store.ingest(fx.book, { ...META, loadedAt: '2025-07-01T08:00:00.000Z' }, { batchSize: 300 });
      expect(await graphCounts(store)).toEqual(loaded);
    }, 300_000);

    it('records provenance — insurer, batch, load time — on every node and relationship of a load', async () => {
      const { records: nodes } = await store.driver.executeQuery(
        'MATCH (n) WHERE n:Claim OR n:Person OR n:Phone OR n:BankAccount OR n:Vehicle OR n:Hospital OR n:RepairShop OR n:Appraiser ' +
          'OR n:Lawyer OR n:Tow OR n:Watch OR n:Batch ' +
          'RETURN count(n) AS all, count(CASE WHEN n.batch IS NULL OR n.loadedAt IS NULL OR n.insurer IS NULL THEN 1 END) AS missing'
      );
      expect(nodes[0]!.get('all')).toBeGreaterThan(fx.book.claims.length);
      // Watch entries listed by no insurer may lack one; the generated watchlist names one for each.
      expect(nodes[0]!.get('missing')).toBe(0);
      const { records: rels } = await store.driver.executeQuery(
        'MATCH (:Claim)-[r]->() ' +
          'RETURN count(r) AS all, count(CASE WHEN r.batch IS NULL OR r.loadedAt IS NULL OR r.insurer IS NULL THEN 1 END) AS missing'
      );
      expect(rels[0]!.get('all')).toBe(fx.book.links.length);
      expect(rels[0]!.get('missing')).toBe(0);
    }, 120_000);

    it('loads in small chunks, over many segments of shared-entity merges, to the same graph, each entity naming the insurer of the first claim linking to it', async () => {
      await store.clear();
      // 2,500 claims in chunks of 7 with 2 in flight: segments of 32 chunks, 12 first-phase merges.
      await store.ingest(fx.book, META, { batchSize: 7 });
      expect(await graphCounts(store)).toEqual(loaded);
      expect(await expectWholeClaims(store, fx.book)).toBe(fx.book.claims.length);
      const position = new Map(fx.book.claims.map((c, i) => [c.id, i]));
      const first = new Map<string, number>();
      for (const l of fx.book.links) {
        const ref = `${ENTITY_LABEL[l.type]}:${l.key}`;
        const at = position.get(l.claim)!;
        if (!((first.get(ref) ?? Infinity) <= at)) first.set(ref, at);
      }
      const { records } = await store.driver.executeQuery(
        'MATCH (n) WHERE n:Person OR n:Phone OR n:BankAccount OR n:Vehicle OR n:Hospital OR n:RepairShop OR n:Appraiser OR n:Lawyer OR n:Tow ' +
          'RETURN labels(n)[0] AS label, n.key AS key, n.insurer AS insurer'
      );
      expect(records.length).toBe(first.size);
      const wrong = records.filter(
        (r) => fx.book.claims[first.get(`${r.get('label')}:${r.get('key')}`)!]?.insurer !== r.get('insurer')
      );
      expect(wrong.map((r) => `${r.get('label')}:${r.get('key')}`)).toEqual([]);
    }, 300_000);

    it('gives the same graph when the same batch is ingested twice at the same time: no claim gets its links twice', async () => {
      await store.clear();
      const other = await Neo4jStore.open({ uri: target.uri, user: target.user, password: target.password });
      try {
        // Small chunks, different sizes: the two loads interleave on many claims.
        const [a, b] = await Promise.all([
          store.ingest(fx.book, META, { batchSize: 150 }),
          other.ingest(fx.book, META, { batchSize: 110 })
        ]);
        expect(a.added + a.updated + a.unchanged).toBe(fx.book.claims.length);
        expect(b.added + b.updated + b.unchanged).toBe(fx.book.claims.length);
        expect(a.added + b.added).toBe(fx.book.claims.length);
      } finally {
        await other.close();
      }
      expect(await graphCounts(store)).toEqual(loaded);
      expect(await expectWholeClaims(store, fx.book)).toBe(fx.book.claims.length);
    }, 300_000);

    it('leaves only whole claims when a load fails part-way, and a rerun completes it', async () => {
      await store.clear();
      const failing = store.ingest(fx.book, META, {
        batchSize: 500,
        concurrency: 1,
        faultHook: (chunk) => {
          if (chunk === 2) throw new Error('injected fault in chunk 2');
        }
      });
      await expect(failing).rejects.toThrow('injected fault in chunk 2');
      expect(await expectWholeClaims(store, fx.book)).toBe(1000);
      const rerun = await store.ingest(fx.book, META, { batchSize: 500 });
      expect(rerun).toMatchObject({ added: fx.book.claims.length - 1000, updated: 0, unchanged: 1000 });
      expect(await expectWholeClaims(store, fx.book)).toBe(fx.book.claims.length);
      expect(await graphCounts(store)).toEqual(loaded);
    }, 300_000);

    it('merges the entities that neighbouring chunks share before any claim; a failure in the first chunk leaves them and no claim, and a rerun links them', async () => {
      await store.clear();
      const failing = store.ingest(fx.book, META, {
        batchSize: 500,
        concurrency: 1,
        faultHook: (chunk) => {
          if (chunk === 0) throw new Error('injected fault in chunk 0');
        }
      });
      await expect(failing).rejects.toThrow('injected fault in chunk 0');
      const left = await graphCounts(store);
      expect(left.Claim).toBe(0);
      // Providers serve many claims, so some are named by chunks near each other; most people are not.
      expect(left.Hospital! + left.RepairShop!).toBeGreaterThan(0);
      expect(left.Person!).toBeLessThan(loaded.Person!);
      const { records } = await store.driver.executeQuery(
        'MATCH (n) WHERE n:Person OR n:Phone OR n:BankAccount OR n:Vehicle OR n:Hospital OR n:RepairShop OR n:Appraiser OR n:Lawyer OR n:Tow ' +
          'RETURN count(CASE WHEN n.batch IS NULL OR n.loadedAt IS NULL OR n.insurer IS NULL THEN 1 END) AS missing'
      );
      expect(records[0]!.get('missing')).toBe(0);
      const rerun = await store.ingest(fx.book, META, { batchSize: 500 });
      expect(rerun).toMatchObject({ added: fx.book.claims.length, updated: 0, unchanged: 0 });
      expect(await expectWholeClaims(store, fx.book)).toBe(fx.book.claims.length);
      expect(await graphCounts(store)).toEqual(loaded);
    }, 300_000);

    it('leaves only whole claims when the ingest process is killed, and rerunning the command completes it', async () => {
      await store.clear();
      let pid = 0;
      let exited = false;
      const run = cli(['ingest', '--input', fx.dir, '--batch-size', '25', '--quiet'], env, (p) => (pid = p));
      void run.then(() => (exited = true));
      // Kill it (SIGKILL: no cleanup at all) once some chunks are committed, well before the end.
      for (let n = 0; (n < 100 || pid === 0) && !exited;) {
        await new Promise((r) => setTimeout(r, 50));
        n = await store.claimCount();
      }
      if (!exited) process.kill(pid, 'SIGKILL');
      const killed = await run;
      expect(killed.stderr).toBe('');
      expect(killed.code).not.toBe(0);
      const stored = await expectWholeClaims(store, fx.book);
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(fx.book.claims.length);
      const rerun = await cli(['ingest', '--input', fx.dir], env);
      expect(rerun.code).toBe(0);
      expect(await expectWholeClaims(store, fx.book)).toBe(fx.book.claims.length);
      expect(await graphCounts(store)).toEqual({ ...loaded });
    }, 300_000);

    it('ingests a batch end to end from the CLI, and a second run changes nothing', async () => {
      await store.clear();
      const first = await cli(['ingest', '--input', fx.dir, '--batch-size', '700'], env);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain(
        `[load] ${fx.book.claims.length.toLocaleString('en-US')} claims added, 0 updated, 0 unchanged`
      );
      const counts = await graphCounts(store);
      expect(counts).toEqual(loaded);
      const second = await cli(['ingest', '--input', fx.dir], env);
      expect(second.code).toBe(0);
      expect(second.stderr).toContain(
        `[load] 0 claims added, 0 updated, ${fx.book.claims.length.toLocaleString('en-US')} unchanged`
      );
      expect(await graphCounts(store)).toEqual(counts);
      // Progress never shows personal data.
      const personal = fx.book.links
        .filter((l) => l.type === 'person' || l.type === 'phone' || l.type === 'bank_account')
        .map((l) => l.key);
      expect(personal.filter((key) => first.stderr.includes(key) || second.stderr.includes(key))).toEqual([]);
    }, 300_000);

    it('detects from Neo4j from the CLI: the same rings as the embedded path, stored back as one run', async () => {
      const out = mkdtempSync(join(tmpdir(), 'ringsight-detect-'));
      const [fromNeo4j, embedded] = await Promise.all([
        cli(['detect', '--neo4j', '--out', join(out, 'neo4j.json'), '--seed', '7'], env),
        cli(['detect', '--input', fx.dir, '--out', join(out, 'embedded.json'), '--seed', '7', '--quiet'], env)
      ]);
      expect(fromNeo4j.code, fromNeo4j.stderr).toBe(0);
      expect(embedded.code, embedded.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(out, 'neo4j.json'), 'utf8'));
      const reference = JSON.parse(readFileSync(join(out, 'embedded.json'), 'utf8'));
      expect(doc.rings.length).toBeGreaterThan(0);
      expect(JSON.stringify(doc.rings)).toBe(JSON.stringify(reference.rings));
      expect(await store.latestRun()).toEqual(doc);
      const { records } = await store.driver.executeQuery(
        'MATCH (:DetectionRun {id: $id})-[:FOUND]->(g:Ring) RETURN count(DISTINCT g) AS rings, ' +
          'COUNT { MATCH (:DetectionRun {id: $id})-[:FOUND]->(:Ring)-[:INCLUDES]->(c:Claim) RETURN c } AS claims',
        { id: doc.run.id }
      );
      expect(records[0]!.get('rings')).toBe(doc.rings.length);
      expect(records[0]!.get('claims')).toBe(
        doc.rings.reduce((s: number, r: { claims: string[] }) => s + r.claims.length, 0)
      );
    }, 300_000);

    it('runs the Spark engine on the claims in Neo4j: `detect --neo4j --engine spark` gives the rings of the embedded Leiden', async () => {
      const out = mkdtempSync(join(tmpdir(), 'ringsight-detect-spark-'));
      const spark = await cli(
        [
          'detect',
          '--neo4j',
          '--engine',
          'spark',
          '--master',
          'local[2]',
          '--spark-partition',
          'global',
          '--out',
          join(out, 'spark.json'),
          '--seed',
          '7'
        ],
        env
      );
      expect(spark.code, spark.stderr).toBe(0);
      expect(spark.stderr).toMatch(/\[spark\] local\[2\], global: /);
      const embedded = await cli(
        [
          'detect',
          '--input',
          fx.dir,
          '--out',
          join(out, 'embedded.json'),
          '--seed',
          '7',
          '--community',
          'leiden',
          '--quiet'
        ],
        env
      );
      expect(embedded.code, embedded.stderr).toBe(0);
      const doc = JSON.parse(readFileSync(join(out, 'spark.json'), 'utf8'));
      const reference = JSON.parse(readFileSync(join(out, 'embedded.json'), 'utf8'));
      expect(doc.rings.length).toBeGreaterThan(0);
      expect(JSON.stringify(doc.rings)).toBe(JSON.stringify(reference.rings));
      expect(await store.latestRun()).toEqual(doc);
    }, 600_000);

    it("stores each link's role and person as given, a phone's holder too when no Person of the chunk is them", async () => {
      await store.clear();
      const claim = (id: string, insurer: string): ClaimsBook['claims'][number] => ({
        id,
        insurer,
        policyNo: null,
        product: 'auto',
        region: '360100',
        accidentDate: '2024-03-01',
        reportDate: null,
        policyStart: null,
        claimed: 1200,
        paid: null,
        status: null
      });
      const link = (claimId: string, type: Link['type'], key: string, role: string, person: string | null): Link => ({
        claim: claimId,
        type,
        key,
        role,
        person
      });
      const links: Link[] = [
        link('LK-1', 'person', 'P-1', 'insured', 'P-1'),
        link('LK-1', 'phone', 'PH-1', 'insured', 'P-1'),
        link('LK-1', 'phone', 'PH-2', 'witness', 'P-9'), // P-9 is no Person of any claim: sent in $persons
        link('LK-1', 'vehicle', 'V-1', 'insured', null),
        link('LK-2', 'person', 'P-2', 'claimant', 'P-2'),
        link('LK-2', 'bank_account', 'BA-1', 'claimant', 'P-2'),
        link('LK-2', 'bank_account', 'BA-2', 'payee', 'P-8'),
        link('LK-2', 'phone', 'PH-2', 'claimant', 'P-2'),
        link('LK-3', 'repair_shop', 'RS-1', 'repair_shop', null),
        link('LK-3', 'phone', 'PH-1', 'driver', 'P-9')
      ];
      const book: ClaimsBook = {
        claims: [claim('LK-1', 'A'), claim('LK-2', 'B'), claim('LK-3', 'A')],
        links,
        entities: [],
        watchlist: []
      };
      for (const batchSize of [1, 2, 3]) {
        await store.clear();
        await store.ingest(book, META, { batchSize });
        const { records } = await store.driver.executeQuery(
          `MATCH (c:Claim)-[r:${ALL_LINK_RELS}]->(e) RETURN c.id AS claim, type(r) AS rel, e.key AS key, r.role AS role, r.person AS person, r.insurer AS insurer`
        );
        const stored = records
          .map((r) =>
            [r.get('claim'), r.get('rel'), r.get('key'), r.get('role'), r.get('person'), r.get('insurer')].join(' ')
          )
          .sort();
        const insurerOf = new Map(book.claims.map((c) => [c.id, c.insurer]));
        const expected = links
          .map((l) => [l.claim, LINK_REL[l.type], l.key, l.role, l.person ?? '', insurerOf.get(l.claim)].join(' '))
          .sort();
        expect(stored, `batchSize ${batchSize}`).toEqual(expected);
      }
    }, 120_000);

    it('finds the claims of an insurer or a region through an index on the claim, with no Insurer or Region nodes', async () => {
      await store.clear();
      await store.ingest(fx.book, META, {});
      const { records: nodes } = await store.driver.executeQuery(
        'MATCH (n) WHERE n:Insurer OR n:Region RETURN count(n) AS n'
      );
      expect(nodes[0]!.get('n')).toBe(0);
      const region = fx.book.claims[0]!.region;
      const insurer = fx.book.claims[0]!.insurer;
      for (const [property, value] of [
        ['region', region],
        ['insurer', insurer]
      ] as const) {
        const query = `MATCH (c:Claim {${property}: $value}) RETURN c.id AS id ORDER BY id`;
        const explained = await store.driver.executeQuery(`EXPLAIN ${query}`, { value });
        const operators: string[] = [];
        const walk = (plan: { operatorType: string; children: unknown[] }): void => {
          operators.push(plan.operatorType);
          for (const child of plan.children) walk(child as typeof plan);
        };
        walk(explained.summary.plan as unknown as { operatorType: string; children: unknown[] });
        expect(
          operators.some((o) => o.startsWith('NodeIndexSeek')),
          `${property}: ${operators.join(' > ')}`
        ).toBe(true);
        const { records } = await store.driver.executeQuery(query, { value });
        const expected = fx.book.claims
          .filter((c) => c[property] === value)
          .map((c) => c.id)
          .sort();
        expect(expected.length).toBeGreaterThan(0);
        expect(records.map((r) => r.get('id'))).toEqual(expected);
      }
    }, 120_000);

    it('opening a store written with claim → Insurer / Region links deletes those links and nodes, and leaves every claim whole', async () => {
      await store.clear();
      await store.ingest(fx.book, META, {});
      const current = await graphCounts(store);
      // What the loader before this model wrote: a uniqueness constraint per node, one link per claim to each.
      await store.driver.executeQuery(
        'CREATE CONSTRAINT insurer_name IF NOT EXISTS FOR (n:Insurer) REQUIRE n.name IS UNIQUE'
      );
      await store.driver.executeQuery(
        'CREATE CONSTRAINT region_code IF NOT EXISTS FOR (n:Region) REQUIRE n.code IS UNIQUE'
      );
      await store.driver.executeQuery(
        `MATCH (c:Claim) MERGE (i:Insurer {name: c.insurer}) MERGE (g:Region {code: c.region})
         CREATE (c)-[:FILED_WITH {insurer: c.insurer, batch: c.batch, loadedAt: c.loadedAt}]->(i)
         CREATE (c)-[:OCCURRED_IN {insurer: c.insurer, batch: c.batch, loadedAt: c.loadedAt}]->(g)`
      );
      const { records: before } = await store.driver.executeQuery(
        'MATCH ()-[r:FILED_WITH|OCCURRED_IN]->() RETURN count(r) AS n'
      );
      expect(before[0]!.get('n')).toBe(2 * fx.book.claims.length);
      const reopened = await Neo4jStore.open({ uri: target.uri, user: target.user, password: target.password });
      try {
        const { records: left } = await reopened.driver.executeQuery(
          'MATCH (n) WHERE n:Insurer OR n:Region RETURN count(n) AS n UNION ALL MATCH ()-[r:FILED_WITH|OCCURRED_IN]->() RETURN count(r) AS n'
        );
        expect(left.map((r) => r.get('n'))).toEqual([0, 0]);
        const { records: constraints } = await reopened.driver.executeQuery(
          'SHOW CONSTRAINTS YIELD name RETURN collect(name) AS names'
        );
        expect(constraints[0]!.get('names')).not.toContain('insurer_name');
        expect(constraints[0]!.get('names')).not.toContain('region_code');
        expect(await graphCounts(reopened)).toEqual(current);
        expect(await expectWholeClaims(reopened, fx.book)).toBe(fx.book.claims.length);
        // The reload finds every claim unchanged: the links were never part of a claim's fingerprint.
        expect(await reopened.ingest(fx.book, META, {})).toMatchObject({
          added: 0,
          updated: 0,
          unchanged: fx.book.claims.length
        });
      } finally {
        await reopened.close();
      }
    }, 180_000);

    it('refuses a wrong password with one clear line and a non-zero exit, no stack trace', async () => {
      const opening = Neo4jStore.open({ uri: target.uri, user: target.user, password: 'not-the-password' });
      await expect(opening).rejects.toBeInstanceOf(Neo4jConnectionError);
      await expect(opening).rejects.toThrow(
        /^ringsight\/neo4j-connection: Neo4j at \S+ refused user "neo4j": wrong user or password/
      );
      const run = await cli(['ingest', '--input', fx.dir], { ...env, NEO4J_PASSWORD: 'not-the-password' });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(/^ringsight ingest: Neo4j at \S+ refused user "neo4j": wrong user or password/);
    }, 120_000);

    it('says in one line when Neo4j cannot be reached', async () => {
      await expect(Neo4jStore.open({ uri: 'bolt://127.0.0.1:1', connectionTimeoutMs: 2_000 })).rejects.toThrow(
        /^ringsight\/neo4j-connection: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1 /
      );
      const run = await cli(['detect', '--neo4j', '--out', join(tmpdir(), 'never.json')], {
        ...env,
        NEO4J_URI: 'bolt://127.0.0.1:1'
      });
      expect(run.code).toBe(1);
      expect(oneLine(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(
        /^ringsight detect: cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1 .*npx ringsight neo4j start/
      );
    }, 120_000);
  });
}
