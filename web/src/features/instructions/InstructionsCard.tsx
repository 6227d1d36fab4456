// 领导批示 on the order page: a leader writes an instruction, the handling unit answers it; both are shown
// with who and when. Hidden when the order has none and the viewer may neither write nor answer.
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import List from 'antd/es/list';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { api } from '../../app/api';
import { useI18n } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { useAsync } from '../../shared/useAsync';

export interface Instruction {
  id: number; orderId: number; text: string; givenBy: { id: number; name: string }; givenUnitName: string | null; givenAt: string;
  answer: string | null; answeredBy: { id: number; name: string } | null; answeredUnitName: string | null; answeredAt: string | null; canAnswer: boolean;
}
export interface Instructions { items: Instruction[]; canGive: boolean }

export function useInstructions(orderId: number, version: number) {
  return useAsync((signal) => api<Instructions>(`/orders/${orderId}/instructions`, { signal }), [orderId, version]);
}

function AnswerBox({ orderId, ins, onDone }: { orderId: number; ins: Instruction; onDone: () => void }) {
  const { t } = useI18n();
  const { showError } = useFeedback();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await api(`/orders/${orderId}/instructions/${ins.id}/answer`, { method: 'POST', body: { answer: text } });
      setText('');
      onDone();
    } catch (e) { showError(e); } finally { setBusy(false); }
  };
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('instruction.answerPlaceholder')} data-testid={`instruction-answer-text-${ins.id}`} maxLength={2000} />
      <Button type="primary" loading={busy} disabled={!text.trim()} onClick={() => void submit()} data-testid={`instruction-answer-submit-${ins.id}`}>{t('instruction.answer')}</Button>
    </Space.Compact>
  );
}

export function InstructionsCard({ orderId, version, onChanged }: { orderId: number; version: number; onChanged?: () => void }) {
  const { t } = useI18n();
  const { showError } = useFeedback();
  const { data, reload } = useInstructions(orderId, version);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  if (!data || (!data.items.length && !data.canGive)) return null;
  const give = async () => {
    setBusy(true);
    try {
      await api(`/orders/${orderId}/instructions`, { method: 'POST', body: { text } });
      setText('');
      reload();
      onChanged?.();
    } catch (e) { showError(e); } finally { setBusy(false); }
  };
  return (
    <Card size="small" title={t('instruction.title')} data-testid="instructions">
      <List
        size="small"
        dataSource={data.items}
        locale={{ emptyText: t('instruction.none') }}
        renderItem={(i) => (
          <List.Item data-testid={`instruction-${i.id}`} data-answered={i.answer !== null ? 'true' : 'false'}>
            <Space orientation="vertical" size={4} style={{ width: '100%' }}>
              <div>
                <Tag color="red">{t('instruction.tag')}</Tag>
                <Typography.Text strong data-testid={`instruction-text-${i.id}`}>{i.text}</Typography.Text>
                <div><Typography.Text type="secondary">{i.givenBy.name} · {fmtDateTime(i.givenAt)}</Typography.Text></div>
              </div>
              {i.answer !== null ? (
                <div style={{ paddingLeft: 12, borderLeft: '3px solid #52c41a' }} data-testid={`instruction-reply-${i.id}`}>
                  <Typography.Text>{i.answer}</Typography.Text>
                  <div><Typography.Text type="secondary">{i.answeredUnitName ?? ''} {i.answeredBy?.name ?? ''} · {i.answeredAt ? fmtDateTime(i.answeredAt) : ''}</Typography.Text></div>
                </div>
              ) : i.canAnswer ? <AnswerBox orderId={orderId} ins={i} onDone={() => { reload(); onChanged?.(); }} /> : <Tag data-testid={`instruction-waiting-${i.id}`}>{t('instruction.waiting')}</Tag>}
            </Space>
          </List.Item>
        )}
      />
      {data.canGive && (
        <Space orientation="vertical" style={{ width: '100%', marginTop: 8 }}>
          <Input.TextArea rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('instruction.placeholder')} maxLength={2000} data-testid="instruction-text" />
          <Button type="primary" danger loading={busy} disabled={!text.trim()} onClick={() => void give()} data-testid="instruction-submit">{t('instruction.give')}</Button>
        </Space>
      )}
    </Card>
  );
}
