/**
 * ringsight/bench/abuse.bench
 * ===========================
 *
 * `npm run bench:abuse`: a bounded hostile script against the API (issue 16).
 * Starts the server on 127.0.0.1 only (a free port; never any other address)
 * over a small generated book, then, as callers who should get nothing:
 *
 *   1. ID guessing — a masked insurer takes a foreign ring member's masked
 *      resident ID (only the birth date unknown) and tries check-digit-valid
 *      candidates (the true ID among the first few) through search, entity
 *      and rings?q= lookups;
 *   2. malformed and oversized input — bad URLs, over-long segments, forged
 *      case references, impossible dates, empty and truncated uploads, a
 *      2 MB JSON body, a 200,000-column CSV header;
 *   3. scope probes — the insurer asks for other insurers' rings, claims,
 *      the audit trail, the watchlist, runs;
 *   4. token guessing — random bearer tokens from one address.
 *
 * Every phase is bounded in requests (ABUSE_MAX per phase, default 400) and
 * the whole script in time (ABUSE_SECONDS, default 120); it stops by itself
 * and prints, per phase and in total: requests tried, refused by status,
 * audit entries written, and whether any guessed ID was confirmed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../api/server.js';
import { generateToken, hashToken, type TokenRecord } from '../api/policy/tokens.js';
import { generate } from '../datasets/generator/index.js';
import { residentIdCheckDigit } from '../engine/normalise/resident-id.js';
import { readBatch } from '../ingest/read-batch.js';

const HOST = '127.0.0.1'; // loopback only, whatever the environment says
const MAX = Number(process.env.ABUSE_MAX ?? 400);
const SECONDS = Number(process.env.ABUSE_SECONDS ?? 120);
const deadline = Date.now() + SECONDS * 1000;

const work = mkdtempSync(join(tmpdir(), 'ringsight-abuse-'));
const input = join(work, 'batch');
await generate({ claims: 3000, out: input, seed: 7 });
const batch = await readBatch(input);
if (!batch.ok) throw new Error('ringsight/bench/abuse: the generated batch does not validate');

const secret = { admin: generateToken(), insurer: generateToken() };
const insurers = [...new Set(batch.book.claims.map((c) => c.insurer))].sort();
const INSURER = insurers[0]!;
const tokens: TokenRecord[] = [
  { name: 'bench-admin', role: 'admin', tokenSha256: hashToken(secret.admin) },
  { name: 'bench-insurer', role: 'insurer', insurer: INSURER, tokenSha256: hashToken(secret.insurer) }
];
const server = await startServer({
  host: HOST,
  port: 0,
  tokens,
  dataDir: join(work, 'data'),
  viewerDir: null,
  logger: false,
  // A throw-away store: uploads accepted, so malformed ones reach validation.
  nonDurableWrites: 'accept',
  beforeListen: async (app) => {
    await app.store.ingest(batch.book, { batchId: 'abuse', loadedAt: new Date().toISOString() });
  }
});
const { app, url } = server;
if (!url.startsWith(`http://${HOST}:`)) throw new Error(`ringsight/bench/abuse: refusing to run against ${url}`);

interface Tally {
  tried: number;
  statuses: Map<number, number>;
  audited: number;
  ms: number;
}
const phases: Array<[string, Tally]> = [];
let confirmed = 0;
let stoppedByTime = false;
let wideHeader = 'not tried';

interface Answer {
  status: number;
  text: string;
}
type Send = (path: string, init?: RequestInit & { token?: string | null }) => Promise<Answer | null>;

async function phase(name: string, body: (send: Send) => Promise<void>): Promise<void> {
  const tally: Tally = { tried: 0, statuses: new Map(), audited: 0, ms: 0 };
  const before = app.audit.size;
  const t0 = performance.now();
  const send: Send = async (path, init = {}) => {
    if (tally.tried >= MAX) return null;
    if (Date.now() > deadline) {
      stoppedByTime = true;
      return null;
    }
    tally.tried++;
    const headers = new Headers(init.headers);
    const token = init.token === undefined ? secret.insurer : init.token;
    if (token) headers.set('authorization', `Bearer ${token}`);
    try {
      const res = await fetch(url + path, { ...init, headers });
      const text = await res.text();
      tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
      return { status: res.status, text };
    } catch {
      tally.statuses.set(0, (tally.statuses.get(0) ?? 0) + 1);
      return null;
    }
  };
  await body(send);
  tally.ms = Math.round(performance.now() - t0);
  tally.audited = app.audit.size - before;
  phases.push([name, tally]);
}

// Setup, as admin (not counted): a detection run, and a ring the insurer sees with a foreign person in it.
const admin = (path: string, init: RequestInit = {}) =>
  fetch(url + path, {
    ...init,
    headers: { authorization: `Bearer ${secret.admin}`, 'content-type': 'application/json', ...(init.headers ?? {}) }
  });
const job = (await (await admin('/api/runs', { method: 'POST', body: JSON.stringify({ minScore: 0 }) })).json()) as {
  id: string;
};
for (let i = 0; i < 600; i++) {
  const s = (await (await admin(`/api/runs/${job.id}`)).json()) as { status: string };
  if (s.status === 'done') break;
  if (s.status === 'failed') throw new Error('ringsight/bench/abuse: detection failed');
  await new Promise((r) => setTimeout(r, 100));
}
const own = new Set(batch.book.claims.filter((c) => c.insurer === INSURER).map((c) => c.id));
const ownParties = new Set(batch.book.links.filter((l) => own.has(l.claim) && l.type === 'person').map((l) => l.key));
const rings = (
  (await (await admin(`/api/rings?insurer=${INSURER}&pageSize=500`)).json()) as { items: Array<{ id: string }> }
).items;
let target: string | null = null;
let foreignRing: string | null = null;
const allRings = (
  (await (await admin('/api/rings?pageSize=500')).json()) as { items: Array<{ id: string; insurers: string[] }> }
).items;
foreignRing = allRings.find((r) => !r.insurers.includes(INSURER))?.id ?? null;
for (const r of rings) {
  const d = (await (await admin(`/api/rings/${r.id}?unmask=true`)).json()) as {
    members: Array<{ type: string; key: string }>;
  };
  target = d.members.find((m) => m.type === 'person' && !ownParties.has(m.key))?.key ?? null;
  if (target) break;
}
const foreignClaim = batch.book.claims.find((c) => c.insurer !== INSURER)!.id;

/** Check-digit-valid IDs that share the masked form of `id` (its birth date unknown), the true one third. */
function candidates(id: string, n: number): string[] {
  const out: string[] = [];
  const day = new Date(Date.UTC(1950, 0, 1));
  while (out.length < n && day.getUTCFullYear() < 2006) {
    const first17 = id.slice(0, 6) + day.toISOString().slice(0, 10).replace(/-/g, '') + id.slice(14, 17);
    const full = first17 + residentIdCheckDigit(first17);
    if (full.slice(-4) === id.slice(-4) && full !== id) out.push(full);
    day.setUTCDate(day.getUTCDate() + 1);
  }
  out.splice(2, 0, id);
  return out;
}

