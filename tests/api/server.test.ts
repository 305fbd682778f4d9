import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../audit/trail.js';
import { startServer } from '../../api/server.js';
import { handleSecret, storeFactory } from '../../cli/commands/serve.js';
import { writeBatch } from '../helpers/batch.js';
import { openTestStore, PEOPLE, sampleFiles, STORE, tempDir, TOKEN_RECORDS, TOKENS } from './helpers.js';

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

describe('the server over a real socket', () => {
  it('uploads (multipart), runs detection with streamed progress, and serves the rings end to end', async () => {
    const dataDir = tempDir();
    const server = await startServer({
      host: '127.0.0.1',
      port: 0,
      createStore: openTestStore,
      tokens: TOKEN_RECORDS,
      dataDir,
      viewerDir: null,
      rateLimit: false,
      nonDurableWrites: 'accept'
    });
    try {
      const url = server.url;
      expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' });

      const form = new FormData();
      for (const [name, text] of Object.entries(sampleFiles()))
        form.append('files', new Blob([text], { type: 'text/csv' }), name);
      const up = await fetch(`${url}/api/batches`, { method: 'POST', headers: auth(TOKENS.analyst), body: form });
      expect(up.status).toBe(201);
      expect((await up.json()).loaded.added).toBe(20);

      const run = await fetch(`${url}/api/runs`, {
        method: 'POST',
        headers: { ...auth(TOKENS.analyst), 'content-type': 'application/json' },
        body: JSON.stringify({ minScore: 0 })
      });
      expect(run.status).toBe(202);
      const { id } = await run.json();
      // What a browser does: fetch() with the token, reading the event stream as it arrives.
      const events = await fetch(`${url}/api/runs/${id}/events`, { headers: auth(TOKENS.analyst) });
      expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      const reader = events.body!.getReader();
      let text = '';
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read())
        text += new TextDecoder().decode(chunk.value);
      expect(text).toMatch(/event: done\ndata: \{.*"status":"done"/);

      const rings = await (await fetch(`${url}/api/rings?flagged=true`, { headers: auth(TOKENS.picc) })).json();
      expect(rings.total).toBe(1);
      const graph = await (
        await fetch(`${url}/api/rings/${rings.items[0].id}/graph`, { headers: auth(TOKENS.picc) })
      ).json();
      const organiser = graph.nodes.find(
        (n: { attributes: { organiser?: boolean; claims?: number } }) =>
          n.attributes.organiser && n.attributes.claims === 4
      );
      // A masked node id is a usable address: open the entity behind it.
      const entity = await fetch(`${url}/api/entities/${organiser.id.replace(':', '/')}?hops=1&unmask=true`, {
        headers: auth(TOKENS.picc)
      });
      expect(entity.status).toBe(200);
      expect((await entity.json()).entity.key).toBe(PEOPLE.org); // a party of PICC's own claim A1
    } finally {
      await server.stop();
      await server.stop();
    }
    const trail = readFileSync(join(dataDir, 'audit.jsonl'), 'utf8');
    expect(verifyChain(trail)).toMatchObject({ ok: true, lines: 3 });
    expect(trail).not.toContain(PEOPLE.org);
    expect(existsSync(join(dataDir, 'audit.lock'))).toBe(false);
  });
});

// Embedded store only: these start `ringsight serve` in a child process that loads --input into
// its own embedded store, read the handle key, or point NEO4J_URI at a closed port on purpose —
// none of it involves the store the rest of this file serves.
describe.runIf(STORE === 'embedded')('ringsight serve', () => {
  it('loads --input, detects once, serves with a dev token, and exits 0 on SIGTERM', async () => {
    const input = writeBatch(sampleFiles());
    const dataDir = tempDir();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "import('./cli/commands/serve.ts').then((m) => m.serveCommand(process.argv.slice(1))).then((code) => { process.exitCode = code; })",
        '--',
        '--port',
        '0',
        '--input',
        input,
        '--data',
        dataDir,
        '--dev-token',
        '--log-level',
        'warn',
        '--viewer',
        join(dataDir, 'none')
      ],
      { cwd: process.cwd(), env: { ...process.env, RINGSIGHT_TOKENS: '' }, stdio: ['ignore', 'pipe', 'pipe'] }
    );
    let stderr = '';
    const waiting: Array<() => void> = [];
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      for (const w of waiting.splice(0)) w();
    });
    const seen = (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = (): void => {
          const m = stderr.match(pattern);
          if (m) resolve(m);
          else if (child.exitCode !== null) reject(new Error(`serve exited early:\n${stderr}`));
          else waiting.push(check);
        };
        check();
      });
    try {
      const token = (await seen(/dev admin token \(this process only\): (\S+)/))[1]!;
      const url = (await seen(/listening on (http:\/\/\S+) /))[1]!;
      const rings = Number((await seen(/detection done: (\d+) rings/))[1]);
      expect(rings).toBeGreaterThan(0);
      const list = await (await fetch(`${url}/api/rings`, { headers: auth(token) })).json();
      expect(list.total).toBe(rings);
      expect((await fetch(`${url}/api/rings`)).status).toBe(401);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(readFileSync(join(dataDir, 'handle.key'), 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(verifyChain(readFileSync(join(dataDir, 'audit.jsonl'), 'utf8'))).toMatchObject({ ok: true });
  }, 120_000);

  it('keeps the handle key across restarts and takes RINGSIGHT_HANDLE_SECRET over it', () => {
    const dataDir = tempDir();
    const first = handleSecret(dataDir);
    expect(handleSecret(dataDir).equals(first)).toBe(true);
    process.env.RINGSIGHT_HANDLE_SECRET = 'ab'.repeat(32);
    try {
      expect(handleSecret(dataDir).equals(Buffer.alloc(32, 0xab))).toBe(true);
      process.env.RINGSIGHT_HANDLE_SECRET = 'abcd';
      expect(() => handleSecret(dataDir)).toThrow(/at least 32 bytes/);
    } finally {
      delete process.env.RINGSIGHT_HANDLE_SECRET;
    }
  });

  it('opens Neo4j through the store hook and fails with one clear line when it is unreachable', async () => {
    const open = await storeFactory({ neo4j: true } as Parameters<typeof storeFactory>[0]);
    const saved = process.env.NEO4J_URI;
    process.env.NEO4J_URI = 'bolt://127.0.0.1:1';
    try {
      await expect(open()).rejects.toThrow(/^ringsight serve: .*127\.0\.0\.1:1/);
    } finally {
      process.env.NEO4J_URI = saved;
    }
  });
});
