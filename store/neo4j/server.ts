// ringsight/store/neo4j/server — starts, stops and inspects a real local Neo4j 5.26 LTS
// Community server (the embedded DBMS run by neo4j/src/main/java/ringsight/Neo4jLauncher.java)
// speaking Bolt on 127.0.0.1, for development and CI. Built by neo4j/setup.sh (Maven).
//
// Everything it writes lives under `home` (default `.neo4j/` in the project root):
//   neo4j.pid   pid of the detached JVM        server.json  pid, port, uri, user, start time
//   neo4j.log   the JVM's stdout/stderr         data/, logs/ Neo4j's own store and debug.log
// Auth: with a non-empty password (8+ characters, a Neo4j rule), auth is on and `user` is
// (re)created with that password at every start; with password '' auth is off (the server
// binds 127.0.0.1 only, and any credentials are accepted).

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export const DEFAULTS = {
  /** Server home (data, logs, pid file); relative paths resolve against the project root. */
  home: '.neo4j',
  boltPort: 7687,
  /** JVM max heap (-Xmx). */
  heap: '2g',
  /** Neo4j page cache (server.memory.pagecache.size). */
  pageCache: '256m',
  /** Further Neo4j settings, name → value (e.g. `{ 'db.tx_log.rotation.size': '1g' }`). */
  settings: {} as Record<string, string>,
  user: 'neo4j',
  /** '' disables auth. */
  password: 'ringsight-dev',
  /** How long start waits for READY + Bolt connectivity. */
  startTimeoutMs: 180_000,
  /** How long stop waits after SIGTERM before SIGKILL. */
  stopTimeoutMs: 60_000,
  /** start: wipe `data/` first (only when the server is not running). */
  fresh: false,
  /** Progress lines (human readable). */
  log: (line: string): void => {
    process.stderr.write(`${line}\n`);
  }
};

export type Neo4jServerOptions = typeof DEFAULTS;

export interface Neo4jStatus {
  running: boolean;
  pid?: number;
  uri: string;
  home: string;
  boltPort: number;
  user?: string;
  startedAt?: string;
  logFile: string;
}

export interface Neo4jStartResult extends Neo4jStatus {
  running: true;
  pid: number;
  alreadyRunning: boolean;
  /** Wall time from spawn to Bolt connectivity (0 if it was already running). */
  startMs: number;
}

interface ServerState {
  pid: number;
  boltPort: number;
  uri: string;
  user: string;
  startedAt: string;
}

const PREFIX = 'ringsight/neo4j-server:';
const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const NEO4J_DIR = path.join(PROJECT_ROOT, 'neo4j');
const LAUNCHER_CLASS = 'ringsight.Neo4jLauncher';

function fail(message: string): never {
  throw new Error(`${PREFIX} ${message}`);
}

function resolveOptions(opts: Partial<Neo4jServerOptions>): Neo4jServerOptions {
  const o: Neo4jServerOptions = { ...DEFAULTS };
  for (const [k, v] of Object.entries(opts)) if (v !== undefined) (o as Record<string, unknown>)[k] = v;
  o.home = path.resolve(PROJECT_ROOT, o.home);
  if (!Number.isInteger(o.boltPort) || o.boltPort < 1 || o.boltPort > 65535) fail(`invalid boltPort ${o.boltPort}`);
  if (o.password !== '' && o.password.length < 8) {
    fail(`password must be at least 8 characters (a Neo4j rule), or '' to run without auth`);
  }
  return o;
}

const files = (home: string) => ({
  pid: path.join(home, 'neo4j.pid'),
  state: path.join(home, 'server.json'),
  log: path.join(home, 'neo4j.log'),
  debugLog: path.join(home, 'logs', 'debug.log'),
  data: path.join(home, 'data')
});

