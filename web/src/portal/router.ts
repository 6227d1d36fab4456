// Hash routes of the portal (#/report, #/track?number=…, #/evaluate?number=…, #/disclosure); the 幸福码 arrives
// as ?c=<code> in the page's own query.
import { useSyncExternalStore } from 'react';

export interface Route { path: string; query: URLSearchParams }
const read = (): Route => {
  const [p, q = ''] = (window.location.hash.replace(/^#/, '') || '/').split('?');
  return { path: p || '/', query: new URLSearchParams(q) };
};
let current = read();
const listeners = new Set<() => void>();
window.addEventListener('hashchange', () => {
  current = read();
  listeners.forEach((l) => l());
});
export const useRoute = () => useSyncExternalStore((l) => (listeners.add(l), () => listeners.delete(l)), () => current);
export const go = (to: string) => { window.location.hash = to; window.scrollTo(0, 0); };
export const happyCodeOfPage = () => new URLSearchParams(window.location.search).get('c');
