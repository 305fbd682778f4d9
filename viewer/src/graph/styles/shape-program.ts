/**
 * ringsight/viewer/graph/styles/shape-program
 * ===========================================
 *
 * A sigma node program that draws every entity type's shape in one draw call.
 * Each node is one GL point sprite (one vertex, a square of 4r² pixels); the
 * fragment shader cuts the shape out with a signed distance function chosen by
 * a per-node `a_shape` attribute. One program instead of one per shape keeps a
 * 5,000-node graph at a single draw call, and points instead of instanced
 * triangles tripled the frame rate under software WebGL (SwiftShader), where
 * per-instance overhead dominates (see viewer/bench/fps.ts).
 * Sizes mean what they mean for sigma's circle program (radius in pixels).
 * Point sprites are capped by the GPU's ALIASED_POINT_SIZE_RANGE (≥ 1024 px on
 * desktop GPUs and SwiftShader); the camera's zoom limits keep nodes below it.
 *
 * Nodes wider than a few pixels get a thin white outline so that touching
 * nodes stay distinct; tiny nodes skip it, or they would turn white.
 */
import type { Attributes } from 'graphology-types';
import { NodeProgram } from 'sigma/rendering';
import type { NodeDisplayData, RenderParams } from 'sigma/types';
import { floatColor } from 'sigma/utils';
import type { ProgramInfo } from 'sigma/rendering';

// language=GLSL
const VERTEX_SHADER = /* glsl */ `
attribute vec4 a_id;
attribute vec4 a_color;
attribute vec2 a_position;
attribute float a_size;
attribute float a_shape;

uniform mat3 u_matrix;
uniform float u_sizeRatio;
uniform float u_pixelRatio;

varying vec4 v_color;
varying float v_pointSize;
varying float v_shape;

const float bias = 255.0 / 254.0;

void main() {
  gl_Position = vec4((u_matrix * vec3(a_position, 1)).xy, 0, 1);
  gl_PointSize = a_size / u_sizeRatio * u_pixelRatio * 2.0;
  v_pointSize = gl_PointSize;
  v_shape = a_shape;
  #ifdef PICKING_MODE
  v_color = a_id;
  #else
  v_color = a_color;
  #endif
  v_color.a *= bias;
}
`;

// Distance functions after Inigo Quilez's 2D SDF catalogue; the shape fits the unit disc.
// language=GLSL
const FRAGMENT_SHADER = /* glsl */ `
precision highp float;

varying vec4 v_color;
varying float v_pointSize;
varying float v_shape;

float sdBox(vec2 p, vec2 b) {
  vec2 d = abs(p) - b;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
float sdHexagon(vec2 p, float r) {
  const vec3 k = vec3(-0.866025404, 0.5, 0.577350269);
  p = abs(p);
  p -= 2.0 * min(dot(k.xy, p), 0.0) * k.xy;
  p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
  return length(p) * sign(p.y);
}
float sdOctagon(vec2 p, float r) {
  const vec3 k = vec3(-0.9238795325, 0.3826834323, 0.4142135623);
  p = abs(p);
  p -= 2.0 * min(dot(vec2(k.x, k.y), p), 0.0) * vec2(k.x, k.y);
  p -= 2.0 * min(dot(vec2(-k.x, k.y), p), 0.0) * vec2(-k.x, k.y);
  p -= vec2(clamp(p.x, -k.z * r, k.z * r), r);
  return length(p) * sign(p.y);
}
float sdTriangle(vec2 p, float r) {
  const float k = 1.7320508;
  p.x = abs(p.x) - r;
  p.y = p.y + r / k;
  if (p.x + k * p.y > 0.0) p = vec2(p.x - k * p.y, -k * p.x - p.y) / 2.0;
  p.x -= clamp(p.x, -2.0 * r, 0.0);
  return -length(p) * sign(p.y);
}
float sdPentagon(vec2 p, float r) {
  const vec3 k = vec3(0.809016994, 0.587785252, 0.726542528);
  p.x = abs(p.x);
  p -= 2.0 * min(dot(vec2(-k.x, k.y), p), 0.0) * vec2(-k.x, k.y);
  p -= 2.0 * min(dot(vec2(k.x, k.y), p), 0.0) * vec2(k.x, k.y);
  p -= vec2(clamp(p.x, -r * k.z, r * k.z), r);
  return length(p) * sign(p.y);
}
float sdStar5(vec2 p, float r, float rf) {
  const vec2 k1 = vec2(0.809016994375, -0.587785252292);
  const vec2 k2 = vec2(-0.809016994375, -0.587785252292);
  p.x = abs(p.x);
  p -= 2.0 * max(dot(k1, p), 0.0) * k1;
  p -= 2.0 * max(dot(k2, p), 0.0) * k2;
  p.x = abs(p.x);
  p.y -= r;
  vec2 ba = rf * vec2(-k1.y, k1.x) - vec2(0.0, 1.0);
  float h = clamp(dot(p, ba) / dot(ba, ba), 0.0, r);
  return length(p - ba * h) * sign(p.y * ba.x - p.x * ba.y);
}

float shape(vec2 p, float s) {
  if (s < 0.5) return length(p) - 1.0;
  if (s < 1.5) return sdBox(p, vec2(0.6)) - 0.1;
  if (s < 2.5) return (abs(p.x) + abs(p.y) - 1.0) * 0.7071;
  if (s < 3.5) return sdHexagon(p, 0.86);
  if (s < 4.5) return sdTriangle(vec2(p.x, p.y + 0.12), 0.9);
  if (s < 5.5) return min(sdBox(p, vec2(0.92, 0.34)), sdBox(p, vec2(0.34, 0.92)));
  if (s < 6.5) return sdPentagon(vec2(p.x, -p.y), 0.8);
  if (s < 7.5) return abs(length(p) - 0.7) - 0.3;
  if (s < 8.5) return sdStar5(p, 1.0, 0.5);
  if (s < 9.5) return sdOctagon(p, 0.92);
  return length(p) - 1.0;
}

void main(void) {
  vec2 p = (gl_PointCoord - vec2(0.5)) * vec2(2.0, -2.0);
  float px = 2.0 / v_pointSize;
  float d = shape(p, v_shape);

  #ifdef PICKING_MODE
  // Hollow shapes are picked on their whole disc, so they are as easy to click as the rest.
  if (v_shape > 6.5 && v_shape < 7.5) d = length(p) - 1.0;
  if (d > 0.0) discard;
  gl_FragColor = v_color;
  #else
  float coverage = 1.0 - smoothstep(-px, 0.0, d);
  if (coverage <= 0.0) discard;
  vec4 fill = v_color;
  // Collapsed groups: a white ring inside the disc marks "there is more inside".
  if (v_shape > 9.5) fill = mix(vec4(1.0, 1.0, 1.0, fill.a), fill, smoothstep(0.0, px, abs(length(p) - 0.55) - 0.1));
  float outline = step(6.0 * px, 1.0) * smoothstep(-2.5 * px, -1.5 * px, d);
  vec4 color = mix(fill, vec4(1.0, 1.0, 1.0, fill.a), outline);
  gl_FragColor = color * coverage;
  #endif
}
`;

