// 工单查询 — every order the user's unit may see, with filters; also the landing page for roles
// without a workbench of their own.
import { useMemo, useState } from 'react';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n';
import { ErrorState } from '../../shared/states';
import { findOrder } from '../dispatch/MergeDialog';
import { OrderFilters, toQuery, type FilterValues } from './OrderFilters';
import { OrderTable } from './OrderTable';
import { useOrderList } from './useOrderList';

export default function OrderSearchPage() {
  const { t } = useI18n();
  const [filters, setFilters] = useState<FilterValues>({});
  const query = useMemo(() => toQuery(filters), [filters]);
  const list = useOrderList(query);
  const [jumpError, setJumpError] = useState(false);

  const jump = async (ref: string) => {
    setJumpError(false);
    const o = ref.trim() ? await findOrder(ref).catch(() => null) : null;
    if (o) navigate(`/orders/${o.id}`);
    else setJumpError(true);
  };

  return (
    <Card
      data-testid="order-search"
      title={t('nav.orders')}
      extra={
        <Input.Search
          placeholder={t('search.jump')}
          enterButton={t('search.open')}
          onSearch={(v) => void jump(v)}
          status={jumpError ? 'error' : undefined}
          style={{ width: 300 }}
          data-testid="order-jump"
        />
      }
    >
      {jumpError && <div style={{ color: '#cf1322', marginBottom: 8 }}>{t('merge.notFound')}</div>}
      <OrderFilters value={filters} onChange={setFilters} withStatus testId="search-filters" />
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <OrderTable
        testId="search-table"
        exportQuery={query}
        page={list.data}
        loading={list.loading}
        onPage={list.onPage}
        columns={['number', 'title', 'status', 'type', 'category', 'deadline', 'unit', 'createdAt']}
        empty={t('search.empty')}
      />
    </Card>
  );
}
