// 考核 — supervisors: the ranking per unit type, drill-down to a unit's scorecard, the exemption queue, publish;
// leaders read-only; a unit sees its own scorecard and the published ranking of its type. Prints on A4.
import { useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Drawer from 'antd/es/drawer';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Space from 'antd/es/space';
import Tabs from 'antd/es/tabs';
import Tag from 'antd/es/tag';
import dayjs, { type Dayjs } from 'dayjs';
import { API_BASE, api, isApiError } from '../../app/api';
import { useMe } from '../../app/auth';
import { useI18n, type MsgKey } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { serverNow } from '../../shared/serverTime';
import { ErrorState, Loading } from '../../shared/states';
import { useAsync } from '../../shared/useAsync';
import { ExemptionQueue } from './ExemptionQueue';
import { InterviewsPanel } from './InterviewsPanel';
import { JointPanel } from './JointPanel';
import { KeyMattersPanel } from './KeyMattersPanel';
import { RankingTable } from './RankingTable';
import { ScorecardView } from './ScorecardView';
import { UNIT_TYPES, type Ranking, type UnitTypeA } from './types';

const PRINT_CSS = `@media print {
  @page { size: A4 portrait; margin: 12mm; }
  .ant-layout-sider, .ant-layout-header, .assessment-noprint, .ant-tabs-nav { display: none !important; }
  .ant-table { font-size: 10pt; } .assessment-lost { break-inside: avoid; }
  body { background: #fff; }
}`;

function RankingPanel({ month, type, onUnit, reloadKey }: { month: string; type: UnitTypeA; onUnit?: (id: number) => void; reloadKey: number }) {
  const { t } = useI18n();
  const { data, error, reload } = useAsync((signal) => api<Ranking>('/assessment/rankings', { query: { month, unitType: type }, signal }), [month, type, reloadKey]);
  if (error) return isApiError(error) && error.status === 404 ? <Alert type="info" message={t('assessment.notPublished')} data-testid="ranking-not-published" /> : <ErrorState error={error} onRetry={reload} />;
  if (!data) return <Loading />;
  const w = data.weights;
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        {data.published ? <Tag color="green" data-testid="ranking-published">{t('assessment.published', { version: data.version ?? 0 })}</Tag> : <Tag data-testid="ranking-live">{t('assessment.live')}</Tag>}
        <span style={{ color: '#888' }}>{t('assessment.weights', { a: w.a, b: w.b, c: w.c, wp: w.wp, wb: w.wb })}{w.ww ? ` ${t('assessment.whistleWeight', { ww: w.ww })}` : ''}</span>
      </Space>
      <RankingTable ranking={data} onUnit={onUnit} />
    </>
  );
}

