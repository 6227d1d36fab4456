// 督办 — yellow and red orders to follow up, supervision with a note, and per-unit overdue counts.
import { lazy, Suspense, useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Table from 'antd/es/table';
import Tabs from 'antd/es/tabs';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { useOrderChanges } from '../../app/stream';
import { useI18n } from '../../i18n';
import { EmptyState, ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { OrderSummary, OverviewRow } from '../../shared/types';
import { ActionDialog } from '../orders/ActionDialog';
import { OrderTable } from '../orders/OrderTable';
import { useOrderList } from '../orders/useOrderList';
import { useRunAction } from '../orders/useRunAction';

const OverdueChart = lazy(() => import('./OverdueChart'));
const AuditLog = lazy(() => import('./AuditLog'));

function WarningList({ level }: { level: 'yellow' | 'red' }) {
  const { t } = useI18n();
  const me = useMe();
  const list = useOrderList({ warning: level });
  const [open, setOpen] = useState<OrderSummary | null>(null);
  const { run, busy } = useRunAction({ onDone: () => { setOpen(null); list.reload(); }, onConflict: () => { setOpen(null); list.reload(); } });
  const canSupervise = me.role === 'supervisor' || me.role === 'admin';
  return (
    <>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <OrderTable
        testId={`warning-${level}`}
        exportQuery={{ warning: level }}
        page={list.data}
        loading={list.loading}
        onPage={list.onPage}
        columns={['number', 'title', 'status', 'deadline', 'unit', 'category', 'createdAt']}
        empty={t(level === 'red' ? 'supervision.noRed' : 'supervision.noYellow')}
        actions={(o) => canSupervise && (o.supervised
          ? <Tag color="volcano">{t('order.supervised')}</Tag>
          : <Button size="small" danger onClick={() => setOpen(o)} data-testid={`supervise-open-${o.number}`}>{t('supervision.supervise')}</Button>)}
      />
      {open && (
        <ActionDialog order={open} action="supervise" busy={busy === 'supervise'} onCancel={() => setOpen(null)}
          onSubmit={(body) => void run(open, 'supervise', body)} />
      )}
    </>
  );
}

function Overview() {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => api<{ items: OverviewRow[] }>('/supervision/overview', { signal }), []);
  useOrderChanges(() => reload({ silent: true }), undefined, 2000);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const rows = data.items.filter((r) => r.yellow + r.red + r.overdue + r.supervised > 0);
  if (rows.length === 0 && !loading) return <EmptyState description={t('supervision.allClear')} />;
  return (
    <>
      <Suspense fallback={<Loading tip={t('supervision.chartLoading')} />}>
        <OverdueChart rows={rows} />
      </Suspense>
      <Table<OverviewRow>
        size="small"
        rowKey="unitId"
        data-testid="overview-table"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('order.unit'), dataIndex: 'unitName' },
          { title: t('warning.yellow'), dataIndex: 'yellow', width: 90, sorter: (a, b) => a.yellow - b.yellow },
          { title: t('warning.red'), dataIndex: 'red', width: 90, sorter: (a, b) => a.red - b.red },
          { title: t('supervision.overdue'), dataIndex: 'overdue', width: 90, defaultSortOrder: 'descend', sorter: (a, b) => a.overdue - b.overdue },
          { title: t('order.supervised'), dataIndex: 'supervised', width: 90, sorter: (a, b) => a.supervised - b.supervised },
        ]}
      />
    </>
  );
}

export default function SupervisionPage() {
  const { t } = useI18n();
  const me = useMe();
  // The audit log is for supervisors and admins (leaders read dashboards only); the server checks it too.
  const canAudit = me.role === 'supervisor' || me.role === 'admin';
  return (
    <Card data-testid="supervision">
      <Tabs
        items={[
          { key: 'red', label: <span data-testid="tab-red"><Tag color="red">{t('warning.red')}</Tag>{t('supervision.redList')}</span>, children: <WarningList level="red" /> },
          { key: 'yellow', label: <span data-testid="tab-yellow"><Tag color="gold">{t('warning.yellow')}</Tag>{t('supervision.yellowList')}</span>, children: <WarningList level="yellow" /> },
          { key: 'overview', label: <span data-testid="tab-overview">{t('supervision.overview')}</span>, children: <Overview /> },
          ...(canAudit ? [{ key: 'audit', label: <span data-testid="tab-audit">{t('audit.tab')}</span>, children: <Suspense fallback={<Loading />}><AuditLog /></Suspense> }] : []),
        ]}
      />
    </Card>
  );
}