const boltUri = (port: number) => `bolt://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** True if pid is a live (non-zombie) process that is our launcher, when /proc can tell. */
function isOurServer(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(LAUNCHER_CLASS);
  } catch {
    return !fs.existsSync('/proc/self'); // no procfs: trust kill(pid, 0)
  }
}

function readState(home: string): { pid?: number; state?: ServerState } {
  const f = files(home);
  let pid: number | undefined;
  let state: ServerState | undefined;
  try {
    const n = Number.parseInt(fs.readFileSync(f.pid, 'utf8').trim(), 10);
    if (Number.isInteger(n) && n > 0) pid = n;
  } catch {
    /* no pid file */
  }
  try {
    state = JSON.parse(fs.readFileSync(f.state, 'utf8')) as ServerState;
  } catch {
    /* no state file */
  }
  return { pid, state };
}

function clearState(home: string): void {
  const f = files(home);
  fs.rmSync(f.pid, { force: true });
  fs.rmSync(f.state, { force: true });
}

function tail(file: string, lines: number): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function logTails(home: string): string {
  const f = files(home);
  return `--- ${f.log} (tail) ---\n${tail(f.log, 40)}\n--- ${f.debugLog} (tail) ---\n${tail(f.debugLog, 20)}`;
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function bytes(size: string): number {
  const m = /^(\d+)\s*([kmgt]?)b?$/i.exec(size.trim());
  if (!m) fail(`invalid memory size '${size}' (use e.g. 512m, 1g)`);
  return Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase());
}

/** Runs neo4j/setup.sh (a fast no-op once built) and returns the JVM classpath. */
export function ensureNeo4jBuilt(): string {
  const classes = path.join(NEO4J_DIR, 'target', 'classes');
  const cpFile = path.join(NEO4J_DIR, 'target', 'classpath.txt');
  const r = spawnSync('bash', [path.join(NEO4J_DIR, 'setup.sh')], { stdio: ['ignore', 2, 2] });
  if (r.error) fail(`could not run neo4j/setup.sh: ${r.error.message}`);
  if (r.status !== 0) fail(`neo4j/setup.sh failed with exit code ${r.status} (see output above)`);
  if (!fs.existsSync(cpFile)) fail(`neo4j/setup.sh did not produce ${cpFile}`);
  return `${classes}${path.delimiter}${fs.readFileSync(cpFile, 'utf8').trim()}`;
}

async function boltAnswers(uri: string, o: Neo4jServerOptions): Promise<void> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(o.user, o.password), {
    connectionTimeout: 5_000,
    maxConnectionPoolSize: 1
  });
  try {
    await driver.verifyConnectivity();
  } finally {
    await driver.close();
  }
}

export async function neo4jStatus(opts: Partial<Neo4jServerOptions> = {}): Promise<Neo4jStatus> {
  const o = resolveOptions(opts);
  const f = files(o.home);
  const { pid, state } = readState(o.home);
  const running = pid !== undefined && isOurServer(pid);
  const port = running && state ? state.boltPort : o.boltPort;
  return {
    running,
    ...(running ? { pid } : {}),
    uri: boltUri(port),
    home: o.home,
    boltPort: port,
    ...(running && state ? { user: state.user, startedAt: state.startedAt } : {}),
    logFile: f.log
  };
}

export async function startNeo4j(opts: Partial<Neo4jServerOptions> = {}): Promise<Neo4jStartResult> {
  const o = resolveOptions(opts);
  const f = files(o.home);
  const current = await neo4jStatus(o);
  if (current.running && current.pid !== undefined) {
    if (current.boltPort !== o.boltPort) {
      fail(
        `a server from ${o.home} is already running on port ${current.boltPort} (pid ${current.pid}), not ${o.boltPort}; stop it first`
      );
    }
    o.log(`${PREFIX} already running at ${current.uri} (pid ${current.pid}, home ${o.home})`);
    return { ...current, running: true, pid: current.pid, alreadyRunning: true, startMs: 0 };
  }
  clearState(o.home); // stale pid file from a crash, if any

  if (!(await portFree(o.boltPort))) {
    fail(`port ${o.boltPort} on 127.0.0.1 is already in use by another process; pick another with --port`);
  }
  const classpath = ensureNeo4jBuilt();

  if (o.fresh) fs.rmSync(f.data, { recursive: true, force: true });
  fs.mkdirSync(o.home, { recursive: true });
  if (fs.existsSync(f.log)) fs.renameSync(f.log, `${f.log}.1`);
  const logFd = fs.openSync(f.log, 'a');

  const heapMb = `${Math.floor(bytes(o.heap) / 1024 / 1024)}m`;
  const javaBin = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const args = [
    `-Xmx${heapMb}`,
    // Initial = maximum heap, as Neo4j's own tuning advice has it: a heap that starts small spends
    // a load growing and collecting (G1 threads used 2-6 s of CPU per 100k claims; with this, <1 s).
    `-Xms${heapMb}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Dfile.encoding=UTF-8',
    '-Dio.netty.tryReflectionSetAccessible=true',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
    // Extra JVM flags for measurements (e.g. a flight recording); nothing sets it by default.
    ...(process.env.RINGSIGHT_NEO4J_JAVA_OPTS ?? '').split(/\s+/).filter((a) => a !== ''),
    '-cp',
    classpath,
    LAUNCHER_CLASS,
    o.home,
    String(o.boltPort),
    o.pageCache,
    ...Object.entries(o.settings).map(([name, value]) => `${name}=${value}`)
  ];
  const t0 = Date.now();
  const child = spawn(javaBin, args, {
    cwd: o.home,
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: { ...process.env, RINGSIGHT_NEO4J_USER: o.user, RINGSIGHT_NEO4J_PASSWORD: o.password }
  });
  fs.closeSync(logFd);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e));
  child.once('exit', (code, signal) => (exited = signal ? `signal ${signal}` : `exit code ${code}`));
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (spawnError || child.pid === undefined) {
    fail(`could not start ${javaBin}: ${spawnError?.message ?? 'no pid'} (need Java 17+ on PATH or JAVA_HOME)`);
  }
  const pid = child.pid;
  child.unref();
  const uri = boltUri(o.boltPort);
  const state: ServerState = { pid, boltPort: o.boltPort, uri, user: o.user, startedAt: new Date().toISOString() };
  fs.writeFileSync(f.pid, `${pid}\n`);
  fs.writeFileSync(f.state, `${JSON.stringify(state, null, 2)}\n`);
  o.log(
    `${PREFIX} starting Neo4j (pid ${pid}, home ${o.home}, bolt ${uri}, heap ${o.heap}, page cache ${o.pageCache})`
  );

  const abort = async (why: string): Promise<never> => {
    for (const [signal, waitMs] of [
      ['SIGTERM', 10_000],
      ['SIGKILL', 5_000]
    ] as const) {
      try {
        process.kill(pid, signal);
      } catch {
        break; // already gone
      }
      const until = Date.now() + waitMs;
      while (isOurServer(pid) && Date.now() < until) await sleep(100);
      if (!isOurServer(pid)) break;
    }
    clearState(o.home);
    return fail(`${why}\n${logTails(o.home)}`);
  };

  const deadline = t0 + o.startTimeoutMs;
  let ready = false;
  let lastError = '';
  while (Date.now() < deadline) {
    if (exited !== undefined || !isOurServer(pid)) {
      return abort(`Neo4j exited during startup (${exited ?? 'process gone'})`);
    }
    if (!ready) ready = /^READY bolt:\/\//m.test(fs.readFileSync(f.log, 'utf8'));
    if (ready) {
      try {
        await boltAnswers(uri, o);
        const startMs = Date.now() - t0;
        o.log(`${PREFIX} ready at ${uri} in ${(startMs / 1000).toFixed(1)}s`);
        return { ...(await neo4jStatus(o)), running: true, pid, alreadyRunning: false, startMs };
      } catch (e) {
        lastError = (e as Error).message;
        if ((e as { code?: string }).code === 'Neo.ClientError.Security.Unauthorized') {
          return abort(`Neo4j is up but rejected user '${o.user}': ${lastError}`);
        }
      }
    }
    await sleep(250);
  }
  return abort(
    `Neo4j did not become ready on ${uri} within ${o.startTimeoutMs / 1000}s` +
      (lastError ? ` (last Bolt error: ${lastError})` : '')
  );
}

