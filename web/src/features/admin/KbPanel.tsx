// 知识库 administration: list, search and filter articles; create, edit, retire (停用) and restore them;
// import a CSV or Excel file (POST /kb/import-file, all or nothing: a 422 lists the bad lines).
import { useMemo, useRef, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Form from 'antd/es/form';
import Input from 'antd/es/input';
import Modal from 'antd/es/modal';
import Popconfirm from 'antd/es/popconfirm';
import Select from 'antd/es/select';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import PlusOutlined from '@ant-design/icons/PlusOutlined';
import UploadOutlined from '@ant-design/icons/UploadOutlined';
import { api, isApiError, type ApiError } from '../../app/api';
import { useI18n } from '../../i18n';
import { errorTitle } from '../../i18n/errors';
import { useFeedback } from '../../shared/feedback';
import { leafPaths, useCatalog } from '../../shared/resources';
import { serverNow } from '../../shared/serverTime';
import { useAsync } from '../../shared/useAsync';

interface Article {
  id: number; question: string; answer: string; categoryId: number | null; keywords: string[]; source: string;
  validFrom: string | null; validTo: string | null; active: boolean; useCount: number; updatedAt: string;
}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function ArticleDialog({ article, open, onClose, onSaved }: { article: Article | null; open: boolean; onClose(): void; onSaved(): void }) {
  const { t } = useI18n();
  const { showError, message } = useFeedback();
  const { categories } = useCatalog();
  const leaves = useMemo(() => leafPaths(categories), [categories]);
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    const body = {
      question: v.question.trim(), answer: v.answer.trim(), categoryId: v.categoryId ?? null, source: (v.source ?? '').trim(),
      keywords: String(v.keywords ?? '').split(/[;；,，、\s]+/).map((s: string) => s.trim()).filter(Boolean),
      validFrom: v.validFrom?.trim() || null, validTo: v.validTo?.trim() || null,
    };
    setBusy(true);
    try {
      if (article) await api(`/kb/articles/${article.id}`, { method: 'PATCH', body });
      else await api('/kb/articles', { method: 'POST', body });
      message.success(t('kb.saved'));
      onSaved();
    } catch (e) { showError(e); } finally { setBusy(false); }
  };
  const dateRule = { pattern: DAY, message: 'YYYY-MM-DD' };
  return (
    <Modal open={open} title={article ? t('kb.editTitle') : t('kb.newTitle')} onCancel={onClose} destroyOnHidden width={640}
      footer={[<Button key="c" onClick={onClose}>{t('common.cancel')}</Button>, <Button key="s" type="primary" loading={busy} onClick={() => void save()} data-testid="kb-save">{t('kb.save')}</Button>]}>
      <Form form={form} layout="vertical" data-testid="kb-dialog" initialValues={article ? { ...article, keywords: article.keywords.join('；') } : {}}>
        <Form.Item name="question" label={t('kb.question')} rules={[{ required: true, whitespace: true }]}><Input maxLength={2000} data-testid="kb-question" /></Form.Item>
        <Form.Item name="answer" label={t('kb.answer')} rules={[{ required: true, whitespace: true }]}><Input.TextArea autoSize={{ minRows: 4, maxRows: 10 }} maxLength={20000} data-testid="kb-answer" /></Form.Item>
        <Form.Item name="categoryId" label={t('kb.category')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} data-testid="kb-category" options={leaves.map((l) => ({ value: l.leaf.id, label: l.label }))} />
        </Form.Item>
        <Form.Item name="keywords" label={t('kb.keywords')}><Input data-testid="kb-keywords" /></Form.Item>
        <Form.Item name="source" label={t('kb.source')}><Input maxLength={500} data-testid="kb-source" /></Form.Item>
        <Space wrap>
          <Form.Item name="validFrom" label={t('kb.validFrom')} rules={[dateRule]}><Input placeholder="YYYY-MM-DD" data-testid="kb-valid-from" /></Form.Item>
          <Form.Item name="validTo" label={t('kb.validTo')} rules={[dateRule]}><Input placeholder="YYYY-MM-DD" data-testid="kb-valid-to" /></Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function KbImport({ onImported }: { onImported(): void }) {
  const { t, lang } = useI18n();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const pick = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true); setDone(null); setError(null);
    try {
      const xlsx = /\.xlsx$/i.test(f.name);
      const r = await api<{ imported: number }>('/kb/import-file', { method: 'POST', raw: xlsx ? { data: f, contentType: XLSX } : { data: await f.text(), contentType: 'text/csv; charset=utf-8' } });
      setDone(r.imported);
      onImported();
    } catch (e) {
      if (isApiError(e)) setError(e); else throw e;
    } finally {
      setBusy(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  return (
    <div>
      <input ref={fileRef} type="file" accept=".csv,.xlsx,text/csv" style={{ display: 'none' }} data-testid="kb-import-file" onChange={(e) => void pick(e.target.files?.[0])} />
      <Button icon={<UploadOutlined />} loading={busy} onClick={() => fileRef.current?.click()} data-testid="kb-import">{t('kb.import')}</Button>
      {done !== null && <Alert style={{ marginTop: 8 }} type="success" showIcon title={t('kb.importDone', { n: done })} data-testid="kb-import-result" />}
      {error && (
        <div style={{ marginTop: 8 }} data-testid="kb-import-errors">
          <Alert type="error" showIcon title={errorTitle(error.code, error.title, lang)} description={error.detail !== error.title ? error.detail : undefined} />
          {error.errors.some((x) => x.line) && (
            <Table size="small" style={{ marginTop: 8 }} pagination={false} rowKey={(r) => `${r.line}-${r.message}`} dataSource={error.errors.filter((x) => x.line).slice(0, 50)}
              columns={[{ title: '#', dataIndex: 'line', width: 60 }, { title: '', dataIndex: 'message' }]} />
          )}
        </div>
      )}
    </div>
  );
}

export function KbPanel() {
  const { t } = useI18n();
  const { showError } = useFeedback();
  const { categories } = useCatalog();
  const names = useMemo(() => new Map(categories.map((c) => [c.id, c.name])), [categories]);
  const leaves = useMemo(() => leafPaths(categories), [categories]);
  const [q, setQ] = useState('');
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [active, setActive] = useState<'true' | 'false' | undefined>();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const [editing, setEditing] = useState<Article | null | 'new'>(null);
  const { data, loading, reload } = useAsync(
    (signal) => api<{ items: Article[]; total: number }>('/kb/articles', { query: { q, categoryId, active, ...paging }, signal }),
    [q, categoryId, active, paging.page, paging.pageSize],
  );
  const today = new Date(serverNow()).toISOString().slice(0, 10);
  const setActiveState = async (a: Article, on: boolean) => {
    try {
      if (on) await api(`/kb/articles/${a.id}`, { method: 'PATCH', body: { active: true } });
      else await api(`/kb/articles/${a.id}`, { method: 'DELETE' });
      reload();
    } catch (e) { showError(e); }
  };
  return (
    <div data-testid="kb-panel">
      <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Input.Search allowClear placeholder={t('kb.search')} style={{ width: 280 }} onSearch={(v) => { setQ(v.trim()); setPaging((p) => ({ ...p, page: 1 })); }} data-testid="kb-search" />
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('kb.filterCategory')} style={{ width: 220 }} value={categoryId}
            onChange={(v) => { setCategoryId(v); setPaging((p) => ({ ...p, page: 1 })); }} options={leaves.map((l) => ({ value: l.leaf.id, label: l.label }))} data-testid="kb-filter-category" />
          <Select allowClear placeholder={t('kb.filterState')} style={{ width: 130 }} value={active} onChange={(v) => { setActive(v); setPaging((p) => ({ ...p, page: 1 })); }}
            options={[{ value: 'true', label: t('kb.active') }, { value: 'false', label: t('kb.retired') }]} data-testid="kb-filter-state" />
        </Space>
        <Space wrap>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="kb-new">{t('kb.new')}</Button>
          <KbImport onImported={reload} />
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>{t('kb.importHint')}</Typography.Paragraph>
      <Table<Article>
        size="small"
        rowKey="id"
        data-testid="kb-table"
        loading={loading}
        dataSource={data?.items ?? []}
        scroll={{ x: 900 }}
        onRow={(a) => ({ 'data-testid': `kb-row-${a.id}`, 'data-active': String(a.active) } as React.HTMLAttributes<HTMLElement>)}
        pagination={{ current: paging.page, pageSize: paging.pageSize, total: data?.total ?? 0, showSizeChanger: true, onChange: (page, pageSize) => setPaging({ page, pageSize }) }}
        columns={[
          {
            title: t('kb.question'), dataIndex: 'question', width: 320,
            render: (_: unknown, a) => (
              <div>
                <Typography.Text strong>{a.question}</Typography.Text>
                <Typography.Paragraph type="secondary" ellipsis={{ rows: 2, tooltip: a.answer }} style={{ margin: 0, fontSize: 12 }}>{a.answer}</Typography.Paragraph>
              </div>
            ),
          },
          { title: t('kb.category'), dataIndex: 'categoryId', width: 120, render: (v: number | null) => (v ? names.get(v) ?? `#${v}` : '—') },
          { title: t('kb.source'), dataIndex: 'source', width: 180, ellipsis: true, render: (v: string) => v || '—' },
          {
            title: t('kb.validity'), key: 'validity', width: 140,
            render: (_: unknown, a) => {
              const expired = a.validTo !== null && a.validTo < today;
              return <span>{a.validFrom || a.validTo ? `${a.validFrom ?? '…'} ~ ${a.validTo ?? '…'}` : t('kb.always')}{expired && <Tag color="default" style={{ marginLeft: 4 }}>{t('kb.expired')}</Tag>}</span>;
            },
          },
          { title: t('kb.useCount'), dataIndex: 'useCount', width: 70 },
          { title: t('kb.state'), dataIndex: 'active', width: 80, render: (v: boolean) => (v ? <Tag color="green">{t('kb.active')}</Tag> : <Tag>{t('kb.retired')}</Tag>) },
          {
            title: t('common.actions'), key: 'actions', width: 140,
            render: (_: unknown, a) => (
              <Space size={4}>
                <Button size="small" onClick={() => setEditing(a)} data-testid={`kb-edit-${a.id}`}>{t('kb.edit')}</Button>
                {a.active ? (
                  <Popconfirm title={t('kb.retireConfirm')} onConfirm={() => void setActiveState(a, false)} okButtonProps={{ 'data-testid': 'kb-retire-confirm' } as never}>
                    <Button size="small" danger data-testid={`kb-retire-${a.id}`}>{t('kb.retire')}</Button>
                  </Popconfirm>
                ) : <Button size="small" onClick={() => void setActiveState(a, true)} data-testid={`kb-restore-${a.id}`}>{t('kb.restore')}</Button>}
              </Space>
            ),
          },
        ]}
      />
      <ArticleDialog key={editing === 'new' ? 'new' : editing?.id ?? 'none'} open={editing !== null} article={editing === 'new' ? null : editing}
        onClose={() => setEditing(null)} onSaved={() => { setEditing(null); reload(); }} />
    </div>
  );
}
