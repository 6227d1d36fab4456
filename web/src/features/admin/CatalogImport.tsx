// CSV import of the catalog (POST /catalog/import, text/csv). All or nothing: a 422 lists the bad lines.
import { useRef, useState } from 'react';
import Alert from 'antd/es/alert';
import Button from 'antd/es/button';
import Card from 'antd/es/card';
import Input from 'antd/es/input';
import Space from 'antd/es/space';
import Table from 'antd/es/table';
import Typography from 'antd/es/typography';
import UploadOutlined from '@ant-design/icons/UploadOutlined';
import { api, isApiError, type ApiError } from '../../app/api';
import { useI18n } from '../../i18n';
import { errorTitle } from '../../i18n/errors';

interface ImportResult { version: number; leaves: number; created: number; updated: number }

export function CatalogImport({ onImported }: { onImported(): void }) {
  const { t, lang } = useI18n();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);

  const pick = async (f: File | undefined) => {
    if (!f) return;
    setFileName(f.name);
    setText(await f.text());
    setResult(null);
    setError(null);
  };

  const submit = async () => {
    setBusy(true);
    setResult(null);
    setError(null);
    try {
      const r = await api<ImportResult>('/catalog/import', { method: 'POST', raw: { data: text, contentType: 'text/csv; charset=utf-8' } });
      setResult(r);
      onImported();
    } catch (e) {
      if (isApiError(e)) setError(e); else throw e;
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card size="small" title={t('admin.importTitle')} data-testid="catalog-import">
      <Typography.Paragraph type="secondary">{t('admin.importHint')}</Typography.Paragraph>
      <Space style={{ marginBottom: 8 }}>
        <input ref={fileRef} type="file" accept=".csv,text/csv" style={{ display: 'none' }} data-testid="catalog-import-file"
          onChange={(e) => void pick(e.target.files?.[0])} />
        <Button icon={<UploadOutlined />} onClick={() => fileRef.current?.click()}>{t('admin.pickFile')}</Button>
        {fileName && <Typography.Text>{fileName}</Typography.Text>}
      </Space>
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        autoSize={{ minRows: 4, maxRows: 12 }}
        placeholder={'level1,level2,level3,tier,handler,keywords\n城乡建设,物业管理,物业服务,3,jurisdiction,物业;保洁'}
        style={{ fontFamily: 'ui-monospace, Menlo, monospace' }}
        data-testid="catalog-import-text"
      />
      <Button type="primary" style={{ marginTop: 8 }} disabled={!text.trim()} loading={busy} onClick={() => void submit()} data-testid="catalog-import-submit">
        {t('admin.importSubmit')}
      </Button>
      {result && (
        <Alert style={{ marginTop: 12 }} type="success" showIcon data-testid="catalog-import-result"
          title={t('admin.importDone', { version: result.version, leaves: result.leaves, created: result.created, updated: result.updated })} />
      )}
      {error && (
        <div style={{ marginTop: 12 }} data-testid="catalog-import-errors">
          <Alert type="error" showIcon title={errorTitle(error.code, error.title, lang)} description={error.detail !== error.title ? error.detail : undefined} />
          {error.errors.length > 0 && (
            <Table
              size="small"
              style={{ marginTop: 8 }}
              rowKey={(r) => `${r.line ?? r.path}-${r.message}`}
              dataSource={error.errors}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              columns={[
                { title: t('admin.line'), dataIndex: 'line', width: 80, render: (v: number | undefined, r) => v ?? r.path },
                { title: t('admin.problem'), dataIndex: 'message' },
              ]}
            />
          )}
        </div>
      )}
    </Card>
  );
}
