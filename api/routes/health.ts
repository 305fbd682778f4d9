/**
 * ringsight/api/routes/health
 * ===========================
 *
 * Liveness (`/api/health`: the process answers) and readiness (`/api/ready`:
 * the store answers too — 503 when it does not, so a load balancer stops
 * sending traffic). Both public: probes carry no token.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StringEnum } from '../schemas.js';

const NoInput = Type.Object({}, { description: 'no parameters' });
const Ready = Type.Object({ ready: Type.Boolean(), store: StringEnum(['embedded', 'neo4j'] as const) });

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'liveness',
        security: [],
        querystring: NoInput,
        response: { 200: Type.Object({ status: Type.Literal('ok') }) }
      }
    },
    async () => ({ status: 'ok' as const })
  );

  app.get(
    '/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'readiness: the store answers',
        security: [],
        querystring: NoInput,
        response: { 200: Ready, 503: Ready }
      }
    },
    async (request, reply) => {
      let ready = false;
      try {
        ready = await app.store.ping();
      } catch (err) {
        request.log.warn({ err }, 'store ping failed');
      }
      return reply.code(ready ? 200 : 503).send({ ready, store: app.store.kind });
    }
  );
};
