/**
 * ringsight/viewer/components/dom
 * ===============================
 *
 * `h()` builds DOM elements from a tag, properties and children. Text always
 * goes in as text nodes, never as HTML, so names and keys from the API cannot
 * inject markup.
 */

type Child = Node | string | number | null | undefined | false;
export type Children = Child | Children[];
type Props = {
  class?: string;
  style?: Partial<CSSStyleDeclaration> | string;
  dataset?: Record<string, string>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
  [attribute: string]: unknown;
};

/** An attribute value as text; objects have no meaningful attribute form, so they are refused rather than printed as "[object Object]". */
function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new TypeError(`ringsight/viewer/dom: attribute value must be a string, number or boolean, got ${typeof value}`);
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Children[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') el.className = scalar(value);
      else if (name === 'style') {
        if (typeof value === 'string') el.setAttribute('style', value);
        else Object.assign(el.style, value);
      } else if (name === 'dataset') Object.assign(el.dataset, value);
      else if (name === 'on') {
        for (const [event, handler] of Object.entries(value as Record<string, EventListener>))
          el.addEventListener(event, handler);
      } else if (name in el && typeof value !== 'string') {
        (el as unknown as Record<string, unknown>)[name] = value;
      } else el.setAttribute(name, value === true ? '' : scalar(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: Children[]): void {
  for (const child of children.flat(Infinity as 1) as Child[]) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child
    );
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Children[]): void {
  parent.replaceChildren();
  append(parent, children);
}
