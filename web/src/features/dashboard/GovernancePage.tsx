// 主动治理 — hotspots (refresh), early warnings (seen / acted), 每月一题 (candidates → adopt; a topic's months
// against its baseline, orders, task-force actions, tasks) and 未诉先办 tasks (schedule, done).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import DatePicker from 'antd/es/date-picker';
import Drawer from 'antd/es/drawer';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Segmented from 'antd/es/segmented';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tabs from 'antd/es/tabs';
import Tag from 'antd/es/tag';
import type { Dayjs } from 'dayjs';
import { api } from '../../app/api';
import { useMe } from '../../app/auth';
import { orderHref } from '../../app/router';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { useAsync } from '../../shared/useAsync';
import { DrillDown } from './DrillDown';
import { pct, type Drill } from './types';

type Hotspot = { id: string; label: string; keywords: string[]; orderIds: number[]; count: number; distinctRequesters: number; previous: number; growth: number; unresolvedShare: number; score: number };
type Warning = { id: number; kind: string; unitName: string | null; title: string; state: string; note: string | null; orderIds: number[]; createdAt: string };
type Candidate = { hotspotId: string; label: string; keywords: string[]; count: number; units: number; unresolvedShare: number; score: number; orderIds: number[]; unitIds: number[] };
type TaskRow = { id: number; title: string; place: string; unitName: string; dueAt: string; status: string; overdue: boolean; topicId: number | null; warningId: number | null; note: string | null };
type TopicRow = { id: number; title: string; leadUnitName: string; leader: string; startMonth: string; status: string };
type MonthFig = { month: string; volume: number; evaluated: number; resolutionRate: number | null; satisfactionRate: number | null };
type TopicDetail = TopicRow & { goal: string; taskForce: string; rule: { keywords: string[] }; baseline: { months: string[]; volume: number; resolutionRate: number | null; satisfactionRate: number | null }; months: MonthFig[]; orders: { id: number; number: string; title: string; status: string; createdAt: string }[]; actions: { id: number; at: string; unitName: string | null; text: string }[]; tasks: TaskRow[] };

const KIND: Record<string, string> = { spike: '激增', repeat_requester: '重复来电', repeat_address: '重复地址', seasonal: '季节性' };
const STATE: Record<string, { label: string; color: string }> = { new: { label: '新', color: 'red' }, seen: { label: '已查看', color: 'gold' }, acted: { label: '已处置', color: 'green' } };

/** 安排未诉先办任务: what, where, which unit, due — optionally for a topic or a warning. */
function TaskForm({ open, onClose, topicId, warningId }: { open: boolean; onClose(created: boolean): void; topicId?: number; warningId?: number }) {
  const { showError } = useFeedback();
  const [form] = Form.useForm();
  const submit = (v: { title: string; place?: string; unitId: number; due: Dayjs }) =>
    api('/insight/tasks', { method: 'POST', body: { title: v.title, place: v.place, unitId: v.unitId, dueAt: v.due.endOf('day').format('YYYY-MM-DDTHH:mm:ssZ'), topicId, warningId } }).then(() => onClose(true), showError);
  return (
    <Modal open={open} title="安排未诉先办任务" onCancel={() => onClose(false)} onOk={() => form.submit()} destroyOnHidden okButtonProps={{ 'data-testid': 'gov-task-submit' } as Record<string, string>}>
      <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
        <Form.Item name="title" label="任务" rules={[{ required: true }]}><Input data-testid="gov-task-title" /></Form.Item>
        <Form.Item name="place" label="地点"><Input /></Form.Item>
        <Form.Item name="unitId" label="责任单位" rules={[{ required: true }]}><UnitSelect testId="gov-task-unit" /></Form.Item>
        <Form.Item name="due" label="完成期限" rules={[{ required: true }]}><DatePicker data-testid="gov-task-due" /></Form.Item>
      </Form>
    </Modal>
  );
}

