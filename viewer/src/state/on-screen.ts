/**
 * ringsight/viewer/state/on-screen
 * ================================
 *
 * The graph on screen, as the search box may read it: a masked phone or ID
 * copied from the canvas or a panel (138****5678) cannot be looked up on the
 * server — masking exists so that it cannot — but it names a node the user
 * is already shown, so the search box finds it here. Only what this session
 * was allowed to see is searched, so this reveals nothing new.
 */

export interface OnScreenNode {
  id: string;
  kind: string;
  key: string;
  label: string;
}

export interface OnScreen {
  nodes(): OnScreenNode[];
  select(id: string): void;
}

let current: OnScreen | null = null;

/** The graph view registers itself while it is shown (null when it goes). */
export function setOnScreen(view: OnScreen | null): void {
  current = view;
}

/** Text that holds a mask: what the server cannot search for. */
export const looksMasked = (q: string): boolean => /[*＊]/.test(q);

/** Label text without the badges and member numbers annotate.ts adds, spaces or dashes. */
function comparable(text: string): string {
  return text
    .replace(/^★\s*/, '')
    .replace(/\s*·M\d+$/, '')
    .replace(/[\s\-－]/g, '')
    .replace(/＊/g, '*')
    .toUpperCase();
}

/** Nodes on screen whose shown label is the text (as copied, with or without the ·M number). */
export function findOnScreen(q: string): { nodes: OnScreenNode[]; select: (id: string) => void } | null {
  if (!current) return null;
  const want = comparable(q);
  if (want === '') return { nodes: [], select: current.select };
  return { nodes: current.nodes().filter((n) => comparable(n.label) === want), select: current.select };
}
