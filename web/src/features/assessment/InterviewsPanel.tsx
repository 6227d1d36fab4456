// 约谈: the month's list (last-ranked and slow 治理类 units), recording an interview, and its follow-ups.
import { useState } from 'react';
import Button from 'antd/es/button';
import DatePicker from 'antd/es/date-picker';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { useI18n, type MsgKey } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import type { Interview, InterviewCandidate } from './types';

interface Values { heldOn: Dayjs; interviewer: string; attendees?: string; commitments: string; followUpDue?: Dayjs | null }

export function InterviewsPanel({ month, canRecord }: { month: string; canRecord: boolean }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const { data, error, reload } = useAsync((signal) => api<{ candidates: InterviewCandidate[]; records: Interview[] }>(`/assessment/months/${month}/interviews`, { signal }), [month]);
  const [recording, setRecording] = useState<InterviewCandidate | null>(null);
  const [following, setFollowing] = useState<Interview | null>(null);
  const [note, setNote] = useState('');
  const [done, setDone] = useState(false);
  const [form] = Form.useForm<Values>();
  if (error) return <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const recordOf = (unitId: number) => data.records.find((r) => r.unitId === unitId);
  const save = async (v: Values) => {
    try {
      await api(`/assessment/months/${month}/interviews`, {
        method: 'POST',
        body: {
          unitId: recording!.unitId, reason: recording!.reasons[0] ?? 'other', heldOn: v.heldOn.format('YYYY-MM-DD'), interviewer: v.interviewer.trim(),
          attendees: v.attendees?.trim() ?? '', commitments: v.commitments.trim(), followUpDue: v.followUpDue ? v.followUpDue.format('YYYY-MM-DD') : null,
        },
      });
      message.success(t('interview.saved'));
      setRecording(null);
      form.resetFields();
      reload();
    } catch (e) { showError(e); }
  };
  const follow = async () => {
    try {
      await api(`/assessment/interviews/${following!.id}/follow-ups`, { method: 'POST', body: { note: note.trim(), done } });
      setFollowing(null);
      setNote('');
      setDone(false);
      reload();
    } catch (e) { showError(e); }
  };
  return (
    <div data-testid="interviews-panel">
      <Table<InterviewCandidate>
        size="small" rowKey="unitId" pagination={false} dataSource={data.candidates} data-testid="interview-candidates"
        locale={{ emptyText: t('interview.none') }}
        onRow={(r) => ({ 'data-testid': `interview-candidate-${r.unitId}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('assessment.unit'), dataIndex: 'unitName' },
          { title: t('assessment.unitType'), dataIndex: 'unitType', width: 80, render: (x: string) => t(`assessment.type.${x}` as MsgKey) },
          { title: t('interview.reason'), dataIndex: 'reasons', render: (rs: string[]) => rs.map((r) => <Tag key={r} color={r === 'last_ranked' ? 'red' : 'orange'}>{t(`interview.reason.${r}` as MsgKey)}</Tag>) },
          { title: t('assessment.rank'), dataIndex: 'rank', width: 70 },
          {
            title: t('interview.record'), key: 'rec', width: 220,
            render: (_: unknown, c) => {
              const rec = recordOf(c.unitId);
              if (rec) return <Tag color={rec.status === 'done' ? 'green' : 'blue'} data-testid={`interview-status-${c.unitId}`}>{t(`interview.status.${rec.status}` as MsgKey)} · {rec.heldOn}</Tag>;
              return canRecord ? <Button size="small" onClick={() => setRecording(c)} data-testid={`interview-record-${c.unitId}`}>{t('interview.recordNew')}</Button> : '—';
            },
          },
        ]}
      />
      <h4 style={{ marginTop: 16 }}>{t('interview.records')}</h4>
      <Table<Interview>
        size="small" rowKey="id" pagination={false} dataSource={data.records} data-testid="interview-records"
        columns={[
          { title: t('assessment.unit'), dataIndex: 'unitName' },
          { title: t('interview.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('interview.interviewer'), dataIndex: 'interviewer' },
          { title: t('interview.commitments'), dataIndex: 'commitments' },
          { title: t('interview.followUps'), dataIndex: 'followUps', render: (fs: Interview['followUps']) => fs.map((f, i) => <div key={i}>{f.at.slice(0, 10)} {f.by}：{f.note}</div>) },
          {
            title: t('interview.status'), dataIndex: 'status', width: 140,
            render: (s: string, r) => (s === 'open' && canRecord ? <Button size="small" onClick={() => setFollowing(r)} data-testid={`interview-follow-${r.id}`}>{t('interview.followUp')}</Button> : <Tag color={s === 'done' ? 'green' : 'blue'}>{t(`interview.status.${s}` as MsgKey)}</Tag>),
          },
        ]}
      />
      <Modal open={recording !== null} title={`${t('interview.recordNew')} · ${recording?.unitName ?? ''}`} onCancel={() => setRecording(null)} onOk={() => form.submit()}
        okButtonProps={{ 'data-testid': 'interview-submit' } as Record<string, string>} destroyOnHidden>
        <Form<Values> form={form} layout="vertical" onFinish={save}>
          <Form.Item name="heldOn" label={t('interview.heldOn')} rules={[{ required: true, message: t('field.required') }]}><DatePicker data-testid="interview-held-on" /></Form.Item>
          <Form.Item name="interviewer" label={t('interview.interviewer')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}><Input maxLength={200} data-testid="interview-interviewer" /></Form.Item>
          <Form.Item name="attendees" label={t('interview.attendees')}><Input maxLength={2000} /></Form.Item>
          <Form.Item name="commitments" label={t('interview.commitments')} rules={[{ required: true, whitespace: true, message: t('field.required') }]}><Input.TextArea maxLength={4000} data-testid="interview-commitments" /></Form.Item>
          <Form.Item name="followUpDue" label={t('interview.followUpDue')}><DatePicker /></Form.Item>
        </Form>
      </Modal>
      <Modal open={following !== null} title={t('interview.followUp')} onCancel={() => setFollowing(null)} onOk={() => void follow()} okButtonProps={{ disabled: !note.trim() }}>
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} maxLength={4000} data-testid="interview-follow-note" />
        <div style={{ marginTop: 8 }}><Switch checked={done} onChange={setDone} /> {t('interview.followDone')}</div>
      </Modal>
    </div>
  );
}