function Hotspots({ planner, onDrill }: { planner: boolean; onDrill(d: Drill): void }) {
  const [win, setWin] = useState(7);
  const { showError } = useFeedback();
  const st = useAsync((signal) => api<{ computedAt: string | null; items: Hotspot[] }>('/insight/hotspots', { query: { window: win }, signal }), [win]);
  const refresh = () => api('/insight/hotspots/refresh', { method: 'POST' }).then(() => st.reload(), showError);
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Segmented value={win} onChange={(v) => setWin(Number(v))} options={[{ value: 7, label: '近7天' }, { value: 30, label: '近30天' }]} data-testid="gov-hotspot-window" />
        {planner && <Button onClick={refresh} data-testid="gov-hotspot-refresh">立即重算</Button>}
        <span style={{ color: '#888' }}>计算于 {fmtDateTime(st.data?.computedAt)}</span>
      </Space>
      {st.error && <ErrorState error={st.error} onRetry={st.reload} />}
      <Table<Hotspot> size="small" rowKey="id" loading={st.loading} dataSource={st.data?.items ?? []} data-testid="gov-hotspots"
        columns={[
          { title: '热点', dataIndex: 'label', ellipsis: true },
          { title: '关键词', dataIndex: 'keywords', render: (k: string[]) => k.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: '工单量', dataIndex: 'count', render: (v: number, h) => <a onClick={() => onDrill({ title: `热点：${h.label}`, query: {}, ids: h.orderIds })}>{v}</a> },
          { title: '诉求人', dataIndex: 'distinctRequesters' },
          { title: '上期', dataIndex: 'previous' },
          { title: '增长', dataIndex: 'growth', render: (g: number) => `${Math.round(g * 100)}%` },
          { title: '未解决', dataIndex: 'unresolvedShare', render: (v: number) => pct(v) },
          { title: '热度', dataIndex: 'score' },
        ]} />
    </>
  );
}

function Warnings({ planner, onDrill }: { planner: boolean; onDrill(d: Drill): void }) {
  const { showError } = useFeedback();
  const st = useAsync((signal) => api<{ items: Warning[] }>('/insight/warnings', { signal }), []);
  const [taskFor, setTaskFor] = useState<number | null>(null);
  const move = (w: Warning, state: 'seen' | 'acted') => api(`/insight/warnings/${w.id}/state`, { method: 'POST', body: { state, ...(state === 'acted' ? { note: '已处置' } : {}) } }).then(() => st.reload(), showError);
  return (
    <>
      {planner && <Button style={{ marginBottom: 8 }} onClick={() => api('/insight/warnings/scan', { method: 'POST' }).then(() => st.reload(), showError)} data-testid="gov-warning-scan">立即扫描</Button>}
      {st.error && <ErrorState error={st.error} onRetry={st.reload} />}
      <Table<Warning> size="small" rowKey="id" loading={st.loading} dataSource={st.data?.items ?? []} data-testid="gov-warnings"
        onRow={(w) => ({ 'data-testid': `gov-warning-${w.id}`, 'data-state': w.state } as object)}
        columns={[
          { title: '类型', dataIndex: 'kind', render: (k: string) => KIND[k] ?? k },
          { title: '预警', dataIndex: 'title', render: (v: string, w) => (w.orderIds.length ? <a onClick={() => onDrill({ title: v, query: {}, ids: w.orderIds })}>{v}</a> : v) },
          { title: '单位', dataIndex: 'unitName', render: (v: string | null) => v ?? '全区' },
          { title: '时间', dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) },
          { title: '状态', dataIndex: 'state', render: (s: string) => <Tag color={STATE[s]?.color}>{STATE[s]?.label ?? s}</Tag> },
          {
            title: '操作', key: 'op', render: (_: unknown, w) => (
              <Space>
                {w.state === 'new' && <a onClick={() => move(w, 'seen')} data-testid={`gov-warning-seen-${w.id}`}>标记已查看</a>}
                {w.state !== 'acted' && <a onClick={() => move(w, 'acted')} data-testid={`gov-warning-acted-${w.id}`}>已处置</a>}
                {planner && <a onClick={() => setTaskFor(w.id)} data-testid={`gov-warning-task-${w.id}`}>安排任务</a>}
              </Space>
            ),
          },
        ]} />
      <TaskForm open={taskFor !== null} warningId={taskFor ?? undefined} onClose={() => setTaskFor(null)} />
    </>
  );
}

