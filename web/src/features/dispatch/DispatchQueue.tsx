// The queue of registered orders (newest first) with filters, per-row dispatch/merge, and bulk dispatch.
import { useMemo, useState, type Key } from 'react';
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import type { OrderSummary } from '../../shared/types';
import { ErrorState } from '../../shared/states';
import { OrderFilters, toQuery, type FilterValues } from '../orders/OrderFilters';
import { OrderTable } from '../orders/OrderTable';
import { useOrderList } from '../orders/useOrderList';
import { BulkDispatchDialog } from './BulkDispatchDialog';
import { DispatchDialog } from './DispatchDialog';
import { MergeDialog } from './MergeDialog';

export function DispatchQueue() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<FilterValues>({});
  const query = useMemo(() => ({ ...toQuery(filters), status: 'registered' }), [filters]);
  const list = useOrderList(query);
  const [open, setOpen] = useState<{ kind: 'dispatch' | 'merge'; order: OrderSummary } | null>(null);
  const [selected, setSelected] = useState<{ keys: Key[]; rows: OrderSummary[] }>({ keys: [], rows: [] });
  const [bulk, setBulk] = useState(false);

  const done = () => { setOpen(null); list.reload(); };

  return (
    <div data-testid="dispatch-queue">
      <OrderFilters value={filters} onChange={setFilters} testId="dispatch-filters" />
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          disabled={selected.rows.length === 0}
          onClick={() => setBulk(true)}
          data-testid="bulk-dispatch-open"
        >
          {t('dispatch.bulk', { n: selected.rows.length })}
        </Button>
        <Typography.Text type="secondary">{t('dispatch.bulkHint')}</Typography.Text>
      </Space>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <OrderTable
        testId="dispatch-table"
        exportQuery={query}
        page={list.data}
        loading={list.loading}
        onPage={list.onPage}
        columns={['number', 'title', 'type', 'category', 'tier', 'requester', 'createdAt']}
        selectedKeys={selected.keys}
        onSelect={(keys, rows) => setSelected({ keys, rows })}
        empty={t('dispatch.queueEmpty')}
        actions={(o) => (
          <>
            <Button size="small" type="primary" onClick={() => setOpen({ kind: 'dispatch', order: o })} data-testid={`dispatch-open-${o.number}`}>
              {t('dispatch.open')}
            </Button>
            <Button size="small" onClick={() => setOpen({ kind: 'merge', order: o })} data-testid={`merge-open-${o.number}`}>
              {t('merge.open')}
            </Button>
          </>
        )}
      />
      {open?.kind === 'dispatch' && <DispatchDialog order={open.order} onClose={() => setOpen(null)} onDone={done} onConflict={done} />}
      {open?.kind === 'merge' && <MergeDialog order={open.order} onClose={() => setOpen(null)} onDone={done} onConflict={done} />}
      {bulk && (
        <BulkDispatchDialog
          orders={selected.rows}
          onClose={() => setBulk(false)}
          onFinished={() => { setSelected({ keys: [], rows: [] }); list.reload(); }}
        />
      )}
    </div>
  );
}
