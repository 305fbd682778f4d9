/**
 * ringsight/viewer/state/escape
 * =============================
 *
 * Esc closes the topmost thing that is open: a dialog, then the search
 * results, then the node panel. Each registers a handler while it is open;
 * one key listener calls the most recent handler only, so one press closes
 * one layer.
 */

type Handler = () => void;
const stack: Handler[] = [];
let listening = false;

function onKey(event: KeyboardEvent): void {
  if (event.key !== 'Escape' || event.defaultPrevented || stack.length === 0) return;
  event.preventDefault();
  stack[stack.length - 1]!();
}

/** Registers `handler` as the top layer; call the returned function when the layer closes. */
export function onEscape(handler: Handler): () => void {
  if (!listening && typeof document !== 'undefined') {
    document.addEventListener('keydown', onKey);
    listening = true;
  }
  stack.push(handler);
  return () => {
    const at = stack.lastIndexOf(handler);
    if (at >= 0) stack.splice(at, 1);
  };
}
