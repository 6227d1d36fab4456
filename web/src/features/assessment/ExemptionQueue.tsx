// The supervisor's queue of exemption requests 免考核: approve or reject, each an order action.
import Button from 'antd/es/button';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import { useState } from 'react';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n, type MsgKey } from '../../i18n';
import { ErrorState } from '../../shared/states';
import { fmtDateTime } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import type { OrderSummary } from '../../shared/types';
import { ActionDialog } from '../orders/ActionDialog';
import { useRunAction } from '../orders/useRunAction';
import type { Exemption } from './types';

export function ExemptionQueue({ canDecide, onDecided }: { canDecide: boolean; onDecided(): void }) {
  const { t } = useI18n();
  const { data, error, loading, reload } = useAsync((signal) => api<{ items: Exemption[] }>('/assessment/exemptions', { query: { status: 'pending' }, signal }), []);
  const [open, setOpen] = useState<{ e: Exemption; action: 'exemption/approve' | 'exemption/reject' } | null>(null);
  const done = () => { setOpen(null); reload(); onDecided(); };
  const { run, busy } = useRunAction({ onDone: done, onConflict: done });
  if (error) return <ErrorState error={error} onRetry={reload} />;
  const asOrder = (e: Exemption) => ({ id: e.orderId, version: e.version, number: e.number, mainUnitId: null }) as unknown as OrderSummary;
  return (
    <>
      <Table<Exemption>
        size="small" rowKey="requestId" loading={loading} data-testid="exemption-queue" dataSource={data?.items ?? []} pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('assessment.exemption.none') }}
        onRow={(r) => ({ 'data-testid': `exemption-row-${r.number}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('assessment.order'), dataIndex: 'number', width: 170, render: (n: string, e) => <a href={orderHref(e.orderId)}>{n}</a> },
          { title: '', dataIndex: 'title' },
          { title: t('assessment.unit'), dataIndex: 'unitName', width: 140 },
          { title: t('assessment.exemption.reason'), dataIndex: 'reason', width: 120, render: (r: string) => t(`assessment.reason.${r}` as MsgKey) },
          { title: t('assessment.exemption.note'), dataIndex: 'note' },
          { title: t('assessment.exemption.requestedAt'), dataIndex: 'requestedAt', width: 150, render: fmtDateTime },
          ...(canDecide ? [{
            title: '', width: 200, render: (_: unknown, e: Exemption) => (
              <Space>
                <Button size="small" type="primary" onClick={() => setOpen({ e, action: 'exemption/approve' })} data-testid={`exemption-approve-${e.number}`}>{t('assessment.exemption.approve')}</Button>
                <Button size="small" danger onClick={() => setOpen({ e, action: 'exemption/reject' })} data-testid={`exemption-reject-${e.number}`}>{t('assessment.exemption.reject')}</Button>
              </Space>
            ),
          }] : []),
        ]}
      />
      {open && (
        <ActionDialog order={asOrder(open.e)} action={open.action} busy={busy === open.action} onCancel={() => setOpen(null)} onSubmit={(body) => void run(asOrder(open.e), open.action, body)} />
      )}
    </>
  );
}
