/**
 * ringsight/viewer/bench/fps
 * ==========================
 *
 * Frames per second of the viewer's renderer on a 5,000-node / 20,000-edge
 * neighbourhood, in headless Chromium (software WebGL: SwiftShader).
 *
 *   npx tsx viewer/bench/fps.ts [--nodes 5000] [--edges 20000] [--seconds 5] [--json]
 *
 * Serves viewer/bench/index.html with Vite, loads the synthetic graph into the
 * viewer's GraphView, checks the canvas really paints, then measures:
 *   animate  back-to-back camera pan/zoom animations (edges and labels hidden while moving)
 *   drag     real mouse drags and wheel zooms through sigma's captors
 *   redraw   the camera moved every frame without the moving flag (full redraw with edges)
 * and, for reference, camera animations with sigma's stock circle program.
 * FPS is requestAnimationFrame callbacks per second; Chromium caps it at the display rate (60).
 */
import { join } from 'node:path';
import { createServer } from 'vite';
import { freePort, launchChromium, ROOT } from '../../tests/viewer/harness.js';

interface Result {
  fps: number;
  frames: number;
  p50: number;
  p95: number;
  worst: number;
}

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? Number(process.argv[i + 1]) : fallback;
}

const nodes = flag('nodes', 5000);
const edges = flag('edges', 20000);
const seconds = flag('seconds', 5);
const json = process.argv.includes('--json');

const started = Date.now();
/** Progress on stderr, so a slow software-GL machine shows where the time goes. */
const step = (what: string): void => {
  process.stderr.write(`[fps ${((Date.now() - started) / 1000).toFixed(1)}s] ${what}\n`);
};

const port = await freePort();
const server = await createServer({
  configFile: join(ROOT, 'viewer/vite.config.ts'),
  logLevel: 'warn',
  server: { host: '127.0.0.1', port, strictPort: true, hmr: false }
});
await server.listen();
step(`vite serving the bench page on port ${port}`);
const browser = await launchChromium();
let failed = false;

interface Info {
  nodes: number;
  edges: number;
  edgeProgram: string;
  gl: string;
  painted: Record<string, number>;
}

async function openBench(program: 'shape' | 'circle') {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => {
    process.stderr.write(`page error: ${e.message}\n`);
    failed = true;
  });
  await page.goto(`http://127.0.0.1:${port}/bench/index.html?nodes=${nodes}&edges=${edges}&program=${program}`);
  await page.waitForFunction(() => 'bench' in window, undefined, { timeout: 60_000 });
  const info: Info = await page.evaluate(() => {
    const b = (
      window as unknown as {
        bench: {
          nodes: number;
          edges: number;
          edgeProgram: string;
          glInfo(): string;
          painted(): Record<string, number>;
        };
      }
    ).bench;
    return { nodes: b.nodes, edges: b.edges, edgeProgram: b.edgeProgram, gl: b.glInfo(), painted: b.painted() };
  });
  // A canvas that paints nothing would "render" at any frame rate: refuse to measure it.
  if (!info.painted.nodes || !info.painted.edges)
    throw new Error(`the canvas painted nothing: ${JSON.stringify(info.painted)}`);
  const run = (mode: string, ms: number): Promise<Result> =>
    page.evaluate(
      ([m, t]) =>
        (window as unknown as { bench: { run(mode: string, ms: number): Promise<Result> } }).bench.run(
          m as string,
          t as number
        ),
      [mode, ms] as const
    );
  await run('idle', 1000); // warm-up: shader compilation, first upload
  return { page, info, run };
}

try {
  const { page, info, run } = await openBench('shape');
  step('graph loaded; measuring camera animations');
  const animate = await run('animate', seconds * 1000);

  step('measuring mouse drags and wheel zooms');
  // Real input: drag to pan and wheel to zoom while the page counts frames.
  const measuring = run('idle', seconds * 1000);
  const deadline = Date.now() + seconds * 1000 - 200;
  for (let i = 0; Date.now() < deadline; i++) {
    const x = 500 + (i % 3) * 120;
    const y = 350 + (i % 2) * 100;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 240, y + 120, { steps: 20 });
    await page.mouse.up();
    await page.mouse.wheel(0, i % 2 ? 240 : -240);
  }
  const drag = await measuring;

  step('measuring full redraws');
  const redraw = await run('redraw', seconds * 1000);
  await page.close();

  step("reference: sigma's stock circle program, camera animations");
  const reference = await openBench('circle');
  const circle = await reference.run('animate', seconds * 1000);
  await reference.page.close();

  const results = {
    nodes: info.nodes,
    edges: info.edges,
    edgeProgram: info.edgeProgram,
    gl: info.gl,
    painted: info.painted,
    animate,
    drag,
    redraw,
    referenceCircleAnimate: circle
  };
  if (json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
  else {
    const row = (name: string, r: Result): string =>
      `${name.padEnd(16)} ${r.fps.toFixed(1).padStart(6)} fps   frame p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, worst ${r.worst.toFixed(1)} ms (${r.frames} frames)`;
    process.stdout.write(
      [
        `ringsight viewer FPS — ${info.nodes} nodes, ${info.edges} edges, edge program "${info.edgeProgram}", ${info.gl}`,
        row('animate', animate),
        row('drag', drag),
        row('redraw', redraw),
        row('animate (circle)', circle),
        `FPS (pan/zoom, camera animations): ${animate.fps.toFixed(1)}`
      ].join('\n') + '\n'
    );
  }
} catch (error) {
  process.stderr.write(`fps bench failed: ${(error as Error).message}\n`);
  failed = true;
} finally {
  await browser.close();
  await server.close();
}
process.exitCode = failed ? 1 : 0;