if (target) {
  const guesses = candidates(target, MAX);
  const third = Math.ceil(MAX / 3);
  await phase('id-guessing', async (send) => {
    // A guess is confirmed when the answer differs from "absent": a search or ring hit, an entity found.
    // Each guess goes to all three routes in turn, so the true ID (third) reaches each before any limit.
    for (const g of guesses.slice(0, third)) {
      const found = await send(`/api/search?q=${g}`);
      if (found?.status === 200 && (JSON.parse(found.text) as { items: unknown[] }).items.length > 0) confirmed++;
      const entity = await send(`/api/entities/person/${g}?hops=0`);
      if (entity?.status === 200) confirmed++;
      const listed = await send(`/api/rings?q=${g}`);
      if (listed?.status === 200 && (JSON.parse(listed.text) as { total: number }).total > 0) confirmed++;
    }
  });
}

await phase('malformed', async (send) => {
  const json = { 'content-type': 'application/json' };
  const id = target ?? '360102197804120174';
  await send(`/api/rings/%E0%A4${id}`);
  await send(`/api/entities/person/%ZZ${id}`);
  await send(`/api/rings/${'x'.repeat(400)}${id}`);
  await send(`/api/rings?${encodeURIComponent(id)}=1`);
  for (const ref of [
    ' ',
    '%E2%80%8B'.repeat(6),
    Buffer.from('JX\u200b2026', 'utf8').toString('latin1'),
    'abc',
    'JX%0A2026-001',
    '%ZZ',
    'x'.repeat(200)
  ]) {
    await send(`/api/rings/${rings[0]?.id ?? 'R0'}?unmask=true`, { headers: { 'x-case-reference': ref } });
  }
  await send('/api/runs', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ asOf: '2999-99-99' }),
    token: secret.admin
  });
  await send('/api/runs', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ asOf: '2024-02-30' }),
    token: secret.admin
  });
  await send('/api/batches', { method: 'POST', token: secret.admin });
  await send('/api/batches', {
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=XX' },
    body: '--XX\r\nContent-Disposition: form-data; name="claims.csv"; filename="claims.csv"\r\n\r\nclaim_id,ins',
    token: secret.admin
  });
  await send('/api/watchlist', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ entity: 'phone', key: '13800138000', reason: 'x'.repeat(2 * 1024 * 1024) }),
    token: secret.admin
  });
  const wide = Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(',');
  const wideRes = await send('/api/batches', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ files: { 'claims.csv': `${wide}\n` } }),
    token: secret.admin
  });
  if (wideRes)
    wideHeader = `${wideRes.status}, ${(JSON.parse(wideRes.text) as { error?: { details?: { problems?: unknown[] } } }).error?.details?.problems?.length ?? 0} problems listed`;
  await send('/api/batches', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ files: { 'claims.csv': 'claim_id\nA\u0000B\n' } }),
    token: secret.admin
  });
});

