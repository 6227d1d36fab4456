// 幸福码 — a street's QR codes (communities and grids): the printable A4 sheets (SVG, 20 codes a page) and the
// rotation of a misused code. Admins pick any street; a street's own staff see theirs.
import { useEffect, useState } from 'react';
import Button from 'antd/es/button';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';

interface Street { id: number; name: string; codes: number }
interface Code { code: string; url: string; unitId: number; unitName: string; unitType: string; parentName: string | null; createdAt: string }

export default function HappyCodesPage() {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const streets = useAsync((signal) => api<{ items: Street[] }>('/happy-codes/streets', { signal }), []);
  const [streetId, setStreetId] = useState<number | null>(null);
  useEffect(() => {
    if (streetId === null && streets.data?.items[0]) setStreetId(streets.data.items[0].id);
  }, [streets.data, streetId]);
  const codes = useAsync((signal) => api<{ pages: number; items: Code[] }>(`/happy-codes?streetId=${streetId}`, { signal }), [streetId], streetId !== null);
  const [rotating, setRotating] = useState<Code | null>(null);
  const [reason, setReason] = useState('');

  const rotate = async () => {
    if (!rotating) return;
    try {
      await api(`/happy-codes/${rotating.unitId}/rotate`, { method: 'POST', body: { reason } });
      message.success(t('happy.rotated'));
      setRotating(null);
      setReason('');
      codes.reload();
    } catch (e) {
      showError(e);
    }
  };

  if (streets.error) return <ErrorState error={streets.error} onRetry={streets.reload} />;
  if (streets.data && !streets.data.items.length) return <Typography.Paragraph style={{ padding: 16 }} data-testid="happy-none">{t('happy.none')}</Typography.Paragraph>;
  return (
    <div data-testid="happy-codes" style={{ padding: 16 }}>
      <Typography.Title level={4}>{t('nav.happyCodes')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('happy.intro')}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select style={{ width: 220 }} value={streetId ?? undefined} onChange={setStreetId} data-testid="happy-street" loading={streets.loading}
          options={(streets.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.codes}）` }))} />
        {streetId !== null && Array.from({ length: codes.data?.pages ?? 0 }, (_, i) => (
          <Button key={i} href={`/api/v1/happy-codes/sheet.svg?streetId=${streetId}&page=${i + 1}`} target="_blank" data-testid={`happy-sheet-${i + 1}`}>
            {t('happy.sheet', { page: i + 1 })}
          </Button>
        ))}
      </Space>
      {codes.error && <ErrorState error={codes.error} onRetry={codes.reload} />}
      <Table<Code>
        size="small" rowKey="code" loading={codes.loading} dataSource={codes.data?.items ?? []} pagination={{ pageSize: 50 }}
        columns={[
          { title: t('happy.unit'), render: (_, c) => (c.unitType === 'grid' ? `${c.parentName ?? ''} / ${c.unitName}` : c.unitName) },
          { title: t('happy.code'), dataIndex: 'code', render: (v: string, c) => <a href={c.url} target="_blank" rel="noreferrer" data-testid={`happy-code-${c.unitId}`}>{v}</a> },
          { title: t('happy.since'), dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
          { title: '', render: (_, c) => <Button size="small" danger onClick={() => setRotating(c)} data-testid={`happy-rotate-${c.unitId}`}>{t('happy.rotate')}</Button> },
        ]}
      />
      <Modal open={rotating !== null} title={t('happy.rotateTitle', { unit: rotating?.unitName ?? '' })} onOk={rotate} okButtonProps={{ disabled: !reason.trim(), danger: true }} onCancel={() => setRotating(null)} destroyOnHidden>
        <p>{t('happy.rotateHint')}</p>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('happy.reason')} data-testid="happy-reason" />
      </Modal>
    </div>
  );
}
