// 值守排班 — a unit's 7×24 duty roster: shifts (a console user of the unit, or a named contact with a phone), a
// default contact for the hours nobody covers, who is on duty now, and a warning for every gap of the next 7 days.
// Admins pick any unit; a unit leader edits their own unit's roster.
import { useEffect, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import dayjs, { type Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import { useFeedback } from '../../shared/feedback';
import { ErrorState } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { useAsync } from '../../shared/useAsync';
import { serverNow } from '../../shared/serverTime';

interface Contact { userId: number | null; userName: string | null; name: string | null; phone: string | null }
interface Slot extends Contact { id: number; startsAt: string; endsAt: string; note: string | null }
interface Roster {
  unitId: number; unitName: string; from: string; to: string; defaultContact: Contact | null; slots: Slot[];
  gaps: { from: string; to: string }[]; onDutyNow: { source: 'roster' | 'default' | 'none'; people: Contact[] };
}
interface SlotForm { userId?: number | null; userName?: string | null; name?: string; phone?: string; range?: [Dayjs, Dayjs]; note?: string }

const who = (c: Contact) => c.name || c.userName || c.phone || '';

export default function DutyPage() {
  const me = useMe();
  const { t } = useI18n();
  const { message, showError } = useFeedback();
  // A unit leader edits their own unit; an admin picks one.
  const [unitId, setUnitId] = useState<number | null>(me.role === 'admin' ? null : me.unit.id);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  // The window is on the server's clock (the browser's may be wrong): now → 92 days ahead.
  const { data, error, reload } = useAsync(
    (signal) => (unitId ? api<Roster>(`/units/${unitId}/duty`, { signal, query: { from: new Date(serverNow()).toISOString(), to: new Date(serverNow() + 92 * 86_400_000).toISOString() } }) : Promise.resolve(null)),
    [unitId],
  );

  useEffect(() => {
    if (!data) return;
    form.setFieldsValue({
      defaultName: data.defaultContact?.name ?? '', defaultPhone: data.defaultContact?.phone ?? '',
      slots: data.slots.map((s) => ({ userId: s.userId, userName: s.userName, name: s.name ?? '', phone: s.phone ?? '', note: s.note ?? '', range: [dayjs(s.startsAt), dayjs(s.endsAt)] })),
    });
  }, [data, form]);

  const save = async (v: { defaultName?: string; defaultPhone?: string; slots?: SlotForm[] }) => {
    setBusy(true);
    try {
      // The save replaces every shift that has not ended yet (the server keeps the ended ones as history).
      const body = {
        defaultContact: v.defaultPhone?.trim() ? { name: v.defaultName?.trim() || undefined, phone: v.defaultPhone.trim() } : null,
        slots: [...(v.slots ?? []).filter((s) => s.range).map((s) => ({
          ...(s.userId ? { userId: s.userId } : {}), ...(s.name?.trim() ? { name: s.name.trim() } : {}), ...(s.phone?.trim() ? { phone: s.phone.trim() } : {}),
          startsAt: s.range![0].toISOString(), endsAt: s.range![1].toISOString(), ...(s.note?.trim() ? { note: s.note.trim() } : {}),
        }))],
      };
      if (!unitId) return;
      await api<Roster>(`/units/${unitId}/duty`, { method: 'PUT', body });
      message.success(t('duty.saved'));
      reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  const soon = (data?.gaps ?? []).filter((g) => new Date(g.from).getTime() < serverNow() + 7 * 86_400_000);
  return (
    <Card title={t('duty.title')} data-testid="duty-page"
      extra={me.role === 'admin' ? <div style={{ width: 280 }}><UnitSelect value={unitId} onChange={(v: number) => setUnitId(v)} testId="duty-unit" placeholder={t('duty.unit')} /></div> : <Typography.Text>{me.unit.name}</Typography.Text>}>
      {error && <ErrorState error={error} onRetry={reload} />}
      {data && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Space wrap data-testid="duty-now">
            <Typography.Text strong>{t('duty.onDutyNow')}:</Typography.Text>
            {data.onDutyNow.people.length ? data.onDutyNow.people.map((p, i) => <Tag key={i} color="blue">{who(p)}</Tag>) : <Tag color="red">{t('duty.nobody')}</Tag>}
            <Typography.Text type="secondary">({t(`duty.source.${data.onDutyNow.source}` as never)})</Typography.Text>
          </Space>
          {soon.length > 0 ? (
            <Alert type="warning" showIcon data-testid="duty-gaps" title={t('duty.gaps')}
              description={<List size="small" dataSource={soon} renderItem={(g) => <List.Item data-testid="duty-gap">{fmtDateTime(g.from)} — {fmtDateTime(g.to)}</List.Item>} />} />
          ) : <Alert type="success" showIcon data-testid="duty-no-gaps" title={t('duty.noGaps')} />}
          <Form form={form} layout="vertical" onFinish={save}>
            <Typography.Title level={5}>{t('duty.default')} <Typography.Text type="secondary" style={{ fontSize: 12 }}>{t('duty.defaultHint')}</Typography.Text></Typography.Title>
            <Space wrap>
              <Form.Item name="defaultName" label={t('duty.name')}><Input data-testid="duty-default-name" /></Form.Item>
              <Form.Item name="defaultPhone" label={t('duty.phone')}><Input data-testid="duty-default-phone" /></Form.Item>
            </Space>
            <Form.List name="slots">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((f) => (
                    <Space key={f.key} wrap align="start" data-testid="duty-slot">
                      <Form.Item name={[f.name, 'range']} rules={[{ required: true, message: t('field.required') }]}>
                        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" placeholder={[t('duty.startsAt'), t('duty.endsAt')]} data-testid="duty-slot-range" />
                      </Form.Item>
                      <Form.Item name={[f.name, 'name']}><Input placeholder={t('duty.name')} style={{ width: 140 }} data-testid="duty-slot-name" /></Form.Item>
                      <Form.Item name={[f.name, 'phone']}><Input placeholder={t('duty.phone')} style={{ width: 150 }} data-testid="duty-slot-phone" /></Form.Item>
                      <Form.Item noStyle shouldUpdate>{() => { const n = form.getFieldValue(['slots', f.name, 'userName']); return n ? <Tag style={{ marginTop: 5 }}>{t('duty.user')}: {n}</Tag> : null; }}</Form.Item>
                      <Form.Item name={[f.name, 'note']}><Input placeholder={t('duty.note')} style={{ width: 160 }} /></Form.Item>
                      <Button danger onClick={() => remove(f.name)}>{t('duty.remove')}</Button>
                    </Space>
                  ))}
                  <Button onClick={() => add({ range: [dayjs(serverNow()).startOf('hour'), dayjs(serverNow()).startOf('hour').add(12, 'hour')] })} data-testid="duty-add">{t('duty.add')}</Button>
                </Space>
              )}
            </Form.List>
            <Button type="primary" htmlType="submit" loading={busy} style={{ marginTop: 16 }} data-testid="duty-save">{t('duty.save')}</Button>
          </Form>
        </Space>
      )}
    </Card>
  );
}