const { UNSIGNED_BYTE, FLOAT } = WebGLRenderingContext;
const UNIFORMS = ['u_sizeRatio', 'u_pixelRatio', 'u_matrix'] as const;

/** The same test sigma's render() uses to hide edges and labels while the view moves. */
/** What isMoving reads of a renderer, whatever its graph's attribute types. */
interface MotionSource {
  getMouseCaptor(): { isMoving: boolean; draggedEvents: number; currentWheelDirection: number };
  getCamera(): { isAnimated(): boolean };
}

export function isMoving(renderer: MotionSource): boolean {
  const mouse = renderer.getMouseCaptor();
  return (
    renderer.getCamera().isAnimated() || mouse.isMoving || mouse.draggedEvents > 0 || mouse.currentWheelDirection !== 0
  );
}

/** Display data with the shape code the palette assigns (see palette.ts SHAPES). */
export type ShapedNodeDisplayData = NodeDisplayData & { shape?: number };

export default class NodeShapeProgram<
  N extends Attributes = Attributes,
  E extends Attributes = Attributes,
  G extends Attributes = Attributes
> extends NodeProgram<(typeof UNIFORMS)[number], N, E, G> {
  getDefinition() {
    return {
      VERTICES: 1,
      VERTEX_SHADER_SOURCE: VERTEX_SHADER,
      FRAGMENT_SHADER_SOURCE: FRAGMENT_SHADER,
      METHOD: WebGLRenderingContext.POINTS,
      UNIFORMS,
      ATTRIBUTES: [
        { name: 'a_position', size: 2, type: FLOAT },
        { name: 'a_size', size: 1, type: FLOAT },
        { name: 'a_color', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_id', size: 4, type: UNSIGNED_BYTE, normalized: true },
        { name: 'a_shape', size: 1, type: FLOAT }
      ]
    };
  }

  private pickSkipped = false;
  private pickTimer = 0;

  /**
   * While the camera moves nobody can hover a node, so the picking pass (a
   * second draw of every node into an offscreen buffer) is skipped, and
   * redone once the view is still. It is most of a frame on software GL.
   */
  render(params: RenderParams): void {
    if (!this.pickProgram || !isMoving(this.renderer)) {
      this.pickSkipped = false;
      super.render(params);
      return;
    }
    const pick = this.pickProgram;
    this.pickProgram = null;
    try {
      super.render(params);
    } finally {
      this.pickProgram = pick;
    }
    this.pickSkipped = true;
    window.clearTimeout(this.pickTimer);
    this.pickTimer = window.setTimeout(() => {
      if (this.pickSkipped) this.renderer.scheduleRender();
    }, 200);
  }

  kill(): void {
    window.clearTimeout(this.pickTimer);
    super.kill();
  }

  processVisibleItem(nodeIndex: number, startIndex: number, data: NodeDisplayData): void {
    const array = this.array;
    array[startIndex++] = data.x;
    array[startIndex++] = data.y;
    array[startIndex++] = data.size;
    array[startIndex++] = floatColor(data.color);
    array[startIndex++] = nodeIndex;
    array[startIndex++] = (data as ShapedNodeDisplayData).shape ?? 0;
  }

  setUniforms(params: RenderParams, { gl, uniformLocations }: ProgramInfo): void {
    gl.uniform1f(uniformLocations.u_pixelRatio!, params.pixelRatio);
    gl.uniform1f(uniformLocations.u_sizeRatio!, params.sizeRatio);
    gl.uniformMatrix3fv(uniformLocations.u_matrix!, false, params.matrix);
  }
}
