/**
 * ringsight/api/routes/me
 * =======================
 *
 * `GET /api/me`: who the bearer token belongs to — its name, role and, for an
 * insurer, which insurer. The viewer asks at sign-in to decide what to offer
 * (the case-reference field for police, the report button). Every role may
 * call it; it reveals nothing beyond what the caller's own token configures.
 */
import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../plugins/auth.js';
import { ACCESS, ROLES } from '../policy/roles.js';
import { AUTH_ERRORS, errors, StringEnum } from '../schemas.js';

export const Me = Type.Object({
  name: Type.String({ description: "the token's name in the token configuration" }),
  role: StringEnum(ROLES),
  insurer: Type.Optional(Type.String({ description: 'insurer role only: the insurer whose claims it sees' }))
});

export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    {
      config: { roles: ACCESS.me },
      schema: {
        tags: ['me'],
        summary: 'the caller: name, role and (insurer role) insurer',
        querystring: Type.Object({}),
        response: { 200: Me, ...errors(...AUTH_ERRORS) }
      }
    },
    async (request) => {
      const p = principalOf(request);
      return { name: p.name, role: p.role, ...(p.insurer ? { insurer: p.insurer } : {}) };
    }
  );
};
