/**
 * ringsight/api/plugins/viewer
 * ============================
 *
 * Serves the built viewer (viewer/dist) at `/` when it exists; otherwise `/`
 * answers with a short JSON hint pointing at the docs. Unknown non-API paths
 * that a browser asks for as a page get the viewer's index.html, so its
 * client-side routes survive a reload.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import { Type } from '@fastify/type-provider-typebox';
import { expose } from './expose.js';

export interface ViewerOptions extends Record<string, unknown> {
  viewerDir: string | null;
}

export const viewerPlugin = expose<ViewerOptions>('ringsight-viewer', async (app, opts) => {
  const root = opts.viewerDir ? resolve(opts.viewerDir) : null;
  if (root && existsSync(join(root, 'index.html'))) {
    await app.register(fastifyStatic, { root, prefix: '/', index: ['index.html'], cacheControl: true, maxAge: '1h' });
    app.addHook('onSend', async (request, reply, payload) => {
      // index.html names the hashed bundles: it must be re-read after each deploy.
      if (reply.statusCode === 200 && /^\/(index\.html)?$/.test(request.url.split('?')[0]!))
        reply.header('cache-control', 'no-cache');
      return payload;
    });
    app.setNotFoundHandler((request, reply) => {
      const path = request.url.split('?')[0]!;
      const isPage =
        request.method === 'GET' &&
        !path.startsWith('/api') &&
        !path.startsWith('/docs') &&
        (request.headers.accept ?? '').includes('text/html');
      if (isPage) return reply.header('cache-control', 'no-cache').sendFile('index.html');
      return reply.code(404).send({ error: { code: 'not_found', message: 'no such route' } });
    });
    return;
  }
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: 'no such route' } })
  );
  app.get(
    '/',
    {
      schema: {
        hide: true,
        querystring: Type.Object({}),
        response: {
          200: Type.Object({ name: Type.String(), message: Type.String(), docs: Type.String(), health: Type.String() })
        }
      }
    },
    async () => ({
      name: 'ringsight',
      message: 'The viewer is not built (no viewer/dist). The API is under /api; see the docs.',
      docs: '/docs',
      health: '/api/health'
    })
  );
});
