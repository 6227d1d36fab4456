// Reference data every workbench needs (units, catalog), loaded once per session and shared.
import { useEffect, useState } from 'react';
import { api, ApiError } from '../app/api';
import type { Category, Unit, UnitType } from './types';

interface Cached<T> { promise: Promise<T> | null; value: T | undefined }
const units: Cached<Unit[]> = { promise: null, value: undefined };
const catalog: Cached<{ version: number; items: Category[] }> = { promise: null, value: undefined };

function useCached<T>(cache: Cached<T>, load: () => Promise<T>) {
  const [value, setValue] = useState<T | undefined>(cache.value);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let alive = true;
    if (!cache.promise) cache.promise = load().then((v) => (cache.value = v));
    cache.promise
      .then((v) => { if (alive) { setValue(v); setError(null); } })
      .catch((e: unknown) => {
        cache.promise = null;
        if (alive) setError(e instanceof ApiError ? e : new ApiError(0, { title: String(e) }));
      });
    return () => { alive = false; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick]);
  return { value, error, reload: () => { cache.promise = null; setTick((t) => t + 1); } };
}

export function useUnits() {
  const r = useCached(units, () => api<{ items: Unit[] }>('/units').then((x) => x.items));
  return { units: r.value ?? [], loaded: r.value !== undefined, error: r.error, reload: r.reload };
}

export function useCatalog() {
  const r = useCached(catalog, () => api<{ version: number; items: Category[] }>('/catalog'));
  return { categories: r.value?.items ?? [], version: r.value?.version, loaded: r.value !== undefined, error: r.error, reload: r.reload };
}

/** Forget cached reference data (after an admin edit, or on sign-out). */
export function invalidateResources(which: 'units' | 'catalog' | 'all' = 'all') {
  if (which !== 'catalog') { units.promise = null; units.value = undefined; }
  if (which !== 'units') { catalog.promise = null; catalog.value = undefined; }
}

/** Units below `ancestorId` (exclusive), using the materialised path "/1/2/15/". */
export function descendantsOf(all: Unit[], ancestorId: number, types?: UnitType[]): Unit[] {
  return all.filter((u) => u.id !== ancestorId && u.path.includes(`/${ancestorId}/`) && (!types || types.includes(u.type)));
}

export interface CategoryPathItem { leaf: Category; path: Category[]; label: string; search: string }

/** Every active leaf with its path label "一级 / 二级 / 三级" and a search text including keywords. */
export function leafPaths(items: Category[]): CategoryPathItem[] {
  const byId = new Map(items.map((c) => [c.id, c]));
  const out: CategoryPathItem[] = [];
  for (const c of items) {
    if (c.level !== 3 || !c.active) continue;
    const path: Category[] = [];
    let cur: Category | undefined = c;
    while (cur) { path.unshift(cur); cur = cur.parentId ? byId.get(cur.parentId) : undefined; }
    const label = path.map((p) => p.name).join(' / ');
    out.push({ leaf: c, path, label, search: `${label} ${c.keywords.join(' ')}`.toLowerCase() });
  }
  return out;
}
