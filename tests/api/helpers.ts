/**
 * Test helpers for the API: an app with one token per role, auth headers,
 * and a small batch with two planted rings — ring A spans PICC, CPIC and
 * PINGAN across three prefectures; ring B holds only CPIC and PINGAN claims
 * (so PICC's insurer token must not see it) — plus unrelated claims.
 *
 * The store behind every app: the same test files run twice, once per vitest
 * project (vitest.config.ts). The default project serves the embedded store;
 * the `api-neo4j` project provides API_STORE = 'neo4j', and then every app
 * made here serves a Neo4jStore on the shared test server from
 * tests/setup/neo4j-global.ts, emptied first — so each app starts from
 * nothing, exactly like a new EmbeddedStore. Importing this module in that
 * project also makes the importing test file hold the Neo4j test lock
 * (tests/store/neo4j-lock.ts) from its first hook to its last: the store
 * contract suite and other files clear and count the whole graph. Without a
 * server the Neo4j variant fails under CI and is skipped, with a note, locally.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { buildApp, type App, type AppOptions } from '../../api/app.js';
import { hashToken, type TokenRecord } from '../../api/policy/tokens.js';
import { EmbeddedStore } from '../../store/embedded.js';
import { Neo4jStore } from '../../store/neo4j/store.js';
import type { RingStore } from '../../store/types.js';
import { claim, csv, residentId, type Rows } from '../helpers/batch.js';
import { neo4jTarget, type Neo4jTarget } from '../store/fixtures.js';
import { lockNeo4j } from '../store/neo4j-lock.js';

export const TOKENS = {
  admin: 'tok-admin-0123456789',
  analyst: 'tok-analyst-0123456789',
  picc: 'tok-insurer-picc-0123456789',
  cpic: 'tok-insurer-cpic-0123456789',
  police: 'tok-police-0123456789',
  auditor: 'tok-auditor-0123456789'
} as const;
export type Who = keyof typeof TOKENS;

export const TOKEN_RECORDS: TokenRecord[] = [
  { name: 'ada.admin', role: 'admin', tokenSha256: hashToken(TOKENS.admin) },
  { name: 'wang.analyst', role: 'analyst', tokenSha256: hashToken(TOKENS.analyst) },
  { name: 'picc-claims', role: 'insurer', insurer: 'PICC', tokenSha256: hashToken(TOKENS.picc) },
  { name: 'cpic-claims', role: 'insurer', insurer: 'CPIC', tokenSha256: hashToken(TOKENS.cpic) },
  { name: 'li.police', role: 'police', tokenSha256: hashToken(TOKENS.police) },
  { name: 'zhao.auditor', role: 'auditor', tokenSha256: hashToken(TOKENS.auditor) }
];

export const as = (who: Who, extra: Record<string, string> = {}): Record<string, string> => ({
  authorization: `Bearer ${TOKENS[who]}`,
  ...extra
});

export function tempDir(prefix = 'ringsight-api-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The store this run of the API suite serves ('neo4j' in the api-neo4j vitest project). */
export const STORE: RingStore['kind'] = inject('API_STORE') === 'neo4j' ? 'neo4j' : 'embedded';

// Under CI neo4jTarget() throws when there is no server: the Neo4j variant fails, never skips.
const target: Neo4jTarget | null = STORE === 'neo4j' ? neo4jTarget() : null;
let schemaReady = false;

if (target && target.uri) {
  let release: (() => void) | null = null;
  // Registered while the importing test file is collected, so these are that file's outermost
  // hooks: the lock is taken before any app is made and released after every app has closed.
  beforeAll(async () => {
    release = await lockNeo4j(target.uri);
  }, 900_000);
  afterAll(() => {
    release?.();
  });
} else if (target) {
  // A local run without a server (neo4j-global.ts printed why): every test of the file is
  // skipped, saying so. Describe-level setup still runs first, on the embedded store (below).
  beforeEach(({ skip }) => skip('no Neo4j for this run: the API suite ran on the embedded store only'));
}

/**
 * A store holding nothing, of this run's kind: a new EmbeddedStore, or the shared test Neo4j
 * cleared of all ringsight data (its own driver, closed when the app closes it).
 */
