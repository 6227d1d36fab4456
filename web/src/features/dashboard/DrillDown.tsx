// The order list behind a number of the dashboard, in a dialog (the same list and scope as 工单查询).
import Modal from 'antd/es/modal';
import Table from 'antd/es/table';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { fmtDateTime } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';
import { OrderTable } from '../orders/OrderTable';
import { useOrderList } from '../orders/useOrderList';
import { useI18n } from '../../i18n';
import type { Drill } from './types';

function DrillList({ drill }: { drill: Drill }) {
  const { t } = useI18n();
  const list = useOrderList(drill.query, { pageSize: 10 });
  return (
    <OrderTable
      testId="drill-table"
        exportQuery={drill.query}
      page={list.data}
      loading={list.loading}
      onPage={list.onPage}
      columns={['number', 'title', 'status', 'type', 'category', 'deadline', 'unit', 'createdAt']}
      empty={t('search.empty')}
    />
  );
}

type Brief = { id: number; number: string; title: string; status: string; createdAt: string };

/** A hotspot's or warning's own orders (at most 50; those outside the user's scope are left out). */
function IdList({ ids }: { ids: number[] }) {
  const { te } = useI18n();
  const st = useAsync(async (signal) => {
    const got = await Promise.all(ids.slice(0, 50).map((id) => api<Brief>(`/orders/${id}`, { signal }).catch(() => null)));
    return got.filter((o): o is Brief => o !== null);
  }, [ids.join(',')]);
  return (
    <Table<Brief> size="small" rowKey="id" loading={st.loading} dataSource={st.data ?? []} pagination={{ pageSize: 10 }} data-testid="drill-ids"
      onRow={(o) => ({ 'data-testid': `order-row-${o.number}` } as object)}
      columns={[
        { title: '工单编号', dataIndex: 'number', render: (v: string, o) => <a href={orderHref(o.id)}>{v}</a> },
        { title: '标题', dataIndex: 'title', ellipsis: true },
        { title: '状态', dataIndex: 'status', render: (v: string) => te('status', v) },
        { title: '登记时间', dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
      ]} />
  );
}

export function DrillDown({ drill, onClose }: { drill: Drill | null; onClose(): void }) {
  return (
    <Modal open={drill !== null} title={drill?.title} onCancel={onClose} footer={null} width={1200} destroyOnHidden>
      {drill && <div data-testid="drill-dialog">{drill.ids ? <IdList ids={drill.ids} /> : <DrillList drill={drill} />}</div>}
    </Modal>
  );
}