function PublishButtons({ month, onPublished }: { month: string; onPublished(): void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const info = useAsync((signal) => api<{ versions: { version: number }[] }>(`/assessment/months/${month}`, { signal }), [month]);
  const [reason, setReason] = useState<string | null>(null);
  const published = (info.data?.versions.length ?? 0) > 0;
  const send = async (path: 'publish' | 'republish', body?: unknown) => {
    try {
      const r = await api<{ version: number }>(`/assessment/months/${month}/${path}`, { method: 'POST', body });
      message.success(t('assessment.publishedOk', { month, version: r.version }));
      setReason(null);
      info.reload();
      onPublished();
    } catch (e) { showError(e); }
  };
  return (
    <>
      {!published && <Button type="primary" data-testid="assessment-publish" onClick={() => Modal.confirm({ title: t('assessment.publish'), content: t('assessment.publishConfirm'), okButtonProps: { 'data-testid': 'assessment-publish-confirm' } as Record<string, string>, onOk: () => send('publish') })}>{t('assessment.publish')}</Button>}
      {published && <Button data-testid="assessment-republish" onClick={() => setReason('')}>{t('assessment.republish')}</Button>}
      <Modal open={reason !== null} title={t('assessment.republish')} onCancel={() => setReason(null)} okButtonProps={{ disabled: !reason?.trim(), ...({ 'data-testid': 'assessment-republish-submit' } as Record<string, string>) }} onOk={() => send('republish', { reason: reason?.trim() })}>
        <Input.TextArea placeholder={t('assessment.republishReason')} value={reason ?? ''} onChange={(e) => setReason(e.target.value)} data-testid="assessment-republish-reason" />
      </Modal>
    </>
  );
}

export default function AssessmentPage() {
  const { t } = useI18n();
  const me = useMe();
  const seesAll = me.isCenter || ['supervisor', 'leader', 'admin'].includes(me.role);
  const decides = me.role === 'supervisor' || me.role === 'admin';
  const [month, setMonth] = useState<string>(() => dayjs(serverNow()).subtract(1, 'month').format('YYYY-MM'));
  const [type, setType] = useState<UnitTypeA>('street');
  const [unit, setUnit] = useState<number | null>(null);
  const [reloadKey, setReloadKey] = useState(0);
  const bump = () => setReloadKey((k) => k + 1);
  const ownType = UNIT_TYPES.includes(me.unit.type as UnitTypeA) ? (me.unit.type as UnitTypeA) : null;

  const header = (
    <Space className="assessment-noprint" wrap>
      <span>{t('assessment.month')}</span>
      <DatePicker picker="month" allowClear={false} value={dayjs(`${month}-01`)} onChange={(d: Dayjs | null) => d && setMonth(d.format('YYYY-MM'))} data-testid="assessment-month" />
      {decides && <PublishButtons month={month} onPublished={bump} />}
      {seesAll && <a href={`${API_BASE}/assessment/months/${month}/report.xlsx`} data-testid="assessment-xlsx">{t('assessment.download.xlsx')}</a>}
      {seesAll && <a href={`${API_BASE}/assessment/months/${month}/report.csv`} data-testid="assessment-csv">{t('assessment.download.csv')}</a>}
      <Button onClick={() => window.print()} data-testid="assessment-print">{t('assessment.print')}</Button>
    </Space>
  );

  if (!seesAll) {
    return (
      <Card title={t('nav.assessment')} extra={header} data-testid="assessment-page">
        <style>{PRINT_CSS}</style>
        <Tabs items={[
          { key: 'mine', label: t('assessment.tab.mine'), children: <ScorecardView unitId={me.unit.id} month={month} /> },
          ...(ownType ? [
            { key: 'ranking', label: t('assessment.tab.ranking'), children: <RankingPanel month={month} type={ownType} reloadKey={reloadKey} /> },
            { key: 'keyMatters', label: t('assessment.tab.keyMatters'), children: <KeyMattersPanel month={month} types={[ownType]} /> },
          ] : []),
        ]} />
      </Card>
    );
  }
  return (
    <Card title={t('assessment.title')} extra={header} data-testid="assessment-page">
      <style>{PRINT_CSS}</style>
      <Tabs
        data-testid="assessment-tabs"
        items={[
          {
            key: 'ranking', label: t('assessment.tab.ranking'),
            children: (
              <Tabs size="small" activeKey={type} onChange={(k) => setType(k as UnitTypeA)} data-testid="assessment-types"
                items={UNIT_TYPES.map((u) => ({ key: u, label: <span data-testid={`assessment-type-${u}`}>{t(`assessment.type.${u}` as MsgKey)}</span>, children: type === u && <RankingPanel month={month} type={u} onUnit={setUnit} reloadKey={reloadKey} /> }))} />
            ),
          },
          { key: 'exemptions', label: <span data-testid="assessment-tab-exemptions">{t('assessment.tab.exemptions')}</span>, children: <ExemptionQueue canDecide={decides} onDecided={bump} /> },
          { key: 'interviews', label: <span data-testid="assessment-tab-interviews">{t('assessment.tab.interviews')}</span>, children: <InterviewsPanel month={month} canRecord={decides} /> },
          { key: 'keyMatters', label: <span data-testid="assessment-tab-key-matters">{t('assessment.tab.keyMatters')}</span>, children: <KeyMattersPanel month={month} types={UNIT_TYPES} /> },
          { key: 'joint', label: <span data-testid="assessment-tab-joint">{t('assessment.tab.joint')}</span>, children: <JointPanel month={month} /> },
        ]}
      />
      <Drawer open={unit !== null} width={900} onClose={() => setUnit(null)} title={t('assessment.scorecard')} destroyOnHidden>
        {unit !== null && <ScorecardView unitId={unit} month={month} />}
      </Drawer>
    </Card>
  );
}
