// Deadline policy per urgency tier (GET /sla/policies, PUT /sla/policies/{tier}).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Col from 'antd/es/col';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Row from 'antd/es/row';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { TierPolicy } from '../../shared/types';

const LIMITS = ['sign', 'contact', 'resolve'] as const;

function PolicyCard({ policy, onSaved }: { policy: TierPolicy; onSaved(p: TierPolicy): void }) {
  const { t, te } = useI18n();
  const { showError, message } = useFeedback();
  const [busy, setBusy] = useState(false);
  const save = async (v: TierPolicy) => {
    setBusy(true);
    try {
      const body = { name: v.name, sign: v.sign, contact: v.contact, resolve: v.resolve };
      const saved = await api<TierPolicy | undefined>(`/sla/policies/${policy.tier}`, { method: 'PUT', body });
      message.success(t('common.saved'));
      onSaved(saved && 'tier' in saved ? saved : { ...v, tier: policy.tier });
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={`${te('tier', policy.tier)}`} data-testid={`sla-policy-${policy.tier}`}>
      <Form<TierPolicy> layout="vertical" initialValues={policy} onFinish={save}>
        <Form.Item name="name" label={t('admin.tierName')} rules={[{ required: true, whitespace: true }]}>
          <Input />
        </Form.Item>
        {LIMITS.map((k) => (
          <Form.Item key={k} label={t(`deadline.${k}`)} required>
            <Space.Compact>
              <Form.Item name={[k, 'amount']} noStyle rules={[{ required: true, type: 'integer', min: 1 }]}>
                <InputNumber min={1} max={10000} style={{ width: 100 }} data-testid={`sla-${policy.tier}-${k}-amount`} />
              </Form.Item>
              <Form.Item name={[k, 'unit']} noStyle rules={[{ required: true }]}>
                <Select style={{ width: 110 }} options={['minutes', 'hours', 'workdays'].map((u) => ({ value: u, label: te('limitUnit', u) }))} />
              </Form.Item>
            </Space.Compact>
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={busy} data-testid={`sla-save-${policy.tier}`}>{t('common.save')}</Button>
      </Form>
    </Card>
  );
}

export function SlaPolicies() {
  const { t } = useI18n();
  const { data, error, reload, setData } = useAsync((signal) => api<{ items: TierPolicy[] }>('/sla/policies', { signal }), []);
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  return (
    <>
      <p style={{ color: '#888' }}>{t('admin.slaHint')}</p>
      <Row gutter={[16, 16]}>
        {data.items.map((p) => (
          <Col key={p.tier} xs={24} md={12} xl={6}>
            <PolicyCard policy={p} onSaved={(np) => setData({ items: data.items.map((x) => (x.tier === np.tier ? np : x)) })} />
          </Col>
        ))}
      </Row>
    </>
  );
}