export async function openTestStore(): Promise<RingStore> {
  if (!target?.uri) return new EmbeddedStore();
  // Constraints and indexes survive clear(): creating them once per file is enough.
  const store = await Neo4jStore.open({
    uri: target.uri,
    user: target.user,
    password: target.password,
    ensureSchema: !schemaReady
  });
  schemaReady = true;
  try {
    await store.clear();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

export async function makeApp(options: Partial<AppOptions> = {}): Promise<App> {
  const app = await buildApp({
    createStore: openTestStore,
    // The auth failure throttle is off like the rate limit (the role matrix alone answers ~200 refusals); tests/security turn it on.
    // Uploads on the embedded store are accepted here (a production server refuses them: not durable).
    tokens: TOKEN_RECORDS,
    dataDir: tempDir(),
    viewerDir: null,
    rateLimit: false,
    authFailureLimit: false,
    latestRunRefreshMs: 0,
    nonDurableWrites: 'accept',
    handleSecret: Buffer.alloc(32, 7),
    ...options
  });
  await app.ready();
  return app;
}

// People of ring A (organiser: ORG) and ring B, and unrelated claimants.
export const ORG = residentId('360102', '1978-04-12', 17);
export const PEOPLE = {
  org: ORG,
  a2: residentId('360702', '1985-09-30', 21),
  a3: residentId('360402', '1990-01-15', 33),
  a4: residentId('360102', '1982-06-06', 45),
  b1: residentId('360302', '1970-02-02', 51),
  b2: residentId('360302', '1972-03-03', 62)
};
export const PHONE_A = '13800138000';
export const BANK_A = '6222021234567890';
export const SHOP = '91360100MA35XXXX1A';

export function sampleFiles(): Record<string, string> {
  const claims: Rows = [
    claim('A1', {
      insurer: 'PICC',
      region_code: '360102',
      accident_date: '2024-01-05',
      report_date: '2024-01-06',
      policy_start: '2023-12-20',
      claimed_amount: '48000'
    }),
    claim('A2', {
      insurer: 'PICC',
      region_code: '360702',
      accident_date: '2024-01-20',
      report_date: '2024-01-21',
      policy_start: '2024-01-02',
      claimed_amount: '52000'
    }),
    claim('A3', {
      insurer: 'CPIC',
      region_code: '360402',
      accident_date: '2024-02-03',
      report_date: '2024-02-04',
      policy_start: '2024-01-25',
      claimed_amount: '61000'
    }),
    claim('A4', {
      insurer: 'CPIC',
      region_code: '360702',
      accident_date: '2024-02-18',
      report_date: '2024-02-19',
      policy_start: '2024-02-01',
      claimed_amount: '45000'
    }),
    claim('A5', {
      insurer: 'PINGAN',
      region_code: '360102',
      accident_date: '2024-03-02',
      report_date: '2024-03-03',
      policy_start: '2024-02-20',
      claimed_amount: '58000'
    }),
    claim('B1', {
      insurer: 'CPIC',
      region_code: '360302',
      accident_date: '2024-04-01',
      report_date: '2024-04-02',
      claimed_amount: '30000'
    }),
    claim('B2', {
      insurer: 'PINGAN',
      region_code: '360302',
      accident_date: '2024-04-11',
      report_date: '2024-04-12',
      claimed_amount: '31000'
    }),
    claim('B3', {
      insurer: 'CPIC',
      region_code: '360302',
      accident_date: '2024-04-21',
      report_date: '2024-04-22',
      claimed_amount: '32000'
    })
  ];
  const parties: Rows = [
    { claim_id: 'A1', role: 'driver', id_number: PEOPLE.org, name: '张伟', phone: PHONE_A, bank_account: BANK_A },
    { claim_id: 'A1', role: 'injured', id_number: PEOPLE.a2, name: '李娜', phone: '13900139001', bank_account: '' },
    { claim_id: 'A2', role: 'injured', id_number: PEOPLE.org, name: '张伟', phone: PHONE_A, bank_account: '' },
    { claim_id: 'A2', role: 'driver', id_number: PEOPLE.a3, name: '王强', phone: PHONE_A, bank_account: BANK_A },
    { claim_id: 'A3', role: 'claimant', id_number: PEOPLE.org, name: '张伟', phone: '13900139003', bank_account: '' },
    { claim_id: 'A3', role: 'driver', id_number: PEOPLE.a4, name: '刘洋', phone: PHONE_A, bank_account: BANK_A },
    { claim_id: 'A4', role: 'driver', id_number: PEOPLE.a2, name: '李娜', phone: PHONE_A, bank_account: '' },
    { claim_id: 'A4', role: 'witness', id_number: PEOPLE.org, name: '张伟', phone: '', bank_account: '' },
    { claim_id: 'A5', role: 'injured', id_number: PEOPLE.a3, name: '王强', phone: '13900139005', bank_account: BANK_A },
    { claim_id: 'A5', role: 'driver', id_number: PEOPLE.a4, name: '刘洋', phone: PHONE_A, bank_account: '' },
    {
      claim_id: 'B1',
      role: 'driver',
      id_number: PEOPLE.b1,
      name: '陈静',
      phone: '13700137000',
      bank_account: '6228480402564890018'
    },
    { claim_id: 'B2', role: 'injured', id_number: PEOPLE.b1, name: '陈静', phone: '13700137000', bank_account: '' },
    {
      claim_id: 'B2',
      role: 'driver',
      id_number: PEOPLE.b2,
      name: '杨磊',
      phone: '13700137000',
      bank_account: '6228480402564890018'
    },
    {
      claim_id: 'B3',
      role: 'claimant',
      id_number: PEOPLE.b2,
      name: '杨磊',
      phone: '13700137000',
      bank_account: '6228480402564890018'
    }
  ];
  const vehicles: Rows = [
    { claim_id: 'A1', role: 'insured', plate: '赣A12345', vin: '' },
    { claim_id: 'A4', role: 'third_party', plate: '赣A12345', vin: '' },
    { claim_id: 'B1', role: 'insured', plate: '赣C88888', vin: '' }
  ];
  const providers: Rows = [];
  for (const id of ['A1', 'A2', 'A3', 'A4', 'A5'])
    providers.push({ claim_id: id, kind: 'repair_shop', org_code: SHOP, name: '南昌顺达汽修', region_code: '360102' });
  for (let i = 1; i <= 12; i++) {
    const id = `N${i}`;
    claims.push(
      claim(id, {
        insurer: i % 2 ? 'PICC' : 'CPIC',
        region_code: i % 3 ? '360102' : '360702',
        accident_date: `2024-05-${String(i).padStart(2, '0')}`,
        report_date: `2024-05-${String(i + 1).padStart(2, '0')}`,
        claimed_amount: String(5000 + i * 100)
      })
    );
    parties.push({
      claim_id: id,
      role: 'driver',
      id_number: residentId('360103', '1988-08-08', 100 + i),
      name: `路人${i}`,
      phone: `1350000${String(1000 + i)}`,
      bank_account: ''
    });
    providers.push({
      claim_id: id,
      kind: 'hospital',
      org_code: '12360000491015380H',
      name: '江西省人民医院',
      region_code: '360102'
    });
  }
  return {
    'claims.csv': csv(claims),
    'parties.csv': csv(parties),
    'vehicles.csv': csv(vehicles),
    'providers.csv': csv(providers)
  };
}

/** Uploads the sample batch, runs detection and waits for it; returns the run id. */
export async function loadAndDetect(
  app: App,
  who: Who = 'analyst',
  body: Record<string, unknown> = { minScore: 0 }
): Promise<string> {
  const up = await app.inject({
    method: 'POST',
    url: '/api/batches',
    headers: as(who),
    payload: { files: sampleFiles() }
  });
  if (up.statusCode !== 201) throw new Error(`upload failed: ${up.statusCode} ${up.body}`);
  return runAndWait(app, body);
}

export async function runAndWait(app: App, body: Record<string, unknown> = { minScore: 0 }): Promise<string> {
  const started = await app.inject({ method: 'POST', url: '/api/runs', headers: as('analyst'), payload: body });
  if (started.statusCode !== 202) throw new Error(`run failed to start: ${started.statusCode} ${started.body}`);
  const id = started.json<{ id: string }>().id;
  for (let i = 0; i < 500; i++) {
    const s = (await app.inject({ method: 'GET', url: `/api/runs/${id}`, headers: as('analyst') })).json<{
      status: string;
      error?: string;
      summary?: { runId: string };
    }>();
    if (s.status === 'done') return s.summary!.runId;
    if (s.status === 'failed') throw new Error(`run failed: ${s.error}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('run did not finish');
}
