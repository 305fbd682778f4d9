/**
 * ringsight/engine/signals/agent
 * ==============================
 *
 * Agent practice — exculpatory, so its weight is negative: one agent (role
 * `agent`) on a large share of the ring's claims, with nothing that marks a
 * broker. Selling and servicing policies puts an honest agent on hundreds of
 * customers' claims and their phone on the forms; an injury-claim broker
 * (人伤黄牛) is told apart by where the claims go — a provider that sees more
 * of them than the place explains (signals/concentration) — and by where the
 * money goes: payouts for people of different home districts landing in one
 * account, the agent's or anyone's. When either is present this signal stays
 * silent.
 */
import { intermediaryConcentration } from './concentration.js';
import { sharedIdentifiers } from './shared.js';
import { evidence, ref, weighted, type Signal } from './context.js';

const MIN_SHARE = 0.4;

export const agentPractice: Signal = (ctx) => {
  const n = ctx.claims.length;
  if (n < 4) return null;
  let agent = -1;
  let agentClaims = 0;
  for (const [person, roles] of ctx.personRoles) {
    const k = roles.get('agent')?.size ?? 0;
    if (k > agentClaims) {
      agent = person;
      agentClaims = k;
    }
  }
  if (agent < 0 || agentClaims / n < MIN_SHARE) return null;
  if (sharedIdentifiers(ctx, 'bank_account').shared.length > 0) return null;
  for (const [e, people] of ctx.holders) {
    if (ctx.index.entityType[e] === 'bank_account' && people.has(agent) && people.size > 1) return null;
  }
  if (intermediaryConcentration(ctx) !== null) return null;
  const share = agentClaims / n;
  return evidence(
    'agent_practice',
    share,
    weighted(ctx, 'agent_practice', share),
    `one agent is on ${agentClaims} of ${n} claims (${Math.round(share * 100)}%) with no provider seeing more of them than the place explains ` +
      `and no payouts pooled in one account — an agent's ordinary book of customers, which lowers the score`,
    [ref(ctx, agent)],
    share
  );
};
