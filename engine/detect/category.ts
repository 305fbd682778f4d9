/**
 * ringsight/engine/detect/category
 * ================================
 *
 * Names a ring's kind of fraud from its claims' products and the signals that
 * fired: staged_collision, injury_broker, repair_shop, fake_death, or mixed
 * when several patterns are strong together or none dominates.
 */
import type { Claim, Evidence, RingCategory } from '../model.js';

function share(claims: readonly Claim[], products: readonly string[]): number {
  return claims.filter((c) => products.includes(c.product)).length / claims.length;
}

export function categorise(
  claims: readonly Claim[],
  evidence: readonly Evidence[],
  concentratedOn: readonly string[]
): RingCategory {
  const has = (signal: string, min = 0): boolean => evidence.some((e) => e.signal === signal && e.contribution > min);
  const auto = share(claims, ['auto']);
  const injury = share(claims, ['injury', 'health']);
  const death = share(claims, ['death']);
  const on = (type: string): boolean => concentratedOn.some((r) => r.startsWith(type + ':'));

  // People-level signatures first: dying twice, swapping roles. A provider concentration the
  // signature explains (a staged-collision gang's own workshop, the clinic signing a fake death)
  // does not make a second pattern; one in another line of business (injury claims at a
  // colluding clinic beside staged crashes) does.
  const patterns: RingCategory[] = [];
  const dying = has('repeat_death', 10) || death >= 0.5;
  const staging = auto >= 0.4 && has('role_switching', 10);
  if (dying) patterns.push('fake_death');
  if (staging) patterns.push('staged_collision');
  if (!staging && !dying && auto >= 0.4 && on('repair_shop')) patterns.push('repair_shop');
  if (!dying && injury >= 0.4 && (on('appraiser') || on('hospital') || on('lawyer'))) patterns.push('injury_broker');

  if (patterns.length === 1) return patterns[0]!;
  if (patterns.length > 1) return 'mixed';
  // No single fingerprint: fall back on what the claims are.
  if (death >= 0.3) return 'fake_death';
  if (auto >= 0.7) return has('role_switching') ? 'staged_collision' : 'repair_shop';
  if (injury >= 0.7) return 'injury_broker';
  return 'mixed';
}
