/**
 * ringsight/viewer/state/route
 * ============================
 *
 * Hash routes, so the API can serve the viewer from `/` with no server-side
 * routing and every view (a filtered list, a ring, an entity) has a link an
 * analyst can paste to a colleague.
 *
 *   #/rings?minScore=60&sort=claimed    the ring list with its filters
 *   #/ring/R-0001                        one ring
 *   #/entity/person/~handle              one entity's neighbourhood
 *   #/alerts?state=open&mine=1           the alert inbox with its filters
 *   #/cases                              case folders
 */
import { Store } from './store.js';

export type Route =
  | { name: 'rings'; query: URLSearchParams }
  | { name: 'ring'; id: string }
  | { name: 'entity'; type: string; key: string }
  | { name: 'alerts'; query: URLSearchParams }
  | { name: 'cases' };

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = raw.split('?', 2) as [string?, string?];
  const parts = path
    .split('/')
    .filter((p) => p !== '')
    .map((p) => {
      try {
        return decodeURIComponent(p);
      } catch {
        return p;
      }
    });
  if (parts[0] === 'ring' && parts[1]) return { name: 'ring', id: parts[1] };
  if (parts[0] === 'entity' && parts[1] && parts[2])
    return { name: 'entity', type: parts[1], key: parts.slice(2).join('/') };
  if (parts[0] === 'alerts') return { name: 'alerts', query: new URLSearchParams(search) };
  if (parts[0] === 'cases') return { name: 'cases' };
  return { name: 'rings', query: new URLSearchParams(search) };
}

export function href(route: Route): string {
  switch (route.name) {
    case 'ring':
      return `#/ring/${encodeURIComponent(route.id)}`;
    case 'entity':
      return `#/entity/${encodeURIComponent(route.type)}/${encodeURIComponent(route.key)}`;
    case 'alerts': {
      const q = route.query.toString();
      return q ? `#/alerts?${q}` : '#/alerts';
    }
    case 'cases':
      return '#/cases';
    default: {
      const q = route.query.toString();
      return q ? `#/rings?${q}` : '#/rings';
    }
  }
}

export const route = new Store<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function startRouter(): void {
  window.addEventListener('hashchange', () => route.set(parseRoute(location.hash)));
}

export function navigate(next: Route, replace = false): void {
  const target = href(next);
  if (replace) history.replaceState(null, '', target);
  else if (location.hash !== target) history.pushState(null, '', target);
  route.set(next);
}
