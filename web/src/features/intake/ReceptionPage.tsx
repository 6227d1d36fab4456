// 领导接待日: the centre records a leader's reception day — date, leader, place, visitors — and each matter raised,
// which becomes an order (channel reception) in the normal flow; the list shows past days and their orders.
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useMe } from '../../app/auth';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';

interface Day { id: number; day: string; leaderName: string; place: string; visitors: number; note: string; matters: { orderId: number; number: string; title: string; status: string }[] }
interface Values { day: Dayjs; leaderName: string; place: string; visitors: number; note?: string; matters?: { title: string; description?: string; address?: string; name?: string; phone?: string }[] }

export default function ReceptionPage() {
  const { t, te } = useI18n();
  const me = useMe();
  const { showError, message } = useFeedback();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const list = useAsync((signal) => api<{ items: Day[] }>('/reception-days', { signal }), []);
  const canWrite = ['operator', 'dispatcher', 'admin'].includes(me.role);
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api('/reception-days', {
        method: 'POST',
        body: {
          day: v.day.format('YYYY-MM-DD'), leaderName: v.leaderName.trim(), place: v.place.trim(), visitors: v.visitors, ...(v.note?.trim() ? { note: v.note.trim() } : {}),
          matters: (v.matters ?? []).filter((m) => m?.title?.trim()).map((m) => ({
            title: m.title.trim(), description: m.description?.trim() ?? '', address: m.address?.trim() ?? '',
            ...(m.name || m.phone ? { requester: { name: m.name?.trim() || undefined, phone: m.phone?.trim() || undefined } } : {}),
          })),
        },
      });
      message.success(t('reception.saved'));
      form.resetFields();
      list.reload();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="reception-page">
      {canWrite && (
        <Card title={t('reception.new')} size="small">
          <Form<Values> form={form} layout="vertical" onFinish={submit} initialValues={{ visitors: 0, matters: [{}] }}>
            <Space wrap>
              <Form.Item name="day" label={t('reception.day')} rules={[{ required: true, message: t('field.required') }]}><DatePicker data-testid="reception-day" /></Form.Item>
              <Form.Item name="leaderName" label={t('reception.leader')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}><Input data-testid="reception-leader" /></Form.Item>
              <Form.Item name="place" label={t('reception.place')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}><Input data-testid="reception-place" /></Form.Item>
              <Form.Item name="visitors" label={t('reception.visitors')} rules={[{ required: true }]}><InputNumber min={0} max={100000} data-testid="reception-visitors" /></Form.Item>
            </Space>
            <Form.Item name="note" label={t('reception.note')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} data-testid="reception-note" /></Form.Item>
            <Form.List name="matters">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((f, i) => (
                    <Card key={f.key} size="small" type="inner" title={`${t('reception.matter')} ${i + 1}`} extra={<a onClick={() => remove(f.name)}>{t('reception.removeMatter')}</a>} style={{ marginBottom: 8 }}>
                      <Form.Item name={[f.name, 'title']} label={t('order.titleField')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}><Input data-testid={`reception-matter-${i}-title`} /></Form.Item>
                      <Form.Item name={[f.name, 'description']} label={t('order.description')}><Input.TextArea autoSize={{ minRows: 1, maxRows: 5 }} data-testid={`reception-matter-${i}-description`} /></Form.Item>
                      <Space wrap>
                        <Form.Item name={[f.name, 'address']} label={t('order.address')}><Input /></Form.Item>
                        <Form.Item name={[f.name, 'name']} label={t('reception.requester')}><Input /></Form.Item>
                        <Form.Item name={[f.name, 'phone']} label={t('reception.phone')} rules={[{ pattern: /^[0-9+\-() ]*$/, message: t('reception.phoneInvalid') }]}><Input /></Form.Item>
                      </Space>
                    </Card>
                  ))}
                  <Button onClick={() => add({})} data-testid="reception-add-matter">{t('reception.addMatter')}</Button>
                </>
              )}
            </Form.List>
            <div style={{ marginTop: 12 }}><Button type="primary" htmlType="submit" loading={busy} data-testid="reception-submit">{t('reception.submit')}</Button></div>
          </Form>
        </Card>
      )}
      <Card title={t('reception.list')} size="small">
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : (
          <List
            data-testid="reception-list"
            loading={list.loading}
            dataSource={list.data?.items ?? []}
            locale={{ emptyText: t('reception.empty') }}
            renderItem={(d) => (
              <List.Item data-testid={`reception-${d.id}`}>
                <List.Item.Meta
                  title={`${d.day} · ${d.leaderName} · ${d.place}`}
                  description={<>
                    <div>{t('reception.visitors')} {d.visitors}{d.note ? ` · ${d.note}` : ''}</div>
                    {d.matters.map((m) => <div key={m.orderId}><a href={orderHref(m.orderId)}>{m.number}</a> {m.title} <Tag>{te('status', m.status)}</Tag></div>)}
                  </>}
                />
              </List.Item>
            )}
          />
        )}
      </Card>
    </Space>
  );
}
