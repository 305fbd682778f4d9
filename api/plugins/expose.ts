/**
 * ringsight/api/plugins/expose
 * ============================
 *
 * Marks a plugin as not encapsulated, so its hooks, decorators and handlers
 * apply to the whole app — what the `fastify-plugin` package does, in three
 * lines, without another dependency.
 */
import type { FastifyPluginAsync } from 'fastify';

export function expose<T extends Record<string, unknown>>(
  name: string,
  plugin: FastifyPluginAsync<T>
): FastifyPluginAsync<T> {
  const p = plugin as FastifyPluginAsync<T> & Record<symbol, unknown>;
  p[Symbol.for('skip-override')] = true;
  p[Symbol.for('fastify.display-name')] = name;
  return p;
}
