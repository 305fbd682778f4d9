/**
 * Every source file's banner names the file it is in: `ringsight/<path>` (no `.ts`; a directory's
 * `index.ts` is named by the directory), in a `/** … *\/` banner or a `// ringsight/<path> — …` first
 * line. A file moved or renamed without its banner fails here. Tests carry no banner.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SOURCE_DIRS = ['api', 'audit', 'bench', 'cli', 'datasets', 'engine', 'ingest', 'monitor', 'reports', 'store'];
// Being reworked on other branches at the time of writing; checked once those land (see the merge notes).
const NOT_YET: string[] = [];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : tsFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The name a banner gives, or null when the file has no ringsight banner. */
export function bannerName(text: string): string | null {
  const block = /^\/\*\*\r?\n \* (ringsight\/\S+)/.exec(text);
  if (block) return block[1]!;
  const line = /^\/\/ (ringsight\/\S+) — /.exec(text);
  return line ? line[1]! : null;
}

export function expectedName(path: string): string {
  return 'ringsight/' + path.replace(/\.ts$/, '').replace(/\/index$/, '');
}

describe('file banners', () => {
  it('name the path of their file', () => {
    const files = SOURCE_DIRS.flatMap((d) => tsFiles(join(ROOT, d))).map((f) =>
      relative(ROOT, f).split('\\').join('/')
    );
    expect(files.length).toBeGreaterThan(150);
    const wrong: string[] = [];
    let named = 0;
    for (const path of files) {
      if (NOT_YET.some((p) => path.startsWith(p))) continue;
      const name = bannerName(readFileSync(join(ROOT, path), 'utf8'));
      if (name === null) continue;
      named++;
      if (name !== expectedName(path)) wrong.push(`${path}: banner says ${name}, expected ${expectedName(path)}`);
    }
    expect(wrong).toEqual([]);
    expect(named).toBeGreaterThan(100);
  });

  it('reads both banner styles and index files', () => {
    expect(bannerName('/**\n * ringsight/engine/detect\n * ===\n */')).toBe('ringsight/engine/detect');
    expect(bannerName('// ringsight/datasets/generator/claim — what it is\n')).toBe(
      'ringsight/datasets/generator/claim'
    );
    expect(bannerName('import x from "y";\n')).toBeNull();
    expect(expectedName('engine/detect/index.ts')).toBe('ringsight/engine/detect');
    expect(expectedName('bench/api.bench.ts')).toBe('ringsight/bench/api.bench');
  });
});