function TopicView({ id, onClose, planner }: { id: number | null; onClose(): void; planner: boolean }) {
  const { showError } = useFeedback();
  const [taskOpen, setTaskOpen] = useState(false);
  const [text, setText] = useState('');
  const st = useAsync((signal) => (id ? api<TopicDetail>(`/insight/topics/${id}`, { signal }) : Promise.resolve(undefined)), [id]);
  const t = st.data;
  return (
    <Drawer open={id !== null} onClose={onClose} width={960} title={t?.title} destroyOnHidden>
      {t && (
        <div data-testid="gov-topic">
          <p>牵头主责：{t.leadUnitName} · 责任领导：{t.leader} · 专班：{t.taskForce || '—'} · 起始：{t.startMonth} · {t.status === 'open' ? '进行中' : '已结题'}</p>
          <p>目标：{t.goal || '—'} · 关联规则：{t.rule.keywords.join('、')}</p>
          <Table<MonthFig> size="small" rowKey="month" pagination={false} data-testid="gov-topic-months"
            dataSource={[{ month: `基线 ${t.baseline.months[0] ?? ''}~${t.baseline.months.at(-1) ?? ''}`, volume: t.baseline.volume, evaluated: 0, resolutionRate: t.baseline.resolutionRate, satisfactionRate: t.baseline.satisfactionRate }, ...t.months]}
            columns={[{ title: '月份', dataIndex: 'month' }, { title: '工单量', dataIndex: 'volume' }, { title: '解决率', dataIndex: 'resolutionRate', render: pct }, { title: '满意率', dataIndex: 'satisfactionRate', render: pct }]} />
          <h4 style={{ marginTop: 16 }}>专班行动</h4>
          {t.actions.map((a) => <div key={a.id}>{fmtDateTime(a.at)} {a.unitName}：{a.text}</div>)}
          {t.status === 'open' && (
            <Space.Compact style={{ width: '100%', marginTop: 8 }}>
              <Input value={text} onChange={(e) => setText(e.target.value)} placeholder="记录专班行动" data-testid="gov-topic-action" />
              <Button onClick={() => text.trim() && api(`/insight/topics/${t.id}/actions`, { method: 'POST', body: { text } }).then(() => { setText(''); st.reload(); }, showError)}>记录</Button>
            </Space.Compact>
          )}
          <h4 style={{ marginTop: 16 }}>未诉先办任务 {planner && t.status === 'open' && <a onClick={() => setTaskOpen(true)} data-testid="gov-topic-task">安排任务</a>}</h4>
          <TaskForm open={taskOpen} topicId={t.id} onClose={(c) => { setTaskOpen(false); if (c) st.reload(); }} />
          {t.tasks.map((k) => <div key={k.id}>{k.title}（{k.unitName}，{fmtDateTime(k.dueAt)} 前）{k.overdue ? <Tag color="red">超期</Tag> : k.status === 'done' ? <Tag color="green">已完成</Tag> : null}</div>)}
          <h4 style={{ marginTop: 16 }}>关联工单（{t.orders.length}）</h4>
          <Table size="small" rowKey="id" dataSource={t.orders} pagination={{ pageSize: 10 }}
            columns={[{ title: '编号', dataIndex: 'number', render: (v: string, o: { id: number }) => <a href={orderHref(o.id)}>{v}</a> }, { title: '标题', dataIndex: 'title' }, { title: '登记', dataIndex: 'createdAt', render: (v: string) => fmtDateTime(v) }]} />
        </div>
      )}
    </Drawer>
  );
}

