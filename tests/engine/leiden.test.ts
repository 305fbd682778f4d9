import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../datasets/generator/index.js';
import { detectCommunities } from '../../engine/detect/communities.js';
import { DEFAULTS, detectRings, effectiveResolution, type DetectParams } from '../../engine/detect/index.js';
import { leidenCommunities, modularity, toNetwork } from '../../engine/detect/leiden.js';
import { evaluate, type Truth } from '../../engine/evaluate.js';
import { indexBook } from '../../engine/graph/claims-index.js';
import { buildCommunityGraph, type CommunityGraph } from '../../engine/graph/community-graph.js';
import type { ClaimsBook } from '../../engine/model.js';
import { readBatch } from '../../ingest/read-batch.js';
import { CliError } from '../../cli/args.js';
import { shuffled } from '../helpers/book.js';
import { detectParamsFromFlags } from '../../cli/detect-flags.js';

const LEIDEN: Partial<DetectParams> = { community: 'leiden' };
const CPM: Partial<DetectParams> = { community: 'leiden', quality: 'cpm' };

let dir: string;
let book: ClaimsBook;
let truth: Truth;
let graph: CommunityGraph;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringsight-leiden-'));
  await generate({ claims: 10_000, out: dir, seed: 11 });
  book = (await readBatch(dir)).book;
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  graph = buildCommunityGraph(indexBook(book), DEFAULTS);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Leiden community step', () => {
  it('has a community graph big enough to need it', () => {
    expect(graph.graph.order).toBeGreaterThan(500);
  });

  it('hands the library the same graph: every edge both ways, neighbours ascending, node weights the weighted degrees', () => {
    const net = toNetwork(graph);
    expect(net.getNNodes()).toBe(graph.graph.order);
    expect(net.getNEdges()).toBe(graph.graph.size);
    expect(net.getTotalEdgeWeight()).toBeCloseTo(graph.weight, 6);
    for (let i = 0; i < net.getNNodes(); i++) {
      const nb = net.getNeighbors(i);
      for (let k = 1; k < nb.length; k++) expect(nb[k]!).toBeGreaterThan(nb[k - 1]!);
      expect(nb.length).toBe(graph.graph.degree(String(i)));
    }
    // Modularity at γ = 1 of the all-singletons partition: −Σ (k_i / 2W)², a small negative number.
    const singletons = Int32Array.from({ length: net.getNNodes() }, (_, i) => i);
    const q = modularity(net, singletons, net.getNNodes(), 1);
    expect(q).toBeLessThan(0);
    expect(q).toBeGreaterThan(-0.01);
  });

  for (const [name, quality] of [
    ['modularity', 'modularity'],
    ['CPM', 'cpm']
  ] as const) {
    it(`gives the same partition for the same seed (${name}), and only connected communities`, () => {
      const params = {
        seed: 7,
        quality,
        resolution: effectiveResolution(DEFAULTS, graph.weight),
        cpmResolution: DEFAULTS.cpmResolution
      };
      const a = leidenCommunities(graph, params);
      const b = leidenCommunities(graph, params);
      expect(Buffer.from(b.community.buffer).equals(Buffer.from(a.community.buffer))).toBe(true);
      expect(b.modularity).toBe(a.modularity);
      expect(a.count).toBeGreaterThan(1);
      expect(a.iterations).toBeGreaterThanOrEqual(1);

      // Every community is connected inside itself (walk the CSR within the community).
      const { adjStart, adj } = graph;
      const n = a.community.length;
      const seen = new Uint8Array(n);
      const started = new Uint8Array(a.count);
      for (let s = 0; s < n; s++) {
        if (seen[s]) continue;
        const c = a.community[s]!;
        expect(started[c], `community ${c} is in two pieces`).toBe(0);
        started[c] = 1;
        seen[s] = 1;
        const stack = [s];
        while (stack.length) {
          const u = stack.pop()!;
          for (let k = adjStart[u]!; k < adjStart[u + 1]!; k++) {
            const v = adj[k]!;
            if (!seen[v] && a.community[v] === c) {
              seen[v] = 1;
              stack.push(v);
            }
          }
        }
      }
      // …so the connectivity split after it finds nothing to split.
      const step = detectCommunities(graph, {
        ...DEFAULTS,
        ...params,
        community: 'leiden',
        resolution: params.resolution
      });
      expect(step.splits).toBe(0);
      expect(step.communities).toBe(a.count);
      expect(JSON.stringify(detectCommunities(graph, { ...DEFAULTS, ...params, community: 'leiden' }).candidates)).toBe(
        JSON.stringify(step.candidates)
      );
    });
  }

  for (const [name, params] of [
    ['modularity', LEIDEN],
    ['CPM', CPM]
  ] as const) {
    it(`gives the same rings, byte for byte, for the same input and seed — whatever the record order (${name})`, () => {
      const first = detectRings(book, { ...params, seed: 5 });
      expect(first.params.community).toBe('leiden');
      expect(first.stats.splits).toBe(0);
      const a = JSON.stringify(first.rings);
      expect(JSON.stringify(detectRings(book, { ...params, seed: 5 }).rings)).toBe(a);
      expect(JSON.stringify(detectRings(shuffled(book, 99), { ...params, seed: 5 }).rings)).toBe(a);
    });
  }

  it('iterates until nothing changes by default (leidenIterations 0), and at most as many iterations as asked otherwise', () => {
    const params = { seed: 3, quality: 'cpm' as const, resolution: 1, cpmResolution: DEFAULTS.cpmResolution };
    expect(DEFAULTS.leidenIterations).toBe(0);
    const stable = leidenCommunities(graph, params);
    expect(stable.iterations).toBeGreaterThanOrEqual(2);
    expect(leidenCommunities(graph, { ...params, leidenIterations: 0 })).toEqual(stable);
    expect(leidenCommunities(graph, { ...params, leidenIterations: 2 }).iterations).toBeLessThanOrEqual(2);
    expect(leidenCommunities(graph, { ...params, leidenIterations: 1 }).iterations).toBe(1);
    expect(detectRings(book, { ...CPM, leidenIterations: 0 }).stats.splits).toBe(0);
  });

  it('finds the planted rings of a generated book at least as well as Louvain', () => {
    const louvain = evaluate(truth, detectRings(book).rings);
    const leiden = evaluate(truth, detectRings(book, LEIDEN).rings);
    const cpm = evaluate(truth, detectRings(book, CPM).rings);
    expect(louvain.planted).toBeGreaterThan(5);
    expect(leiden.ringRecall).toBeGreaterThanOrEqual(louvain.ringRecall);
    expect(cpm.ringRecall).toBeGreaterThanOrEqual(louvain.ringRecall);
    expect(leiden.flagPrecision).toBeGreaterThanOrEqual(0.9);
    expect(cpm.flagPrecision).toBeGreaterThanOrEqual(0.9);
  });

  it('leaves Louvain the default, byte for byte', () => {
    expect(DEFAULTS.community).toBe('louvain');
    expect(JSON.stringify(detectRings(book, { community: 'louvain', quality: 'cpm', cpmResolution: 5 }).rings)).toBe(
      JSON.stringify(detectRings(book).rings)
    );
  });

  it('rejects bad parameter values with the module name, even on a book too small to need the step', () => {
    const tiny: ClaimsBook = { claims: [], links: [], entities: [], watchlist: [] };
    for (const b of [tiny, book]) {
      expect(() => detectRings(b, { community: 'infomap' as never })).toThrow(
        /^ringsight\/detect\/communities: community must be "louvain" or "leiden", got "infomap"/
      );
      expect(() => detectRings(b, { community: 'leiden', quality: 'surprise' as never })).toThrow(
        /^ringsight\/detect\/leiden: quality must be/
      );
      for (const bad of [0, -0.01, Number.NaN, Number.POSITIVE_INFINITY]) {
        expect(() => detectRings(b, { ...CPM, cpmResolution: bad })).toThrow(
          /^ringsight\/detect\/leiden: cpmResolution must be a number > 0/
        );
      }
      expect(() => detectRings(b, { ...LEIDEN, resolution: -1 })).toThrow(
        /^ringsight\/detect\/leiden: resolution must be a number > 0/
      );
      expect(() => detectRings(b, { ...LEIDEN, seed: 1.5 })).toThrow(
        /^ringsight\/detect\/leiden: seed must be a whole number/
      );
      expect(() => detectRings(b, { ...LEIDEN, leidenIterations: 1.5 })).toThrow(
        /^ringsight\/detect\/leiden: leidenIterations must be a whole number ≥ 0/
      );
    }
    expect(() =>
      leidenCommunities(graph, { seed: 1, quality: 'cpm', resolution: 1, cpmResolution: 0.01, leidenIterations: -1 })
    ).toThrow(/^ringsight\/detect\/leiden: leidenIterations must be a whole number ≥ 0/);
    expect(() =>
      leidenCommunities(graph, { seed: 1, quality: 'cpm', resolution: 1, cpmResolution: 0.01, randomness: 0 })
    ).toThrow(/^ringsight\/detect\/leiden: randomness/);
  });

  it('reads --community, --quality and --cpm-resolution from the command line', () => {
    expect(detectParamsFromFlags('detect', { community: 'leiden' })).toEqual({ community: 'leiden' });
    expect(detectParamsFromFlags('detect', { community: 'leiden', 'cpm-resolution': '0.004' })).toEqual({
      community: 'leiden',
      quality: 'cpm',
      cpmResolution: 0.004
    });
    expect(detectParamsFromFlags('detect', { community: 'leiden', quality: 'modularity' })).toEqual({
      community: 'leiden',
      quality: 'modularity'
    });
    expect(detectParamsFromFlags('detect', { community: 'louvain' })).toEqual({ community: 'louvain' });
    const refused = (flags: Record<string, string>, message: RegExp): void => {
      expect(() => detectParamsFromFlags('detect', flags)).toThrow(CliError);
      expect(() => detectParamsFromFlags('detect', flags)).toThrow(message);
    };
    refused({ community: 'walktrap' }, /--community must be louvain or leiden/);
    refused({ 'cpm-resolution': '0.01' }, /need --community leiden/);
    refused({ community: 'leiden', 'cpm-resolution': '0' }, /--cpm-resolution must be a number > 0/);
    refused({ community: 'leiden', 'cpm-resolution': 'x' }, /--cpm-resolution must be a number/);
    refused({ community: 'leiden', quality: 'cpm2' }, /--quality must be modularity or cpm/);
    refused(
      { community: 'leiden', quality: 'modularity', 'cpm-resolution': '0.01' },
      /--cpm-resolution is for --quality cpm/
    );
  });
});
