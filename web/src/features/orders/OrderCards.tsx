// Side cards of the order page: deadlines with levels, assignments, pending requests, callbacks; attachments from ../attachments.
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import List from 'antd/es/list';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import { useUnits } from '../../shared/resources';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import type { Order } from '../../shared/types';
import { DeadlineTag } from './tags';

import { CLOCKED_STATES } from '../../../../src/modules/orders/lifecycle';

const OPEN_CLOCK: readonly string[] = CLOCKED_STATES;

export function DeadlinesCard({ order }: { order: Order }) {
  const { t } = useI18n();
  const d = order.deadlines;
  const running = OPEN_CLOCK.includes(order.status);
  const row = (key: 'sign' | 'contact' | 'resolve', doneAt: string | null) => ({
    key,
    label: t(`deadline.${key}`),
    children: (
      <span data-testid={`deadline-${key}`}>
        {doneAt ? <Tag color="green">{t('deadline.doneAt', { at: fmtDateTime(doneAt) })}</Tag>
          : running ? <DeadlineTag dueAt={d[key].dueAt} level={d[key].level} testId={`deadline-${key}-tag`} provisionalYear={d[key].provisionalYear} />
            : fmtDateTime(d[key].dueAt)}
        {!doneAt && running && d[key].dueAt && <span style={{ color: '#888', marginLeft: 4 }}>{fmtDateTime(d[key].dueAt)}</span>}
      </span>
    ),
  });
  return (
    <Card size="small" title={t('order.deadlines')} data-testid="deadlines">
      <Descriptions size="small" column={1} items={[
        row('sign', order.signedAt),
        row('contact', order.firstContactAt),
        row('resolve', order.repliedAt),
      ]} />
      {order.listedUntil && <div>{t('field.until')}: {order.listedUntil}</div>}
    </Card>
  );
}

export function AssignmentsCard({ order }: { order: Order }) {
  const { t, te } = useI18n();
  const { units } = useUnits();
  // 双派: a property company 物业 co-handles as the compound's property manager.
  const isProperty = (id: number) => units.find((u) => u.id === id)?.type === 'property';
  return (
    <Card size="small" title={t('order.assignments')} data-testid="assignments">
      <Table
        size="small"
        rowKey={(a) => `${a.unitId}-${a.role}-${a.assignedAt}`}
        pagination={false}
        dataSource={order.assignments}
        locale={{ emptyText: t('order.noAssignments') }}
        columns={[
          { title: t('order.unit'), dataIndex: 'unitName', render: (v: string, a) => <span style={{ color: a.active ? undefined : '#aaa' }}>{v}</span> },
          { title: t('order.assignRole'), dataIndex: 'role', width: 80, render: (v: string, a) => (v === 'co' && isProperty(a.unitId) ? <span data-testid="assignment-property">{t('order.propertyRole')}</span> : te('assignRole', v)) },
          { title: t('order.assignedAt'), dataIndex: 'assignedAt', width: 130, render: (v: string) => fmtDateTime(v) },
          { title: '', dataIndex: 'active', width: 60, render: (v: boolean) => (v ? null : <Tag>{t('order.inactive')}</Tag>) },
        ]}
      />
    </Card>
  );
}

export function PendingCard({ order }: { order: Order }) {
  const { t, te } = useI18n();
  if (order.pendingRequests.length === 0) return null;
  return (
    <Card size="small" title={t('order.pending')} data-testid="pending-requests" styles={{ header: { background: '#fff7e6' } }}>
      {order.pendingRequests.map((r) => {
        const extra = r.payload?.extra as { amount: number; unit: string } | undefined;
        return (
          <div key={r.id} data-testid={`pending-${r.kind}`} style={{ marginBottom: 8 }}>
            <Tag color="orange">{te('requestKind', r.kind)}</Tag>
            {r.unitName} · {fmtDateTime(r.requestedAt)}
            {extra && <span> · {t('field.extra')} {extra.amount} {te('limitUnit', extra.unit)}</span>}
            <div style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</div>
          </div>
        );
      })}
    </Card>
  );
}

export function CallbacksCard({ order }: { order: Order }) {
  const { t, te } = useI18n();
  if (order.callbacks.length === 0) return null;
  return (
    <Card size="small" title={t('order.callbacks')} data-testid="callbacks">
      <List size="small" dataSource={order.callbacks} renderItem={(c) => (
        <List.Item>
          <div>
            <div>{fmtDateTime(c.at)} · {te('outcome', c.outcome)}</div>
            {c.outcome === 'done' && (
              <div>
                {c.contacted === false && <Tag>{t('callback.notContacted')}</Tag>}
                {c.resolution && <Tag color={c.resolution === 'resolved' ? 'green' : c.resolution === 'partly' ? 'gold' : 'red'}>{te('resolution', c.resolution)}</Tag>}
                {c.satisfaction && <Tag color={c.satisfaction === 'satisfied' ? 'green' : c.satisfaction === 'basically' ? 'gold' : 'red'}>{te('satisfaction', c.satisfaction)}</Tag>}
              </div>
            )}
            {c.note && <div style={{ color: '#555' }}>{c.note}</div>}
          </div>
        </List.Item>
      )} />
    </Card>
  );
}

// The attachments card (gallery and uploader) lives with the other attachment parts.
export { AttachmentsCard } from '../attachments';
