// The requester: masked for units, hidden for confidential orders; revealing a phone asks first and is
// written to the audit log by the server.
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Descriptions from 'antd/es/descriptions';
import Tag from 'antd/es/tag';
import EyeOutlined from '@ant-design/icons/EyeOutlined';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import type { Order } from '../../shared/types';

export function RequesterCard({ order }: { order: Order }) {
  const { t } = useI18n();
  const { modal, showError } = useFeedback();
  const [revealed, setRevealed] = useState<string | null>(null);
  const r = order.requester;

  const reveal = () => {
    modal.confirm({
      title: t('requester.revealTitle'),
      content: t('requester.revealBody'),
      okText: t('requester.revealOk'),
      okButtonProps: { 'data-testid': 'reveal-phone-confirm' },
      onOk: async () => {
        try {
          const res = await api<{ phone: string }>(`/orders/${order.id}/reveal-phone`, { method: 'POST', body: {} });
          setRevealed(res.phone);
        } catch (e) {
          showError(e);
        }
      },
    });
  };

  if (r.hidden) {
    return (
      <Card size="small" title={t('order.requester')} data-testid="requester">
        <Tag color="default" data-testid="requester-hidden">{t('order.requesterHidden')}</Tag>
        <div style={{ color: '#888', marginTop: 8, fontSize: 12 }}>{t('requester.hiddenHint')}</div>
      </Card>
    );
  }
  const masked = !!r.phone && r.phone.includes('*');
  return (
    <Card size="small" title={t('order.requester')} data-testid="requester">
      <Descriptions size="small" column={1} items={[
        { key: 'n', label: t('intake.name'), children: <span data-testid="requester-name">{r.name ?? '—'}</span> },
        {
          key: 'p', label: t('intake.phone'), children: (
            <span>
              <span data-testid="requester-phone">{revealed ?? r.phone ?? '—'}</span>{' '}
              {masked && !revealed && (
                <Button size="small" type="link" icon={<EyeOutlined />} onClick={reveal} data-testid="reveal-phone">{t('requester.reveal')}</Button>
              )}
            </span>
          ),
        },
        ...(r.company ? [{ key: 'c', label: t('requester.company'), children: r.company }] : []),
        ...(order.confidential ? [{ key: 'x', label: t('order.confidential'), children: <Tag>{t('order.confidential')}</Tag> }] : []),
      ]} />
    </Card>
  );
}
