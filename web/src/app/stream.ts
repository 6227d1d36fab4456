// Live updates: one EventSource per signed-in console on GET /api/v1/stream (event `order`). Screens
// subscribe with useOrderChanges and refresh what they show; the server only sends orders in scope.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { api, API_BASE } from './api';
import type { OrderChange } from '../shared/types';

type Handler = (change: OrderChange) => void;
const handlers = new Set<Handler>();
let source: EventSource | null = null;
let connected = false;
const statusListeners = new Set<() => void>();

function setConnected(v: boolean) {
  if (connected === v) return;
  connected = v;
  statusListeners.forEach((l) => l());
}

/** Opens the stream (idempotent). EventSource reconnects by itself after network errors. */
export function startStream(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(`${API_BASE}/stream`, { withCredentials: true });
  source.onopen = () => setConnected(true);
  source.onerror = () => setConnected(false);
  source.addEventListener('order', (ev) => {
    let change: OrderChange;
    try { change = JSON.parse((ev as MessageEvent<string>).data) as OrderChange; } catch { return; }
    handlers.forEach((h) => h(change));
  });
  // The server ends the stream when the session ends (signed out elsewhere, disabled, new role or unit):
  // ask GET /me, whose 401 returns the console to the sign-in page instead of reconnecting in a loop.
  source.addEventListener('session_ended', () => {
    stopStream();
    void api('/me').then(() => startStream(), () => undefined);
  });
}

export function stopStream(): void {
  source?.close();
  source = null;
  setConnected(false);
}

export function useStreamConnected(): boolean {
  return useSyncExternalStore(
    (l) => { statusListeners.add(l); return () => statusListeners.delete(l); },
    () => connected,
  );
}

/**
 * Calls `onChange` (debounced, so a burst of events causes one refresh) whenever an order changes.
 * `filter` narrows the events, e.g. to one order id.
 */
export function useOrderChanges(onChange: (changes: OrderChange[]) => void, filter?: (c: OrderChange) => boolean, delayMs = 400): void {
  const cb = useRef(onChange);
  const flt = useRef(filter);
  cb.current = onChange;
  flt.current = filter;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let batch: OrderChange[] = [];
    const h: Handler = (c) => {
      if (flt.current && !flt.current(c)) return;
      batch.push(c);
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const b = batch;
        batch = [];
        cb.current(b);
      }, delayMs);
    };
    handlers.add(h);
    return () => {
      handlers.delete(h);
      if (timer) clearTimeout(timer);
    };
  }, [delayMs]);
}