function Topics({ planner }: { planner: boolean }) {
  const { showError } = useFeedback();
  const me = useMe();
  const seesAll = me.isCenter || ['supervisor', 'leader', 'admin'].includes(me.role);
  const topics = useAsync((signal) => api<{ items: TopicRow[] }>('/insight/topics', { signal }), []);
  const cands = useAsync((signal) => (seesAll ? api<{ items: Candidate[] }>('/insight/topics/candidates', { signal }) : Promise.resolve({ items: [] })), [seesAll]);
  const [adopt, setAdopt] = useState<Candidate | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const [form] = Form.useForm();
  const submit = (v: { title: string; leadUnitId: number; leader: string; taskForce?: string; goal?: string; keywords: string; month: Dayjs }) =>
    api<{ id: number }>('/insight/topics', { method: 'POST', body: { title: v.title, leadUnitId: v.leadUnitId, leader: v.leader, taskForce: v.taskForce, goal: v.goal, rule: { keywords: v.keywords.split(/[\s,，、]+/).filter(Boolean) }, startMonth: v.month.format('YYYY-MM'), sourceHotspot: adopt?.hotspotId } })
      .then((t) => { setAdopt(null); topics.reload(); cands.reload(); setOpen(t.id); }, showError);
  return (
    <>
      {seesAll && (
        <Card size="small" title="候选问题（近30天热点：频次 × 涉及单位 × 低解决）" style={{ marginBottom: 12 }}>
          <Table<Candidate> size="small" rowKey="hotspotId" dataSource={cands.data?.items ?? []} pagination={{ pageSize: 5 }} data-testid="gov-candidates"
            columns={[{ title: '问题', dataIndex: 'label' }, { title: '工单量', dataIndex: 'count' }, { title: '涉及单位', dataIndex: 'units' }, { title: '未解决', dataIndex: 'unresolvedShare', render: pct }, { title: '得分', dataIndex: 'score' },
              ...(planner ? [{ title: '', key: 'op', render: (_: unknown, c: Candidate) => <a onClick={() => { setAdopt(c); form.setFieldsValue({ title: c.label, keywords: c.keywords.join(' ') }); }} data-testid={`gov-adopt-${c.hotspotId}`}>立项</a> }] : [])]} />
        </Card>
      )}
      <Table<TopicRow> size="small" rowKey="id" dataSource={topics.data?.items ?? []} data-testid="gov-topics"
        columns={[{ title: '每月一题', dataIndex: 'title', render: (v: string, t) => <a onClick={() => setOpen(t.id)}>{v}</a> }, { title: '牵头主责', dataIndex: 'leadUnitName' }, { title: '责任领导', dataIndex: 'leader' }, { title: '起始', dataIndex: 'startMonth' }, { title: '状态', dataIndex: 'status', render: (s: string) => (s === 'open' ? '进行中' : '已结题') }]} />
      <Modal open={adopt !== null} title="立项：每月一题" onCancel={() => setAdopt(null)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="title" label="题目" rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="leadUnitId" label="牵头主责单位" rules={[{ required: true }]}><UnitSelect /></Form.Item>
          <Form.Item name="leader" label="责任领导" rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="taskForce" label="工作专班"><Input /></Form.Item>
          <Form.Item name="goal" label="目标"><Input.TextArea rows={2} /></Form.Item>
          <Form.Item name="keywords" label="关联关键词（空格分隔）" rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="month" label="起始月份" rules={[{ required: true }]}><DatePicker picker="month" /></Form.Item>
        </Form>
      </Modal>
      <TopicView id={open} onClose={() => setOpen(null)} planner={planner} />
    </>
  );
}

function Tasks({ planner }: { planner: boolean }) {
  const { showError } = useFeedback();
  const [open, setOpen] = useState(false);
  const st = useAsync((signal) => api<{ items: TaskRow[] }>('/insight/tasks', { signal }), []);
  return (
    <>
    {planner && <Button style={{ marginBottom: 8 }} onClick={() => setOpen(true)} data-testid="gov-task-new">安排任务</Button>}
    <TaskForm open={open} onClose={(c) => { setOpen(false); if (c) st.reload(); }} />
    <Table<TaskRow> size="small" rowKey="id" loading={st.loading} dataSource={st.data?.items ?? []} data-testid="gov-tasks"
      columns={[
        { title: '任务', dataIndex: 'title' }, { title: '地点', dataIndex: 'place' }, { title: '责任单位', dataIndex: 'unitName' },
        { title: '期限', dataIndex: 'dueAt', render: (v: string, k) => <span>{fmtDateTime(v)} {k.overdue && <Tag color="red">超期</Tag>}</span> },
        { title: '来源', key: 'src', render: (_: unknown, k) => (k.topicId ? `每月一题 #${k.topicId}` : k.warningId ? `预警 #${k.warningId}` : '—') },
        { title: '状态', dataIndex: 'status', render: (s: string, k) => (s === 'done' ? <Tag color="green">已完成</Tag> : <a onClick={() => api(`/insight/tasks/${k.id}/done`, { method: 'POST', body: {} }).then(() => st.reload(), showError)}>标记完成</a>) },
      ]} />
    </>
  );
}

export default function GovernancePage() {
  const me = useMe();
  const planner = ['supervisor', 'admin'].includes(me.role);
  const [drill, setDrill] = useState<Drill | null>(null);
  return (
    <Card title="主动治理" data-testid="governance">
      <Tabs items={[
        { key: 'hotspots', label: '热点', children: <Hotspots planner={planner} onDrill={setDrill} /> },
        { key: 'warnings', label: '预警', children: <Warnings planner={planner} onDrill={setDrill} /> },
        { key: 'topics', label: '每月一题', children: <Topics planner={planner} /> },
        { key: 'tasks', label: '未诉先办', children: <Tasks planner={planner} /> },
      ]} />
      <DrillDown drill={drill} onClose={() => setDrill(null)} />
    </Card>
  );
}