await phase('scope-probes', async (send) => {
  if (foreignRing) {
    await send(`/api/rings/${foreignRing}`);
    await send(`/api/rings/${foreignRing}/graph`);
  }
  await send(`/api/entities/claim/${foreignClaim}`);
  await send(`/api/search?q=${foreignClaim}`);
  await send('/api/audit');
  await send('/api/watchlist');
  await send('/api/runs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  await send('/api/reports', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'probe',
      entities: [`person:${target ?? '360102197804120174'}`],
      onlyListed: true,
      formats: ['csv']
    })
  });
});

await phase('token-guessing', async (send) => {
  for (let i = 0; i < MAX - 1; i++) await send('/api/rings', { token: generateToken() });
  await send('/api/rings', { token: secret.admin }); // the right token, from the same address, after the guessing
});

await server.stop();
rmSync(work, { recursive: true, force: true });

const fmt = (m: Map<number, number>): string =>
  [...m.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([s, n]) => `${s}×${n}`)
    .join(' ');
const total = { tried: 0, refused: 0, audited: 0, statuses: new Map<number, number>() };
process.stdout.write(
  `bench:abuse — API on ${HOST} (loopback), ${batch.book.claims.length} claims, insurer ${INSURER}, target ${target ? target.slice(0, 6) + '********' + target.slice(-4) : 'none found'}\n`
);
for (const [name, t] of phases) {
  const refused = [...t.statuses.entries()].filter(([s]) => s >= 400 || s === 0).reduce((a, [, n]) => a + n, 0);
  process.stdout.write(
    `  ${name.padEnd(15)} tried ${String(t.tried).padStart(4)}  refused ${String(refused).padStart(4)}  audited ${String(t.audited).padStart(4)}  ${String(t.ms).padStart(6)} ms  statuses ${fmt(t.statuses)}\n`
  );
  total.tried += t.tried;
  total.refused += refused;
  total.audited += t.audited;
  for (const [s, n] of t.statuses) total.statuses.set(s, (total.statuses.get(s) ?? 0) + n);
}
process.stdout.write(
  `  ${'total'.padEnd(15)} tried ${String(total.tried).padStart(4)}  refused ${String(total.refused).padStart(4)}  audited ${String(total.audited).padStart(4)}  statuses ${fmt(total.statuses)}\n`
);
process.stdout.write(`  200,000-column header: ${wideHeader}\n`);
process.stdout.write(
  `  guessed IDs confirmed: ${confirmed}${stoppedByTime ? ` (stopped at the ${SECONDS} s limit)` : ''}\n`
);
process.exit(confirmed === 0 ? 0 : 1);
