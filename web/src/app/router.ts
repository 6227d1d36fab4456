// A tiny hash router: routes are `#/path/segments?query`. The server serves index.html for `/`, and the
// hash keeps deep links working without any server-side route table.
import { useSyncExternalStore } from 'react';

export interface Location { path: string; segments: string[]; query: URLSearchParams }

function read(): Location {
  const raw = window.location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  return { path, segments: path.split('/').filter(Boolean), query: new URLSearchParams(queryPart) };
}

let current = read();
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = read();
  listeners.forEach((l) => l());
});

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  const hash = `#${to.startsWith('/') ? to : `/${to}`}`;
  if (opts.replace) {
    window.history.replaceState(null, '', hash);
    current = read();
    listeners.forEach((l) => l());
  } else {
    window.location.hash = hash;
  }
}

export const orderHref = (id: number) => `#/orders/${id}`;
