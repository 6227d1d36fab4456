// Filter bar for order lists: keyword, type, channel, category, created-date range, optionally status.
import DatePicker from 'antd/es/date-picker';
import Input from 'antd/es/input';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import type { Dayjs } from 'dayjs';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n';
import { CategorySelect } from '../intake/CategorySelect';
import { CHANNELS, TYPES } from '../intake/IntakeForm';
import type { OrderQuery } from './useOrderList';

export interface FilterValues {
  q?: string;
  type?: string;
  channel?: string;
  categoryId?: number | null;
  range?: [Dayjs | null, Dayjs | null] | null;
  status?: string[];
  /** the centre only: orders of one caller (audited) */
  phone?: string;
}

// The states are the server's lifecycle table, imported, not copied.
import { STATES } from '../../../../src/modules/orders/lifecycle';
export const STATUSES: readonly string[] = STATES;

export function toQuery(f: FilterValues): OrderQuery {
  return {
    q: f.q?.trim() || undefined,
    type: f.type,
    channel: f.channel,
    categoryId: f.categoryId ?? undefined,
    from: f.range?.[0]?.startOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    to: f.range?.[1]?.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ'),
    status: f.status?.length ? f.status.join(',') : undefined,
    phone: f.phone?.trim() || undefined,
  };
}

export function OrderFilters({ value, onChange, withStatus, testId }: { value: FilterValues; onChange(v: FilterValues): void; withStatus?: boolean; testId?: string }) {
  const { t, te } = useI18n();
  const me = useMe();
  const set = (patch: Partial<FilterValues>) => onChange({ ...value, ...patch });
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid={testId}>
      <Input.Search
        allowClear
        placeholder={t('filter.q')}
        defaultValue={value.q}
        onSearch={(q) => set({ q })}
        style={{ width: 220 }}
        data-testid={testId ? `${testId}-q` : undefined}
      />
      {withStatus && (
        <Select
          mode="multiple"
          allowClear
          placeholder={t('order.status')}
          style={{ minWidth: 160 }}
          value={value.status ?? []}
          onChange={(status) => set({ status })}
          options={STATUSES.map((s) => ({ value: s, label: te('status', s) }))}
        />
      )}
      <Select allowClear placeholder={t('order.type')} style={{ width: 110 }} value={value.type} onChange={(type) => set({ type })}
        options={TYPES.map((v) => ({ value: v, label: te('type', v) }))} />
      <Select allowClear placeholder={t('order.channel')} style={{ width: 120 }} value={value.channel} onChange={(channel) => set({ channel })}
        options={CHANNELS.map((v) => ({ value: v, label: te('channel', v) }))} />
      <div style={{ width: 260 }}>
        <CategorySelect value={value.categoryId ?? null} onChange={(categoryId) => set({ categoryId })} />
      </div>
      <DatePicker.RangePicker value={value.range ?? null} onChange={(range) => set({ range: range as FilterValues['range'] })} />
      {me.isCenter && (
        <Input.Search allowClear placeholder={t('filter.phone')} title={t('filter.phoneHint')} inputMode="tel" style={{ width: 190 }}
          defaultValue={value.phone} onSearch={(phone) => set({ phone })} data-testid="filter-phone" />
      )}
    </Space>
  );
}
