// The caller's earlier orders, looked up by phone while the operator types (GET /orders?phone=…).
import { useEffect, useState } from 'react';
import Card from 'antd/es/card';
import List from 'antd/es/list';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { fmtDateTime, isPhoneLike } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import { ErrorState } from '../../shared/states';
import { fetchOrders } from '../orders/useOrderList';
import { StatusTag } from '../orders/tags';

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

export function CallerHistory({ phone }: { phone: string }) {
  const { t } = useI18n();
  const debounced = useDebounced(phone.trim(), 350);
  const enabled = isPhoneLike(debounced);
  const { data, loading, error, reload } = useAsync(
    (signal) => fetchOrders({ phone: debounced, pageSize: 8 }, signal),
    [debounced],
    enabled,
  );
  if (!enabled) return null;
  return (
    <Card size="small" title={t('intake.history', { n: data?.total ?? 0 })} data-testid="caller-history" loading={loading && !data}>
      {error ? <ErrorState error={error} onRetry={reload} /> : (
        <List
          size="small"
          dataSource={data?.items ?? []}
          locale={{ emptyText: t('intake.historyNone') }}
          renderItem={(o) => (
            <List.Item data-testid={`caller-history-row-${o.number}`} extra={<StatusTag status={o.status} />}>
              <List.Item.Meta
                title={<a href={`#/orders/${o.id}`} target="_blank" rel="noreferrer">{o.number} {o.title}</a>}
                description={<Typography.Text type="secondary">{fmtDateTime(o.createdAt)} · {o.mainUnitName ?? o.address}</Typography.Text>}
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
