// The order list on a phone: one card per order (number, title, status and deadline, unit, the row's actions)
// instead of the wide table. Cards keep the table's row, link and title testids, so tests find rows either way.
import Checkbox from 'antd/es/checkbox';
import Pagination from 'antd/es/pagination';
import Space from 'antd/es/space';
import Spin from 'antd/es/spin';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { useI18n } from '../../i18n';
import { orderHref } from '../../app/router';
import { currentDueAt, minutesLeft } from '../../shared/format';
import type { OrderSummary, Page } from '../../shared/types';
import { EmptyState } from '../../shared/states';
import { DeadlineTag, StatusTag, TierTag } from './tags';
import { ExportButtons } from './ExportButtons';
import type { OrderColumn, OrderListProps } from './OrderTable';

export function OrderCardList({ page, loading, columns, actions, onPage, selectedKeys, onSelect, empty, testId, exportQuery }: OrderListProps) {
  const { t } = useI18n();
  const items = page?.items ?? [];
  const has = (c: OrderColumn) => columns.includes(c);
  const selected = new Set(selectedKeys ?? []);
  const toggle = (o: OrderSummary, on: boolean) => {
    if (!onSelect) return;
    const keys = on ? [...selected, o.id] : [...selected].filter((k) => k !== o.id);
    onSelect(keys, items.filter((x) => keys.includes(x.id)));
  };

  return (
    <div data-testid={testId} className="minhu-touch" style={{ minWidth: 0 }}>
      {exportQuery && <div style={{ display: 'flex', justifyContent: 'flex-end', marginBottom: 8 }}><ExportButtons query={exportQuery} /></div>}
      <Spin spinning={loading}>
        {items.length === 0 && !loading && (empty ?? <EmptyState description={t('list.empty')} />)}
        {items.length === 0 && loading && <div style={{ minHeight: 80 }} />}
        <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
          {items.map((o) => {
            const action = actions?.(o);
            return (
              <div
                key={o.id}
                data-testid={`order-row-${o.number}`}
                data-status={o.status}
                style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, padding: '10px 12px', minWidth: 0 }}
              >
                <div style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
                  {onSelect && <Checkbox checked={selected.has(o.id)} onChange={(e) => toggle(o, e.target.checked)} aria-label={o.number} data-testid={`order-select-${o.number}`} />}
                  <a href={orderHref(o.id)} data-testid={`order-link-${o.number}`} style={{ fontWeight: 600, overflowWrap: 'anywhere', minWidth: 0 }}>{o.number}</a>
                  <span style={{ marginLeft: 'auto', flex: 'none' }}><StatusTag status={o.status} /></span>
                </div>
                <div style={{ display: 'flex', alignItems: 'center', gap: 4, minWidth: 0, marginTop: 4 }}>
                  {o.supervised && <Tag color="volcano">{t('order.supervised')}</Tag>}
                  {o.confidential && <Tag>{t('order.confidential')}</Tag>}
                  <Typography.Text ellipsis style={{ minWidth: 0, flex: 1 }} title={o.title} data-testid={`order-title-${o.number}`}>{o.title}</Typography.Text>
                </div>
                <Space size={[4, 4]} wrap style={{ marginTop: 6 }}>
                  {has('deadline') && <DeadlineTag dueAt={currentDueAt(o)} level={o.warning} testId={`deadline-${o.number}`} provisionalYear={o.provisionalYear} />}
                  {has('callbackDue') && o.callbackDueAt && (() => {
                    const left = minutesLeft(o.callbackDueAt);
                    return <DeadlineTag dueAt={o.callbackDueAt} level={left < 0 ? 'red' : left < 240 ? 'yellow' : 'green'} testId={`callback-due-${o.number}`} provisionalYear={null} />;
                  })()}
                  {has('tier') && <TierTag tier={o.tier} />}
                  {(has('unit') && o.mainUnitName) && <Typography.Text type="secondary">{o.mainUnitName}</Typography.Text>}
                  {(has('category') && o.categoryName) && <Typography.Text type="secondary" style={{ overflowWrap: 'anywhere' }}>{o.categoryName}</Typography.Text>}
                </Space>
                {action && <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>{action}</div>}
              </div>
            );
          })}
        </div>
      </Spin>
      {page && onPage && page.total > page.pageSize && (
        <div style={{ display: 'flex', justifyContent: 'center', marginTop: 12 }}>
          <Pagination simple current={page.page} pageSize={page.pageSize} total={page.total} onChange={onPage} />
        </div>
      )}
      {page && <Typography.Text type="secondary" style={{ display: 'block', textAlign: 'center', marginTop: 4 }}>{t('list.total', { n: page.totalCapped ? `${page.total}+` : page.total })}</Typography.Text>}
    </div>
  );
}
