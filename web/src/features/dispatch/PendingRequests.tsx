// Return (退单) and extension (延期) requests waiting for the centre: the orders with such a request (the list's
// `pending` filter), then each one's request details (bounded, 4 at a time).
import { useState, type HTMLAttributes } from 'react';
import Button from 'antd/es/button';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { useOrderChanges } from '../../app/stream';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { EmptyState, ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { Order, PendingRequest } from '../../shared/types';
import { ActionDialog } from '../orders/ActionDialog';
import { DeadlineTag } from '../orders/tags';
import { useRunAction } from '../orders/useRunAction';
import { fetchOrders } from '../orders/useOrderList';

type Kind = 'return' | 'extension';
interface Row { order: Order; request: PendingRequest }

const MAX_SCAN = 100;

async function mapLimited<T, R>(items: T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) { const i = next++; out[i] = await fn(items[i]); }
  }));
  return out;
}

export async function loadPending(kind: Kind, signal?: AbortSignal): Promise<Row[]> {
  const page = await fetchOrders({ pending: kind, pageSize: MAX_SCAN }, signal);
  const orders = await mapLimited(page.items, 4, (o) => api<Order>(`/orders/${o.id}`, { signal }));
  return orders.flatMap((order) => order.pendingRequests.filter((r) => r.kind === kind).map((request) => ({ order, request })));
}

export function PendingRequests({ kind, onCount }: { kind: Kind; onCount?: (n: number) => void }) {
  const { t, te } = useI18n();
  const { data, loading, error, reload } = useAsync(async (signal) => {
    const rows = await loadPending(kind, signal);
    onCount?.(rows.length);
    return rows;
  }, [kind]);
  useOrderChanges(() => reload({ silent: true }));
  const [open, setOpen] = useState<{ action: string; order: Order } | null>(null);
  const { run, busy } = useRunAction({ onDone: () => { setOpen(null); reload(); }, onConflict: () => { setOpen(null); reload(); } });

  if (error) return <ErrorState error={error} onRetry={reload} />;
  return (
    <>
      <Table<Row>
        size="middle"
        rowKey={(r) => r.request.id}
        loading={loading}
        dataSource={data ?? []}
        data-testid={`pending-${kind}-table`}
        onRow={(r) => ({ "data-testid": `pending-row-${r.order.number}` }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: loading ? ' ' : <EmptyState description={t(kind === 'return' ? 'dispatch.noReturns' : 'dispatch.noExtensions')} /> }}
        scroll={{ x: 900 }}
        columns={[
          { title: t('order.number'), key: 'n', width: 150, render: (_, r) => <a href={`#/orders/${r.order.id}`}>{r.order.number}</a> },
          { title: t('order.titleField'), key: 't', ellipsis: true, render: (_, r) => r.order.title },
          { title: t('order.mainUnit'), key: 'u', width: 140, render: (_, r) => r.request.unitName ?? r.order.mainUnitName },
          {
            title: t('dispatch.reason'), key: 'r', render: (_, r) => {
              const extra = r.request.payload?.extra as { amount: number; unit: string } | undefined;
              return <div style={{ whiteSpace: 'pre-wrap' }}>{extra && <Tag color="orange">+{extra.amount} {te('limitUnit', extra.unit)}</Tag>}{r.request.reason}</div>;
            },
          },
          { title: t('dispatch.requestedAt'), key: 'at', width: 140, render: (_, r) => fmtDateTime(r.request.requestedAt) },
          ...(kind === 'extension' ? [{ title: t('deadline.resolve'), key: 'd', width: 140, render: (_: unknown, r: Row) => <DeadlineTag dueAt={r.order.resolveDueAt} level={r.order.warning} /> }] : []),
          {
            title: t('common.actions'), key: 'a', width: 170, render: (_, r) => (
              <>
                <Button size="small" type="primary" style={{ marginRight: 4 }} data-testid={`approve-${kind}-${r.order.number}`}
                  onClick={() => setOpen({ action: `${kind}/approve`, order: r.order })}>{t('dispatch.approve')}</Button>
                <Button size="small" danger data-testid={`reject-${kind}-${r.order.number}`}
                  onClick={() => setOpen({ action: `${kind}/reject`, order: r.order })}>{t('dispatch.reject')}</Button>
              </>
            ),
          },
        ]}
      />
      {open && (
        <ActionDialog order={open.order} action={open.action} busy={busy === open.action} onCancel={() => setOpen(null)}
          onSubmit={(body) => void run(open.order, open.action, body)} />
      )}
    </>
  );
}
