/**
 * ringsight/viewer/graph/layout/fa2
 * =================================
 *
 * Runs ForceAtlas2 in its web worker (graphology's supervisor) until the
 * layout settles, then stops it so the CPU and the fans calm down. "Settled"
 * is measured, not guessed: positions are sampled a few times a second and
 * the run stops when nodes move less than a small share of the graph's size,
 * or when a time budget scaled to the graph runs out.
 *
 * If the worker cannot start (a Content-Security-Policy without
 * `worker-src blob:`, an old browser), the same iterations run in small
 * batches on the main thread between frames, so the layout still happens.
 */
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2LayoutSupervisor from 'graphology-layout-forceatlas2/worker';
import type { RingGraph } from '../model.js';

export type LayoutState = 'idle' | 'running' | 'settled';

const SAMPLE_MS = 300;
const SETTLE_SHARE = 0.002;

export class LayoutRunner {
  private supervisor: FA2LayoutSupervisor | null = null;
  private workerFailed = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private frame = 0;
  private startedAt = 0;
  private budgetMs = 0;
  private last: Float64Array | null = null;
  private lastOrder: string[] = [];
  state: LayoutState = 'idle';

  /** Where the iterations run: the worker, or the main thread when the worker could not start. */
  get mode(): 'worker' | 'main-thread' {
    return this.workerFailed ? 'main-thread' : 'worker';
  }

  constructor(
    private readonly graph: RingGraph,
    private readonly onState: (state: LayoutState) => void
  ) {}

  start(budgetMs = Math.min(12_000, 2500 + this.graph.order * 2)): void {
    this.stop(false);
    if (this.graph.order < 2) return this.setState('settled');
    const settings = { ...forceAtlas2.inferSettings(this.graph), adjustSizes: false, slowDown: 2 };
    this.startedAt = performance.now();
    this.budgetMs = budgetMs;
    this.last = null;
    this.setState('running');
    if (!this.workerFailed) {
      try {
        this.supervisor ??= new FA2LayoutSupervisor(this.graph, { settings });
        const worker = (this.supervisor as unknown as { worker: Worker | null }).worker;
        worker?.addEventListener('error', () => this.fallBack(settings));
        this.supervisor.start();
      } catch {
        this.fallBack(settings);
      }
    } else this.fallBack(settings);
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
  }

  private fallBack(settings: ReturnType<typeof forceAtlas2.inferSettings>): void {
    this.workerFailed = true;
    this.supervisor?.kill();
    this.supervisor = null;
    const step = (): void => {
      if (this.state !== 'running') return;
      forceAtlas2.assign(this.graph, { iterations: this.graph.order > 2000 ? 1 : 5, settings });
      this.frame = requestAnimationFrame(step);
    };
    cancelAnimationFrame(this.frame);
    this.frame = requestAnimationFrame(step);
  }

  /** Mean movement since the last sample, relative to the graph's extent. */
  private sample(): void {
    const graph = this.graph;
    const order = graph.nodes();
    const now = new Float64Array(order.length * 2);
    let minX = Infinity,
      maxX = -Infinity,
      minY = Infinity,
      maxY = -Infinity;
    order.forEach((node, i) => {
      const a = graph.getNodeAttributes(node);
      now[2 * i] = a.x;
      now[2 * i + 1] = a.y;
      if (a.x < minX) minX = a.x;
      if (a.x > maxX) maxX = a.x;
      if (a.y < minY) minY = a.y;
      if (a.y > maxY) maxY = a.y;
    });
    const elapsed = performance.now() - this.startedAt;
    let settled = elapsed > this.budgetMs;
    if (!settled && this.last && this.lastOrder.length === order.length && elapsed > 900) {
      let moved = 0;
      for (let i = 0; i < now.length; i += 2)
        moved += Math.hypot(now[i]! - this.last[i]!, now[i + 1]! - this.last[i + 1]!);
      const extent = Math.max(maxX - minX, maxY - minY, 1e-9);
      settled = moved / order.length / extent < SETTLE_SHARE;
    }
    this.last = now;
    this.lastOrder = order;
    if (settled) this.stop(true);
  }

  stop(settled = true): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    cancelAnimationFrame(this.frame);
    this.supervisor?.stop();
    if (this.state === 'running') this.setState(settled ? 'settled' : 'idle');
  }

  /** Positions came from elsewhere (a graph carried over a reload): nothing to run, the layout is settled. */
  settle(): void {
    this.stop(true);
    if (this.state !== 'settled') this.setState('settled');
  }

  kill(): void {
    this.stop(false);
    this.supervisor?.kill();
    this.supervisor = null;
  }

  private setState(state: LayoutState): void {
    this.state = state;
    this.onState(state);
  }
}
