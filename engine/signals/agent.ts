/**
 * ringsight/signals/agent
 * =======================
 *
 * Agent practice — exculpatory, so its contribution is negative: one agent
 * (role `agent`) on a large share of the ring's claims, with nothing that
 * marks a broker. Selling and servicing policies puts an honest agent on
 * hundreds of customers' claims and their phone on the forms; an injury-claim
 * broker (人伤黄牛) is told apart by where the claims go — the same exclusive
 * clinic, appraiser or lawyer — and by payouts landing in the agent's account.
 * When either is present this signal stays silent.
 */
import type { EntityType } from '../model.js';
import { evidence, ref, type Signal } from './context.js';

const MIN_SHARE = 0.4;
const PROVIDERS: readonly EntityType[] = ['hospital', 'appraiser', 'lawyer', 'repair_shop'];
/** share × √exclusivity above which a provider counts as a ring's own (see signals/concentration). */
const CAPTIVE_PROVIDER = 0.2;

export const agentPractice: Signal = (ctx) => {
  const n = ctx.claims.length;
  if (n < 4) return null;
  let agent = -1;
  let agentClaims = 0;
  for (const [person, roles] of ctx.personRoles) {
    const k = roles.get('agent')?.size ?? 0;
    if (k > agentClaims) { agent = person; agentClaims = k; }
  }
  if (agent < 0 || agentClaims / n < MIN_SHARE) return null;

  for (const [e, claims] of ctx.entityClaims) {
    if (!PROVIDERS.includes(ctx.index.entityType[e]!) || claims.size < 3) continue;
    if ((claims.size / n) * Math.sqrt(claims.size / ctx.index.degree[e]!) >= CAPTIVE_PROVIDER) return null;
  }
  for (const [e, people] of ctx.holders) {
    if (ctx.index.entityType[e] === 'bank_account' && people.has(agent) && people.size > 1) return null;
  }
  const share = agentClaims / n;
  const e = evidence('agent_practice', share, 15 * share,
    `one agent is on ${agentClaims} of ${n} claims (${Math.round(share * 100)}%) with no captive clinic, appraiser, lawyer or repair shop ` +
    `and no payouts to the agent — an agent's ordinary book of customers, which lowers the score`, [ref(ctx, agent)]);
  return e ? { ...e, contribution: -e.contribution } : null;
};
