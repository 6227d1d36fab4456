// 社区服务 — community staff's workbench (#/community): needs → tasks (群众点单、社区派单), volunteers, micro-projects
// 微实事 and residents' meetings 居民恳谈日 of the communities in the user's unit (docs/VOLUNTEERS.md, MICROPROJECTS.md).
import { useState } from 'react';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import InputNumber from 'antd/es/input-number';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Switch from 'antd/es/switch';
import Table from 'antd/es/table';
import Tabs from 'antd/es/tabs';
import Tag from 'antd/es/tag';
import { api } from '../../app/api';
import { useI18n, type MsgKey } from '../../i18n';
import { useFeedback } from '../../shared/feedback';
import { fmtDateTime } from '../../shared/format';
import { ErrorState } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { useAsync } from '../../shared/useAsync';

interface Task { id: number; communityName: string; kind: string; title: string; address: string; requesterName: string | null; requesterPhone: string | null; status: string; volunteerName: string | null; volunteerParty: boolean | null; hours: number | null; version: number; createdAt: string; allowedActions: string[] }
interface Volunteer { id: number; communityName: string; name: string; phone: string; partyMember: boolean; skills: string; hours: number; tasks: number }
interface Project { id: number; communityName: string; title: string; budget: number; source: string; status: string; votes: number; voteEndsAt: string | null; result: string | null; version: number; allowedActions: string[] }
interface Meeting { id: number; communityName: string; heldOn: string; place: string; attendees: number; topics: string[]; decisions: string[]; projectIds: number[]; orderIds: number[] }
const KINDS = ['elderly', 'errand', 'repair', 'companion', 'other'];
const lines = (s?: string) => (s ?? '').split('\n').map((x) => x.trim()).filter(Boolean);
const isCommunity = (u: { type: string }) => u.type === 'community';

function useAct() {
  const { showError } = useFeedback();
  return async (fn: () => Promise<unknown>, then: () => void) => {
    try {
      await fn();
      then();
    } catch (e) {
      showError(e);
    }
  };
}

function Tasks() {
  const { t } = useI18n();
  const run = useAct();
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm();
  const list = useAsync((signal) => api<{ items: Task[] }>('/volunteer-tasks', { signal }), [tick]);
  const reload = () => setTick((n) => n + 1);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('community.newNeed')}>
        <Form form={form} layout="inline" onFinish={(v) => void run(() => api('/volunteer-tasks', { method: 'POST', body: v }), () => { form.resetFields(); reload(); })}>
          <Form.Item name="communityId" rules={[{ required: true }]} style={{ minWidth: 220 }}><UnitSelect filter={isCommunity} placeholder={t('community.community')} testId="community-need-unit" /></Form.Item>
          <Form.Item name="kind" initialValue="elderly"><Select style={{ width: 100 }} options={KINDS.map((k) => ({ value: k, label: t(`community.kind.${k}` as MsgKey) }))} /></Form.Item>
          <Form.Item name="title" rules={[{ required: true, min: 2 }]}><Input placeholder={t('community.title')} data-testid="community-need-title" /></Form.Item>
          <Form.Item name="address"><Input placeholder={t('community.address')} /></Form.Item>
          <Form.Item name="requesterName"><Input placeholder={t('community.requesterName')} /></Form.Item>
          <Button type="primary" htmlType="submit" data-testid="community-need-submit">{t('community.save')}</Button>
        </Form>
      </Card>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <Table<Task> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }} data-testid="community-tasks"
        columns={[
          { title: t('community.community'), dataIndex: 'communityName' },
          { title: t('community.kind'), dataIndex: 'kind', render: (k: string) => t(`community.kind.${k}` as MsgKey) },
          { title: t('community.title'), dataIndex: 'title' },
          { title: t('community.requesterName'), render: (_, r) => `${r.requesterName ?? ''} ${r.requesterPhone ?? ''}` },
          { title: t('community.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`community.task.${s}` as MsgKey)}</Tag> },
          { title: t('community.volunteer'), render: (_, r) => r.volunteerName ? <>{r.volunteerName}{r.volunteerParty && <Tag color="red">{t('community.party')}</Tag>}</> : null },
          { title: t('community.hours'), dataIndex: 'hours' },
          { title: t('community.actions'), render: (_, r) => <Space>{r.allowedActions.map((a) => (
            <Button key={a} size="small" data-testid={`community-task-${r.id}-${a}`} onClick={() => void run(() => api(`/volunteer-tasks/${r.id}/${a}`, { method: 'POST', body: { version: r.version } }), reload)}>
              {t(`community.taskAction.${a}` as MsgKey)}
            </Button>
          ))}</Space> },
        ]} />
    </Space>
  );
}

