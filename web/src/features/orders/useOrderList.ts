// A paged order list for a filter, refreshed live when the stream reports a change in scope.
import { useState } from 'react';
import { api } from '../../app/api';
import { useOrderChanges } from '../../app/stream';
import { useAsync } from '../../shared/useAsync';
import type { OrderSummary, Page } from '../../shared/types';

export type OrderQuery = Record<string, string | number | boolean | undefined | null>;

export function fetchOrders(query: OrderQuery, signal?: AbortSignal) {
  return api<Page<OrderSummary>>('/orders', { query, signal });
}

/** Newest first on the page, whatever order the server used. */
const newestFirst = (p: Page<OrderSummary>): Page<OrderSummary> => ({
  ...p,
  items: [...p.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
});

export function useOrderList(query: OrderQuery, opts: { pageSize?: number; live?: boolean; enabled?: boolean } = {}) {
  const [paging, setPaging] = useState({ page: 1, pageSize: opts.pageSize ?? 20 });
  const key = JSON.stringify(query);
  const [lastKey, setLastKey] = useState(key);
  if (key !== lastKey) {
    // a new filter starts on page 1
    setLastKey(key);
    if (paging.page !== 1) setPaging((p) => ({ ...p, page: 1 }));
  }
  const state = useAsync(
    (signal) => fetchOrders({ ...query, page: paging.page, pageSize: paging.pageSize }, signal).then(newestFirst),
    [key, paging.page, paging.pageSize],
    opts.enabled ?? true,
  );
  useOrderChanges(() => { if (opts.live !== false) state.reload({ silent: true }); });
  return {
    ...state,
    onPage: (page: number, pageSize: number) => setPaging({ page: pageSize !== paging.pageSize ? 1 : page, pageSize }),
  };
}
