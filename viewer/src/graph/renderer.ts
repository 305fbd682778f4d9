/**
 * ringsight/viewer/graph/renderer
 * ===============================
 *
 * Creates the sigma (WebGL) renderer with the settings that keep large
 * neighbourhoods smooth: edges and labels are skipped while the camera moves,
 * every node shape goes through one program, and big graphs draw edges as
 * 1-pixel GL lines instead of triangles. Labels go through a placer that
 * keeps them from overlapping (label-placer.ts). The ring view and the FPS bench use
 * this same function, so the bench measures what analysts get.
 */
import Sigma from 'sigma';
import { EdgeLineProgram, EdgeRectangleProgram } from 'sigma/rendering';
import type { Settings } from 'sigma/settings';
import type { EdgeAttrs, NodeAttrs, RingGraph } from './model.js';
import NodeShapeProgram from './styles/shape-program.js';
import { LabelPlacer } from './label-placer.js';
import { EDGE_COLOR } from './styles/palette.js';

/** Above this many edges, thin lines: a rectangle edge costs six vertices, a line two. */
export const LINE_EDGE_THRESHOLD = 4000;

export const LABEL_FONT = '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif';

export type RingSigma = Sigma<NodeAttrs, EdgeAttrs>;

export function rendererSettings(
  edgeCount: number,
  overrides: Partial<Settings<NodeAttrs, EdgeAttrs>> = {}
): Partial<Settings<NodeAttrs, EdgeAttrs>> {
  return {
    nodeProgramClasses: { shape: NodeShapeProgram },
    edgeProgramClasses: { line: EdgeLineProgram, rect: EdgeRectangleProgram },
    defaultNodeType: 'shape',
    defaultEdgeType: edgeCount > LINE_EDGE_THRESHOLD ? 'line' : 'rect',
    defaultEdgeColor: EDGE_COLOR,
    hideEdgesOnMove: true,
    hideLabelsOnMove: true,
    renderEdgeLabels: false,
    enableEdgeEvents: false,
    zIndex: true,
    labelFont: LABEL_FONT,
    labelSize: 12,
    labelWeight: '500',
    labelColor: { color: '#343a40' },
    labelDensity: 0.5,
    labelGridCellSize: 110,
    labelRenderedSizeThreshold: 9,
    minCameraRatio: 0.02,
    maxCameraRatio: 12,
    stagePadding: 40,
    // Tests and tab switches can mount the view in a container that has no size yet.
    allowInvalidContainer: true,
    ...overrides
  };
}

/** Each renderer's label placer (labels that never overlap), for the view and the tests. */
const placers = new WeakMap<RingSigma, LabelPlacer>();

export function labelPlacerOf(renderer: RingSigma): LabelPlacer | null {
  return placers.get(renderer) ?? null;
}

export function createRenderer(
  container: HTMLElement,
  graph: RingGraph,
  overrides: Partial<Settings<NodeAttrs, EdgeAttrs>> = {}
): RingSigma {
  const placer = new LabelPlacer();
  const renderer = new Sigma<NodeAttrs, EdgeAttrs>(
    graph,
    container,
    rendererSettings(graph.size, { defaultDrawNodeLabel: placer.draw, ...overrides })
  );
  renderer.on('beforeRender', () => placer.reset());
  placers.set(renderer, placer);
  return renderer;
}

/** WebGL may be missing (old drivers, policies): find out before sigma throws deep inside. */
export function webglAvailable(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return !!(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
