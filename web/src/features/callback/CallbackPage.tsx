// 回访 — the callback agent's queue: replied orders waiting for the requester's evaluation.
import { useMemo, useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Typography from 'antd/es/typography';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n';
import { ErrorState } from '../../shared/states';
import type { OrderSummary } from '../../shared/types';
import { OrderFilters, toQuery, type FilterValues } from '../orders/OrderFilters';
import { OrderTable } from '../orders/OrderTable';
import { useOrderList } from '../orders/useOrderList';
import { CallbackDialog } from './CallbackDialog';

export default function CallbackPage() {
  const { t } = useI18n();
  const me = useMe();
  const [filters, setFilters] = useState<FilterValues>({});
  const query = useMemo(() => ({ ...toQuery(filters), status: 'replied' }), [filters]);
  const list = useOrderList(query);
  const [open, setOpen] = useState<OrderSummary | null>(null);
  const canCall = me.role === 'callback_agent' || me.role === 'admin';

  return (
    <Card data-testid="callback" title={t('callback.queue')}>
      <Typography.Paragraph type="secondary">{t('callback.queueHint')}</Typography.Paragraph>
      <OrderFilters value={filters} onChange={setFilters} />
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <OrderTable
        testId="callback-table"
        exportQuery={query}
        page={list.data}
        loading={list.loading}
        onPage={list.onPage}
        columns={['number', 'title', 'callbackDue', 'type', 'category', 'unit', 'requester', 'createdAt']}
        empty={t('callback.empty')}
        actions={(o) => canCall && (
          <Button size="small" type="primary" onClick={() => setOpen(o)} data-testid={`callback-open-${o.number}`}>
            {t('callback.open')}
          </Button>
        )}
      />
      {open && (
        <CallbackDialog
          order={open}
          onClose={() => { setOpen(null); list.reload(); }}
          onDone={() => list.reload()}
          onConflict={() => { setOpen(null); list.reload(); }}
        />
      )}
    </Card>
  );
}
