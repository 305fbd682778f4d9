/**
 * ringsight/viewer/pages/page
 * ===========================
 *
 * What the app shell needs from a page: its element, a way to redo its text
 * when the language changes (without refetching or re-laying out a graph),
 * and a way to release what it holds (renderers, workers, listeners).
 */

export interface Page {
  readonly el: HTMLElement;
  relabel(): void;
  destroy(): void;
}
