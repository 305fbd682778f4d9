/**
 * Test harness for the viewer: builds viewer/dist when it is missing or older
 * than its sources, generates a batch, starts `ringsight serve` on a free
 * loopback port with one token per role, and launches headless Chromium.
 * Shared by tests/viewer/e2e.test.ts and viewer/bench/fps.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const VIEWER_DIST = join(ROOT, 'viewer/dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts/viewer');

export const TOKENS = {
  admin: 'rs_viewer_test_admin_token',
  analyst: 'rs_viewer_test_analyst_token',
  police: 'rs_viewer_test_police_token',
  auditor: 'rs_viewer_test_auditor_token'
} as const;

export function tokensEnv(): string {
  const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
  return JSON.stringify(
    Object.entries(TOKENS).map(([role, token]) => ({ name: `viewer-${role}`, role, tokenSha256: sha(token) }))
  );
}

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function run(args: string[], timeoutMs: number): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-4000)}`));
    });
  });
}

/** A fresh clone has no viewer/dist; an edited source makes it stale. Either way: build it. */
export async function ensureViewerBuilt(): Promise<void> {
  const index = join(VIEWER_DIST, 'index.html');
  const sources = ['viewer/src', 'viewer/index.html', 'viewer/vite.config.ts', 'reports/signal-labels.ts'].map((p) =>
    join(ROOT, p)
  );
  const newestSource = Math.max(...sources.map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource) return;
  await run([join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', 'viewer', '--logLevel', 'warn'], 120_000);
}

export async function generateBatch(claims = 3000, seed = 7): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'ringsight-viewer-')), 'batch');
  await run(
    [join(ROOT, 'bin/ringsight.mjs'), 'generate', '--claims', String(claims), '--out', dir, '--seed', String(seed)],
    60_000
  );
  return dir;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePromise(port));
    });
  });
}

export interface RunningApi {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

/** `ringsight serve` through the CLI when main.ts dispatches it, else through the command module directly. */
function serveEntry(): string[] {
  const main = readFileSync(join(ROOT, 'cli/main.ts'), 'utf8');
  return /\bserve\s*:/.test(main)
    ? [join(ROOT, 'bin/ringsight.mjs'), 'serve']
    : ['--import', 'tsx', join(ROOT, 'tests/viewer/serve-runner.ts')];
}

async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | null>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
}

/** Starts the API on a batch and waits until detection has produced rings. */
export async function startApi(batchDir: string): Promise<RunningApi> {
  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'ringsight-viewer-data-'));
  const args = [
    ...serveEntry(),
    '--input',
    batchDir,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--data',
    data,
    '--viewer',
    VIEWER_DIST,
    '--log-level',
    'warn'
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, RINGSIGHT_TOKENS: tokensEnv() },
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = (): Promise<void> =>
    new Promise((r) => {
      if (exited) return r();
      child.once('exit', () => r());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  try {
    await waitFor('the API to detect rings', 120_000, async () => {
      if (exited) throw new Error(`serve exited:\n${output}`);
      const res = await fetch(`${url}/api/rings?pageSize=1`, {
        headers: { authorization: `Bearer ${TOKENS.analyst}` }
      });
      if (!res.ok) return null;
      const body = (await res.json()) as { total: number };
      return body.total > 0 ? true : null;
    });
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- serve output ---\n${output.slice(-4000)}`, { cause: error });
  }
  return { url, stop, log: () => output };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // WebGL without a GPU: SwiftShader through ANGLE.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader'
];

export function launchChromium(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath))
    throw new Error(`Chromium not found at ${executablePath} (npm run setup installs it)`);
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

export function artifactsDir(): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}
