// The order list used by every workbench: number (link to the order page), title, status, category,
// deadline countdown, unit, requester; plus workbench-specific action columns. On phones: OrderCardList.
import type { HTMLAttributes, Key, ReactNode } from 'react';
import Table from 'antd/es/table';
import type { ColumnsType } from 'antd/es/table';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { orderHref } from '../../app/router';
import { currentDueAt, fmtDateTime, minutesLeft } from '../../shared/format';
import type { OrderSummary, Page } from '../../shared/types';
import { EmptyState } from '../../shared/states';
import { DeadlineTag, StatusTag, TierTag } from './tags';
import { ExportButtons } from './ExportButtons';
import { OrderCardList } from './OrderCardList';
import { usePhone } from '../../shared/usePhone';
import type { OrderQuery } from './useOrderList';

export type OrderColumn = 'number' | 'title' | 'status' | 'type' | 'category' | 'tier' | 'deadline' | 'callbackDue' | 'unit' | 'requester' | 'createdAt';

/** The props of an order list, as a table (desktop) or as cards (phones, OrderCardList). */
export interface OrderListProps {
  page: Page<OrderSummary> | undefined;
  loading: boolean;
  columns: OrderColumn[];
  actions?: (o: OrderSummary) => ReactNode;
  onPage?: (page: number, pageSize: number) => void;
  selectedKeys?: Key[];
  onSelect?: (keys: Key[], rows: OrderSummary[]) => void;
  empty?: ReactNode;
  testId?: string;
  /** The list's filters: shows 导出 Excel / CSV buttons exporting every matching order. */
  exportQuery?: OrderQuery;
}

export function OrderTable(props: OrderListProps) {
  // On a phone the same list is a column of cards (OrderCardList).
  return usePhone() ? <OrderCardList {...props} /> : <WideOrderTable {...props} />;
}

function WideOrderTable({ page, loading, columns, actions, onPage, selectedKeys, onSelect, empty, testId, exportQuery }: OrderListProps) {
  const { t, te } = useI18n();
  const all: Record<OrderColumn, ColumnsType<OrderSummary>[number]> = {
    number: {
      title: t('order.number'), dataIndex: 'number', width: 150,
      render: (_: unknown, o) => <a href={orderHref(o.id)} data-testid={`order-link-${o.number}`}>{o.number}</a>,
    },
    title: {
      title: t('order.titleField'), dataIndex: 'title', ellipsis: { showTitle: false },
      // A long title ends with … on one line and shows whole on hover (the tags stay visible in front of it).
      render: (_: unknown, o) => (
        <div style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
          {o.supervised && <Tag color="volcano">{t('order.supervised')}</Tag>}
          {o.confidential && <Tag>{t('order.confidential')}</Tag>}
          <Typography.Text ellipsis style={{ minWidth: 0, flex: 1 }} title={o.title} data-testid={`order-title-${o.number}`}>{o.title}</Typography.Text>
        </div>
      ),
    },
    status: { title: t('order.status'), dataIndex: 'status', width: 100, render: (s: string) => <StatusTag status={s} /> },
    type: { title: t('order.type'), dataIndex: 'type', width: 80, render: (v: string) => te('type', v) },
    category: { title: t('order.category'), dataIndex: 'categoryName', width: 160, ellipsis: true, render: (v: string | null) => v ?? '—' },
    tier: { title: t('order.tier'), dataIndex: 'tier', width: 80, render: (v: number) => <TierTag tier={v} /> },
    deadline: {
      title: t('order.deadline'), key: 'deadline', width: 150,
      render: (_: unknown, o) => <DeadlineTag dueAt={currentDueAt(o)} level={o.warning} testId={`deadline-${o.number}`} provisionalYear={o.provisionalYear} />,
    },
    callbackDue: {
      title: t('callback.dueAt'), key: 'callbackDue', width: 150,
      render: (_: unknown, o) => {
        if (!o.callbackDueAt) return '—';
        const left = minutesLeft(o.callbackDueAt);
        return <DeadlineTag dueAt={o.callbackDueAt} level={left < 0 ? 'red' : left < 240 ? 'yellow' : 'green'} testId={`callback-due-${o.number}`} provisionalYear={null} />;
      },
    },
    unit: { title: t('order.mainUnit'), dataIndex: 'mainUnitName', width: 150, ellipsis: true, render: (v: string | null) => v ?? '—' },
    requester: {
      title: t('order.requester'), key: 'requester', width: 150,
      render: (_: unknown, o) => (o.requester.hidden ? <Tag>{t('order.requesterHidden')}</Tag> : `${o.requester.name ?? ''} ${o.requester.phone ?? ''}`),
    },
    createdAt: { title: t('order.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => fmtDateTime(v) },
  };
  const cols: ColumnsType<OrderSummary> = columns.map((c) => ({ ...all[c], key: c }));
  if (actions) cols.push({ title: t('common.actions'), key: 'actions', width: 220, render: (_: unknown, o: OrderSummary) => <Space wrap size={4}>{actions(o)}</Space> });

  return (
    <Table<OrderSummary>
      size="middle"
      rowKey="id"
      data-testid={testId}
      loading={loading}
      columns={cols}
      title={exportQuery ? () => <div style={{ display: 'flex', justifyContent: 'flex-end' }}><ExportButtons query={exportQuery} /></div> : undefined}
      dataSource={page?.items ?? []}
      scroll={{ x: 900 }}
      locale={{ emptyText: loading ? ' ' : empty ?? <EmptyState description={t('list.empty')} /> }}
      onRow={(o) => ({ 'data-testid': `order-row-${o.number}`, 'data-status': o.status } as HTMLAttributes<HTMLElement>)}
      rowSelection={onSelect ? { selectedRowKeys: selectedKeys, onChange: onSelect } : undefined}
      pagination={page && onPage ? {
        current: page.page, pageSize: page.pageSize, total: page.total, showSizeChanger: true,
        showTotal: (n) => t('list.total', { n: page.totalCapped ? `${n}+` : n }), onChange: onPage,
      } : false}
    />
  );
}
