/**
 * ringsight/api/plugins/docs
 * ==========================
 *
 * OpenAPI 3 from the routes' TypeBox schemas (@fastify/swagger), interactive
 * docs at /docs and the document itself at /docs/json. Registered before the
 * routes so it sees them all. The docs are public: they describe the API, not
 * the data.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { expose } from './expose.js';

export const docsPlugin = expose('ringsight-docs', async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'ringsight API',
        version: '0.1.0',
        description:
          'Fraud-ring detection over claims pooled by insurers in Jiangxi. ' +
          "Identities are masked by default; `?unmask=true` asks for them and the caller's role decides " +
          '(police also need an `X-Case-Reference` header). Every unmasked response is audited.'
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'a token issued by the operator (only its SHA-256 is configured)'
          }
        }
      },
      security: [{ bearer: [] }],
      tags: [
        { name: 'health', description: 'liveness and readiness' },
        { name: 'batches', description: 'upload claims batches' },
        { name: 'runs', description: 'detection runs' },
        { name: 'rings', description: 'detected rings' },
        { name: 'entities', description: 'people, phones, accounts, vehicles, providers, claims' },
        { name: 'watchlist', description: 'the shared watchlist' },
        { name: 'alerts', description: 'monitoring alerts on rings: list, acknowledge, confirm, dismiss' },
        { name: 'cases', description: 'case folders: investigations and the rings linked to them' },
        {
          name: 'reports',
          description: 'ring reports (HTML, PDF, CSV) for investigators: generate, list, download; audited'
        },
        { name: 'audit', description: 'the audit trail' },
        { name: 'me', description: 'who the token belongs to' }
      ]
    }
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: false } });
});