function Volunteers() {
  const { t } = useI18n();
  const run = useAct();
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm();
  const list = useAsync((signal) => api<{ items: Volunteer[] }>('/volunteers', { signal }), [tick]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('community.newVolunteer')}>
        <Form form={form} layout="inline" onFinish={(v) => void run(() => api('/volunteers', { method: 'POST', body: v }), () => { form.resetFields(); setTick((n) => n + 1); })}>
          <Form.Item name="communityId" rules={[{ required: true }]} style={{ minWidth: 220 }}><UnitSelect filter={isCommunity} placeholder={t('community.community')} /></Form.Item>
          <Form.Item name="name" rules={[{ required: true }]}><Input placeholder={t('community.name')} /></Form.Item>
          <Form.Item name="phone" rules={[{ required: true }]}><Input placeholder={t('community.phone')} /></Form.Item>
          <Form.Item name="partyMember" label={t('community.party')} valuePropName="checked" initialValue={false}><Switch /></Form.Item>
          <Form.Item name="skills"><Input placeholder={t('community.skills')} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('community.save')}</Button>
        </Form>
      </Card>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <Table<Volunteer> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('community.community'), dataIndex: 'communityName' },
          { title: t('community.name'), render: (_, v) => <>{v.name}{v.partyMember && <Tag color="red">{t('community.party')}</Tag>}</> },
          { title: t('community.phone'), dataIndex: 'phone' },
          { title: t('community.skills'), dataIndex: 'skills' },
          { title: t('community.tasksDone'), dataIndex: 'tasks' },
          { title: t('community.hours'), dataIndex: 'hours' },
        ]} />
    </Space>
  );
}

function Projects() {
  const { t } = useI18n();
  const run = useAct();
  const [tick, setTick] = useState(0);
  const [result, setResult] = useState('');
  const [form] = Form.useForm();
  const list = useAsync((signal) => api<{ items: Project[] }>('/projects', { signal }), [tick]);
  const reload = () => setTick((n) => n + 1);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('community.newProject')}>
        <Form form={form} layout="inline" onFinish={(v) => void run(() => api('/projects', { method: 'POST', body: v }), () => { form.resetFields(); reload(); })}>
          <Form.Item name="communityId" rules={[{ required: true }]} style={{ minWidth: 220 }}><UnitSelect filter={isCommunity} placeholder={t('community.community')} /></Form.Item>
          <Form.Item name="title" rules={[{ required: true, min: 2 }]}><Input placeholder={t('community.title')} /></Form.Item>
          <Form.Item name="budget" rules={[{ required: true }]}><InputNumber min={0} placeholder={t('community.budget')} /></Form.Item>
          <Form.Item name="source" initialValue="resident"><Select style={{ width: 110 }} options={['resident', 'meeting', 'hotspot'].map((s) => ({ value: s, label: t(`community.source.${s}` as MsgKey) }))} /></Form.Item>
          <Form.Item name="description"><Input placeholder={t('community.description')} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('community.save')}</Button>
        </Form>
      </Card>
      <Input placeholder={t('community.result')} value={result} onChange={(e) => setResult(e.target.value)} />
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <Table<Project> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('community.community'), dataIndex: 'communityName' },
          { title: t('community.title'), dataIndex: 'title' },
          { title: t('community.budget'), dataIndex: 'budget' },
          { title: t('community.source'), dataIndex: 'source', render: (s: string) => t(`community.source.${s}` as MsgKey) },
          { title: t('community.status'), dataIndex: 'status', render: (s: string) => <Tag>{t(`community.project.${s}` as MsgKey)}</Tag> },
          { title: t('community.votes'), dataIndex: 'votes' },
          { title: t('community.voteEndsAt'), dataIndex: 'voteEndsAt', render: (v: string | null) => (v ? fmtDateTime(v) : '') },
          { title: t('community.result'), dataIndex: 'result' },
          { title: t('community.actions'), render: (_, p) => <Space wrap>{p.allowedActions.map((a) => (
            <Button key={a} size="small" onClick={() => void run(() => api(`/projects/${p.id}/${a}`, { method: 'POST', body: { version: p.version, ...(a === 'finish' ? { result } : {}) } }), reload)}>
              {t(`community.projectAction.${a}` as MsgKey)}
            </Button>
          ))}</Space> },
        ]} />
    </Space>
  );
}

