// Loads data for a screen and keeps loading / error / data together, with a reload that keeps the
// previous data on screen while refreshing (so live updates do not flash an empty table).
import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { ApiError } from '../app/api';

export interface AsyncState<T> {
  data: T | undefined;
  loading: boolean;
  error: ApiError | null;
  /** Loads again; `silent` keeps the loading flag off (live refreshes should not flash the screen). */
  reload(opts?: { silent?: boolean }): void;
  setData(next: T): void;
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList, enabled = true): AsyncState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [loading, setLoading] = useState(enabled);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const silentRef = useRef(false);

  useEffect(() => {
    if (!enabled) { setLoading(false); return; }
    const ctrl = new AbortController();
    if (!silentRef.current) setLoading(true);
    silentRef.current = false;
    loadRef.current(ctrl.signal)
      .then((d) => { if (!ctrl.signal.aborted) { setData(d); setError(null); } })
      .catch((e: unknown) => {
        if (ctrl.signal.aborted || (e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : new ApiError(0, { title: String((e as Error).message ?? e) }));
      })
      .finally(() => { if (!ctrl.signal.aborted) setLoading(false); });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, enabled]);

  const reload = useCallback((opts?: { silent?: boolean }) => {
    silentRef.current = !!opts?.silent;
    setTick((t) => t + 1);
  }, []);
  return { data, loading, error, reload, setData };
}
