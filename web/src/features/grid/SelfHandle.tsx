// 自行处置 on the grid workbench (390×844 first): report a small issue with a before photo, handle it with an after
// photo, verify (or refuse) a mate's handled issue, or escalate it into an order (docs/GRID.md).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { orderHref } from '../../app/router';
import { useI18n, type MsgKey } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';

interface Issue {
  id: number; title: string; address: string; status: string; reporterName: string; verifierName: string | null; orderId: number | null; orderNumber: string | null;
  version: number; createdAt: string; photos: { id: string; stage: string }[]; allowedActions: string[];
}
const COLOR: Record<string, string> = { reported: 'orange', handled: 'blue', closed: 'green', escalated: 'red' };

const toBase64 = (f: File) => new Promise<{ name: string; data: string }>((resolve, reject) => {
  const r = new FileReader();
  r.onload = () => resolve({ name: f.name, data: String(r.result) });
  r.onerror = () => reject(r.error);
  r.readAsDataURL(f);
});

function PhotoPick({ testId, file, onPick }: { testId: string; file: File | null; onPick(f: File | null): void }) {
  const { t } = useI18n();
  return (
    <Space wrap size={4}>
      <label>
        <input type="file" accept="image/*" capture="environment" style={{ display: 'none' }} data-testid={testId} onChange={(e) => onPick(e.target.files?.[0] ?? null)} />
        <Button size="small" onClick={(e) => (e.currentTarget.previousElementSibling as HTMLInputElement | null)?.click()}>{t('grid.photo')}</Button>
      </label>
      {file && <Tag data-testid={`${testId}-name`}>{file.name}</Tag>}
    </Space>
  );
}

function IssueRow({ i, onDone }: { i: Issue; onDone(): void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [after, setAfter] = useState<File | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (action: string) => {
    setBusy(true);
    try {
      const body: Record<string, unknown> = { version: i.version };
      if (action === 'handle') Object.assign(body, { note: text.trim() || undefined, photos: after ? [await toBase64(after)] : [] });
      else if (action === 'verify') Object.assign(body, { note: text.trim() || undefined });
      else Object.assign(body, { reason: text.trim() });
      await api(`/grid/issues/${i.id}/${action}`, { method: 'POST', body });
      message.success(t(`grid.self.done.${action}` as MsgKey));
      onDone();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <List.Item data-testid={`grid-issue-${i.id}`}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Typography.Text strong>{i.title}</Typography.Text>
          <Tag color={COLOR[i.status]} data-testid={`grid-issue-${i.id}-status`}>{t(`grid.self.status.${i.status}` as MsgKey)}</Tag>
        </Space>
        <Typography.Text type="secondary">
          {i.reporterName} · {fmtDateTime(i.createdAt)} · {t('grid.photos', { n: i.photos.length })}{i.verifierName ? ` · ${t('grid.self.verifiedBy', { name: i.verifierName })}` : ''}
        </Typography.Text>
        <Space size={4} wrap>
          {i.photos.map((p) => (
            <a key={p.id} href={`/api/v1/grid/issues/${i.id}/photos/${p.id}`} target="_blank" rel="noreferrer">
              <img src={`/api/v1/grid/issues/${i.id}/photos/${p.id}`} alt={p.stage} width={56} height={56} style={{ objectFit: 'cover', borderRadius: 4 }} data-testid={`grid-issue-${i.id}-photo-${p.stage}`} />
            </a>
          ))}
        </Space>
        {i.orderId && <a href={orderHref(i.orderId)}>{t('grid.self.order', { number: i.orderNumber ?? '' })}</a>}
        {i.allowedActions.length > 0 && (
          <>
            {i.allowedActions.includes('handle') && <PhotoPick testId={`grid-issue-${i.id}-after`} file={after} onPick={setAfter} />}
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 3 }} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('grid.self.notePlaceholder')} data-testid={`grid-issue-${i.id}-note`} />
            <Space wrap size={4}>
              {i.allowedActions.map((a) => (
                <Button key={a} size="small" type={a === 'handle' || a === 'verify' ? 'primary' : 'default'} danger={a === 'refuse' || a === 'escalate'} loading={busy}
                  disabled={(a === 'handle' && !after) || ((a === 'refuse' || a === 'escalate') && !text.trim())} onClick={() => void act(a)} data-testid={`grid-issue-${i.id}-${a}`}>
                  {t(`grid.self.action.${a}` as MsgKey)}
                </Button>
              ))}
            </Space>
          </>
        )}
      </Space>
    </List.Item>
  );
}

export function SelfHandle({ onChange }: { onChange?(): void } = {}) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const [tick, setTick] = useState(0);
  const [title, setTitle] = useState('');
  const [address, setAddress] = useState('');
  const [before, setBefore] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const issues = useAsync((signal) => api<{ items: Issue[] }>('/grid/issues', { signal }), [tick]);
  const report = async () => {
    if (!before || !title.trim()) return;
    setBusy(true);
    try {
      await api('/grid/issues', { method: 'POST', body: { title: title.trim(), address: address.trim(), photos: [await toBase64(before)] } });
      message.success(t('grid.self.reported'));
      setTitle('');
      setAddress('');
      setBefore(null);
      setTick((n) => n + 1);
      onChange?.();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={t('grid.self.title')} data-testid="grid-self">
      <Space orientation="vertical" size={8} style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('grid.self.hint')}</Typography.Text>
        <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} placeholder={t('grid.title')} data-testid="grid-self-title" />
        <Input value={address} onChange={(e) => setAddress(e.target.value)} maxLength={300} placeholder={t('grid.address')} data-testid="grid-self-address" />
        <PhotoPick testId="grid-self-before" file={before} onPick={setBefore} />
        <Button type="primary" block disabled={!before || !title.trim()} loading={busy} onClick={() => void report()} data-testid="grid-self-submit">{t('grid.self.submit')}</Button>
        {issues.error && <ErrorState error={issues.error} onRetry={issues.reload} />}
        <List size="small" loading={issues.loading} dataSource={issues.data?.items ?? []} locale={{ emptyText: t('grid.self.empty') }}
          renderItem={(i) => <IssueRow key={`${i.id}-${i.version}`} i={i} onDone={() => { setTick((n) => n + 1); onChange?.(); }} />} />
      </Space>
    </Card>
  );
}
