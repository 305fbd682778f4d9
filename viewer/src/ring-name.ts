/**
 * ringsight/viewer/ring-name
 * ==========================
 *
 * A ring's readable name for triage — category, main place and the first
 * organiser's initial ("碰瓷·宜春·王") — next to its hash id, which stays the
 * ring's identity. The initial is the surname a masked name keeps (王*), so it
 * reveals nothing the role does not already show.
 */
import { label, regionLabel } from './i18n/index.js';

/** The short form of a category label: the part before a parenthesis ("故意制造事故（碰瓷）" → "碰瓷"). */
function shortCategory(category: string): string {
  const text = label('category', category);
  const inner = /[（(]([^）)]+)[）)]/.exec(text);
  return inner ? inner[1]! : text;
}

export function ringName(
  ring: { category: string; regions: readonly string[] },
  organiserLabel?: string | null
): string {
  const place = ring.regions[0] ? regionLabel(ring.regions[0]).split(' ')[0]! : '';
  const initial = organiserLabel ? organiserLabel.replace(/^★\s*/, '').trim().charAt(0) : '';
  return [shortCategory(ring.category), place, /[*\s·]/.test(initial) ? '' : initial].filter(Boolean).join('·');
}
