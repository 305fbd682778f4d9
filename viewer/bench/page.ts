/**
 * ringsight/viewer/bench/page
 * ===========================
 *
 * The FPS bench page: a synthetic 5,000-node / 20,000-edge neighbourhood in
 * the viewer's own GraphView (same renderer settings, programs and reducers),
 * and `window.bench.run(mode, ms)`, which drives the camera and counts
 * requestAnimationFrame callbacks. Driven by viewer/bench/fps.ts.
 */
import { NodeCircleProgram } from 'sigma/rendering';
import { GraphView } from '../src/graph/graph-view.js';
import { syntheticGraph } from './synthetic.js';

type Mode = 'animate' | 'redraw' | 'idle';

const params = new URLSearchParams(location.search);
const graph = syntheticGraph(Number(params.get('nodes') ?? 5000), Number(params.get('edges') ?? 20000));
const container = document.getElementById('graph')!;
// `?program=circle` draws with sigma's stock circle program instead, as a reference point.
const view = new GraphView(
  graph,
  container,
  {},
  params.get('program') === 'circle' ? { nodeProgramClasses: { shape: NodeCircleProgram } } : {}
);
const camera = view.renderer.getCamera();

/** Counts frames for `ms` while `drive` moves the camera; returns FPS and frame-time percentiles. */
function measure(
  ms: number,
  drive: (t: number) => void
): Promise<{ fps: number; frames: number; p50: number; p95: number; worst: number }> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const start = performance.now();
    let last = start;
    const tick = (now: number): void => {
      times.push(now - last);
      last = now;
      if (now - start >= ms) {
        const sorted = times.slice(1).sort((a, b) => a - b);
        const pick = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
        resolve({
          fps: (times.length - 1) / ((now - start) / 1000),
          frames: times.length - 1,
          p50: pick(0.5),
          p95: pick(0.95),
          worst: sorted[sorted.length - 1] ?? 0
        });
        return;
      }
      drive(now - start);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const waypoints = [
  { x: 0.3, y: 0.3, ratio: 0.35 },
  { x: 0.7, y: 0.4, ratio: 0.6 },
  { x: 0.5, y: 0.5, ratio: 1.2 },
  { x: 0.4, y: 0.7, ratio: 0.25 },
  { x: 0.6, y: 0.6, ratio: 0.8 },
  { x: 0.5, y: 0.5, ratio: 1 }
];

async function run(mode: Mode, ms: number) {
  await camera.animatedReset({ duration: 0 });
  if (mode === 'animate') {
    // Back-to-back camera animations (pan and zoom): what sigma does on wheel zoom and double-click.
    let i = 0;
    let busy = false;
    return measure(ms, () => {
      if (busy) return;
      busy = true;
      void camera.animate(waypoints[i++ % waypoints.length]!, { duration: 700 }).then(() => {
        busy = false;
      });
    });
  }
  if (mode === 'redraw') {
    // Worst case: the camera moves every frame without the "moving" flag, so edges and labels are drawn every frame.
    return measure(ms, (t) =>
      camera.setState({
        x: 0.5 + 0.2 * Math.sin(t / 900),
        y: 0.5 + 0.2 * Math.cos(t / 700),
        ratio: 0.6 + 0.3 * Math.sin(t / 1300)
      })
    );
  }
  return measure(ms, () => undefined);
}

/** Proof the canvas draws: painted pixels in the nodes and edges layers right after a synchronous render. */
function painted(): Record<string, number> {
  view.renderer.refresh();
  const out: Record<string, number> = {};
  for (const id of ['nodes', 'edges']) {
    const canvas = view.renderer.getCanvases()[id]!;
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
    const px = new Uint8Array(gl.drawingBufferWidth * gl.drawingBufferHeight * 4);
    gl.readPixels(0, 0, gl.drawingBufferWidth, gl.drawingBufferHeight, gl.RGBA, gl.UNSIGNED_BYTE, px);
    let n = 0;
    for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
    out[id] = n;
  }
  return out;
}

function glInfo(): string {
  const canvas = view.renderer.getCanvases().nodes!;
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext;
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER));
}

(window as unknown as { bench: unknown }).bench = {
  nodes: graph.order,
  edges: graph.size,
  edgeProgram: view.renderer.getSetting('defaultEdgeType'),
  run,
  painted,
  glInfo
};
