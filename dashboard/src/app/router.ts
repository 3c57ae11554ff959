import { useEffect, useState } from 'react';

export type Route =
  | { name: 'map'; stationId: string | null }
  | { name: 'repair' }
  | { name: 'orders'; orderId: number | null }
  | { name: 'uptime' }
  | { name: 'programme' }
  | { name: 'alerts' }
  | { name: 'never' }
  | { name: 'investigate' }
  | { name: 'coverage' }
  | { name: 'private' };

/** Hash routes, so the hub can serve the bundle as static files with no rewrite rules. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  switch (parts[0]) {
    case 'station':
      return { name: 'map', stationId: parts[1] ?? null };
    case 'work-orders': {
      const id = Number(parts[1]);
      return { name: 'orders', orderId: Number.isSafeInteger(id) && id > 0 ? id : null };
    }
    case 'private-cameras':
      return { name: 'private' };
    case 'repair':
    case 'uptime':
    case 'programme':
    case 'alerts':
    case 'never':
    case 'investigate':
    case 'coverage':
      return { name: parts[0] };
    default:
      return { name: 'map', stationId: null };
  }
}

export function hrefOf(route: Route): string {
  if (route.name === 'map') return route.stationId ? `#/station/${encodeURIComponent(route.stationId)}` : '#/';
  if (route.name === 'orders') return route.orderId ? `#/work-orders/${route.orderId}` : '#/work-orders';
  if (route.name === 'private') return '#/private-cameras';
  return `#/${route.name}`;
}

export function navigate(route: Route): void {
  window.location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