export async function stopNeo4j(
  opts: Partial<Neo4jServerOptions> = {}
): Promise<{ wasRunning: boolean; pid?: number; stopMs: number }> {
  const o = resolveOptions(opts);
  const { pid } = readState(o.home);
  if (pid === undefined || !isOurServer(pid)) {
    clearState(o.home);
    o.log(`${PREFIX} not running (home ${o.home})`);
    return { wasRunning: false, stopMs: 0 };
  }
  const t0 = Date.now();
  o.log(`${PREFIX} stopping Neo4j (pid ${pid})`);
  try {
    process.kill(pid, 'SIGTERM');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ESRCH') fail(`could not signal pid ${pid}: ${(e as Error).message}`);
  }
  while (isOurServer(pid) && Date.now() - t0 < o.stopTimeoutMs) await sleep(100);
  if (isOurServer(pid)) {
    o.log(`${PREFIX} pid ${pid} ignored SIGTERM for ${o.stopTimeoutMs / 1000}s; sending SIGKILL`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (isOurServer(pid) && Date.now() - t0 < o.stopTimeoutMs + 10_000) await sleep(100);
    if (isOurServer(pid)) fail(`pid ${pid} did not exit even after SIGKILL`);
  }
  clearState(o.home);
  const stopMs = Date.now() - t0;
  o.log(`${PREFIX} stopped in ${(stopMs / 1000).toFixed(1)}s`);
  return { wasRunning: true, pid, stopMs };
}