function Meetings() {
  const { t } = useI18n();
  const run = useAct();
  const [tick, setTick] = useState(0);
  const [form] = Form.useForm();
  const list = useAsync((signal) => api<{ items: Meeting[] }>('/meetings', { signal }), [tick]);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('community.newMeeting')}>
        <Form form={form} layout="vertical" style={{ maxWidth: 520 }}
          onFinish={(v) => void run(() => api('/meetings', { method: 'POST', body: { ...v, topics: lines(v.topics), decisions: lines(v.decisions) } }), () => { form.resetFields(); setTick((n) => n + 1); })}>
          <Form.Item name="communityId" label={t('community.community')} rules={[{ required: true }]}><UnitSelect filter={isCommunity} /></Form.Item>
          <Form.Item name="heldOn" label={t('community.heldOn')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/ }]}><Input placeholder="2026-03-01" /></Form.Item>
          <Form.Item name="place" label={t('community.place')} rules={[{ required: true }]}><Input /></Form.Item>
          <Form.Item name="attendees" label={t('community.attendees')} rules={[{ required: true }]}><InputNumber min={0} /></Form.Item>
          <Form.Item name="topics" label={t('community.topics')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
          <Form.Item name="decisions" label={t('community.decisions')}><Input.TextArea autoSize={{ minRows: 2 }} /></Form.Item>
          <Button type="primary" htmlType="submit">{t('community.save')}</Button>
        </Form>
      </Card>
      {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
      <Table<Meeting> size="small" rowKey="id" loading={list.loading} dataSource={list.data?.items ?? []} pagination={{ pageSize: 20 }}
        columns={[
          { title: t('community.heldOn'), dataIndex: 'heldOn' },
          { title: t('community.community'), dataIndex: 'communityName' },
          { title: t('community.place'), dataIndex: 'place' },
          { title: t('community.attendees'), dataIndex: 'attendees' },
          { title: t('community.topics'), dataIndex: 'topics', render: (x: string[]) => x.join('；') },
          { title: t('community.decisions'), dataIndex: 'decisions', render: (x: string[]) => x.join('；') },
        ]} />
    </Space>
  );
}

export default function CommunityPage() {
  const { t } = useI18n();
  return (
    <div data-testid="community-page">
      <Tabs items={[
        { key: 'tasks', label: t('community.tabs.tasks'), children: <Tasks /> },
        { key: 'volunteers', label: t('community.tabs.volunteers'), children: <Volunteers /> },
        { key: 'projects', label: t('community.tabs.projects'), children: <Projects /> },
        { key: 'meetings', label: t('community.tabs.meetings'), children: <Meetings /> },
      ]} />
    </div>
  );
}
