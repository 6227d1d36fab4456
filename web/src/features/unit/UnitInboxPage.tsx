// 承办 — a unit's inbox: to sign / in progress / replied / reopened, each row with its deadline countdown.
// Signing is one click from the list; everything else happens on the order page.
import { useCallback, useEffect, useState } from 'react';
import Badge from 'antd/es/badge';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Tabs from 'antd/es/tabs';
import { useMe } from '../../app/auth';
import { orderHref } from '../../app/router';
import { useI18n, type MsgKey } from '../../i18n';
import { ErrorState } from '../../shared/states';
import { OrderTable } from '../orders/OrderTable';
import { useOrderList } from '../orders/useOrderList';
import { useRunAction } from '../orders/useRunAction';

const TABS: { key: string; status: string; label: MsgKey; empty: MsgKey }[] = [
  { key: 'tosign', status: 'dispatched', label: 'unit.toSign', empty: 'unit.toSignEmpty' },
  { key: 'progress', status: 'accepted', label: 'unit.inProgress', empty: 'unit.inProgressEmpty' },
  { key: 'replied', status: 'replied', label: 'unit.replied', empty: 'unit.repliedEmpty' },
  { key: 'reopened', status: 'reopened', label: 'unit.reopened', empty: 'unit.reopenedEmpty' },
  // 首办负责制: an order whose return waits for the centre is still this unit's, with its clock running.
  { key: 'returning', status: 'return_requested', label: 'unit.returning', empty: 'unit.returningEmpty' },
];

function InboxTab({ status, empty, onTotal }: { status: string; empty: MsgKey; onTotal(n: number): void }) {
  const { t } = useI18n();
  const me = useMe();
  const list = useOrderList({ status });
  const total = list.data?.total;
  useEffect(() => { if (total !== undefined) onTotal(total); }, [total, onTotal]);
  const { run, busy, busyId } = useRunAction({ onDone: () => list.reload(), onConflict: () => list.reload() });
  const canSign = me.role === 'handler' || me.role === 'unit_leader';
  return (
    <>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <OrderTable
        testId={`inbox-${status}`}
        exportQuery={{ status }}
        page={list.data}
        loading={list.loading}
        onPage={list.onPage}
        columns={['number', 'title', 'category', 'tier', 'deadline', 'requester', 'createdAt']}
        empty={t(empty)}
        actions={(o) => (
          <>
            {status === 'dispatched' && canSign && (
              <Button size="small" type="primary" loading={busy === 'sign' && busyId === o.id} onClick={() => void run(o, 'sign')} data-testid={`sign-${o.number}`}>
                {t('unit.sign')}
              </Button>
            )}
            <Button size="small" href={orderHref(o.id)} data-testid={`open-${o.number}`}>{t('unit.handle')}</Button>
          </>
        )}
      />
    </>
  );
}

export default function UnitInboxPage() {
  const { t } = useI18n();
  const [totals, setTotals] = useState<Record<string, number>>({});
  const setTotal = useCallback((key: string) => (n: number) => setTotals((s) => (s[key] === n ? s : { ...s, [key]: n })), []);
  return (
    <Card data-testid="unit-inbox">
      <Tabs
        items={TABS.map((tab) => ({
          key: tab.key,
          forceRender: true,
          label: (
            <span data-testid={`tab-${tab.key}`}>
              {t(tab.label)} <Badge count={totals[tab.key] ?? 0} size="small" showZero={false} color={tab.key === 'tosign' ? 'red' : 'blue'} />
            </span>
          ),
          children: <InboxTab status={tab.status} empty={tab.empty} onTotal={setTotal(tab.key)} />,
        }))}
      />
    </Card>
  );
}
