import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { createWatchCommand } from '../../cli/commands/watch.js';
import { generate } from '../../datasets/generator/index.js';
import { monitorPaths } from '../../monitor/state.js';
import { writeBatch, claim } from '../helpers/batch.js';

const work = mkdtempSync(join(tmpdir(), 'ringsight-watch-cli-'));
const batch = join(work, 'batch');
beforeAll(async () => {
  await generate({ claims: 4000, out: batch, seed: 11 });
});

async function watch(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const sink = new Writable({
    write(chunk, _enc, cb) {
      stdout += chunk;
      cb();
    }
  });
  const code = await createWatchCommand({ stdout: sink })([...args, '--quiet']);
  return { code, stdout };
}

describe('ringsight watch', () => {
  it('--once twice over history: the second run reports statuses and keeps ids', async () => {
    const data = join(work, 'data');
    const first = await watch('--once', '--input', batch, '--data', data, '--as-of', '2024-06-30');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^run run-\S+ as of 2024-06-30: [\d,]+ claims, \d+ rings \(\d+ flagged\)/);
    expect(first.stdout).toMatch(/new \d+, growing 0, stable 0, shrinking 0, merged 0, split 0, dissolved 0/);
    const second = await watch('--once', '--input', batch, '--data', data, '--as-of', '2025-06-30', '--json');
    const out = JSON.parse(second.stdout);
    expect(out).toMatchObject({ status: 'done', run: { asOf: '2025-06-30' } });
    expect(out).not.toHaveProperty('doc');
    const state = JSON.parse(readFileSync(monitorPaths(data).state, 'utf8'));
    expect(state.runs).toHaveLength(2);
    const prev = JSON.parse(readFileSync(join(monitorPaths(data).runs, `${state.runs[0].id}.json`), 'utf8'));
    const cur = JSON.parse(readFileSync(join(monitorPaths(data).runs, `${state.runs[1].id}.json`), 'utf8'));
    const prevIds = new Set(prev.rings.map((r: { id: string }) => r.id));
    expect(cur.rings.filter((r: { id: string }) => prevIds.has(r.id)).length).toBeGreaterThan(0);
    expect(cur.run.monitor.previousRunId).toBe(prev.run.id);
    const again = await watch('--once', '--input', batch, '--data', data, '--as-of', '2025-06-30');
    expect(again.stdout).toMatch(/^unchanged: same data and parameters as run /);
  });

  it('refuses bad usage with one clear line, before touching anything', async () => {
    const data = join(work, 'untouched');
    await expect(watch('--input', batch, '--data', data)).rejects.toThrow(/exactly one of --once or --cron/);
    await expect(watch('--once', '--cron', '* * * * *', '--input', batch)).rejects.toThrow(
      /exactly one of --once or --cron/
    );
    await expect(watch('--once', '--data', data)).rejects.toThrow(/--input DIR is required/);
    await expect(watch('--once', '--neo4j', '--data', data)).rejects.toThrow(/--neo4j needs a Neo4j store/);
    await expect(watch('--cron', 'every day', '--input', batch, '--data', data)).rejects.toThrow(
      /invalid cron expression/
    );
    await expect(watch('--once', '--input', batch, '--data', data, '--as-of', '2024-02-30')).rejects.toThrow(
      /--as-of must be a date/
    );
    await expect(watch('--once', '--input', batch, '--data', data, '--webhook', 'ftp://x')).rejects.toThrow(
      /must be http\(s\)/
    );
    await expect(watch('--once', '--input', batch, '--data', data, '--growth=-1')).rejects.toThrow(
      /--growth must be a share/
    );
    expect(() => readFileSync(monitorPaths(data).state)).toThrow(/ENOENT/);
  });

  it('bad input: exits through a CliError, leaves the state as it was', async () => {
    const data = join(work, 'bad-data');
    const bad = writeBatch({ 'claims.csv': [claim('C1', { accident_date: '2024-13-01' })] });
    await expect(watch('--once', '--input', bad, '--data', data)).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/errors; nothing was loaded or changed/)
    });
    expect(() => readFileSync(monitorPaths(data).state)).toThrow(/ENOENT/);
  });
});
