// Where files come in: a drop zone (click to pick, drag and drop), paste from the clipboard, and a 拍照
// button that opens the phone camera. Below it, each file with its progress and, when the server refused
// it, the server's reason.
import { useEffect, useRef, type ClipboardEvent as ReactClipboardEvent } from 'react';
import Button from 'antd/es/button';
import Progress from 'antd/es/progress';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import Upload from 'antd/es/upload';
import CameraOutlined from '@ant-design/icons/CameraOutlined';
import DeleteOutlined from '@ant-design/icons/DeleteOutlined';
import InboxOutlined from '@ant-design/icons/InboxOutlined';
import { useI18n } from '../../i18n';
import { serverNow } from '../../shared/serverTime';
import { ATTACHMENT_ACCEPT, pastedName } from './upload';
import type { UploadItem, Uploads } from './useUploads';

interface Props {
  uploads: Uploads;
  /** Prefix of the test ids (several uploaders can be on one page). */
  testId?: string;
  /** Also take a paste when nothing in particular has the focus (the order page). */
  pasteAnywhere?: boolean;
  /** Hide files that went up (the order page shows them in the gallery instead). */
  hideDone?: boolean;
  disabled?: boolean;
  /** Shown while a file stands refused (e.g. "remove it before sending the reply"). */
  errorHint?: string;
}

const STATUS_COLOR: Record<UploadItem['status'], string> = { waiting: 'default', uploading: 'processing', done: 'success', error: 'error' };

export function fmtSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function AttachmentUploader({ uploads, testId = 'attach', pasteAnywhere, hideDone, disabled, errorHint }: Props) {
  const { t } = useI18n();
  const camera = useRef<HTMLInputElement>(null);
  const addRef = useRef(uploads.add);
  addRef.current = uploads.add;

  const takeClipboard = (data: DataTransfer | null): boolean => {
    const files = Array.from(data?.files ?? []);
    if (files.length === 0) return false;
    const at = new Date(serverNow());
    addRef.current(files.map((file, i) => ({ file, name: pastedName(file, at, i) })));
    return true;
  };

  const onPaste = (e: ReactClipboardEvent<HTMLDivElement>) => {
    if (disabled) return;
    if (takeClipboard(e.clipboardData)) { e.preventDefault(); e.stopPropagation(); }
  };

  // A paste with no focused field lands on <body>; text fields and dialogs keep their own pastes.
  useEffect(() => {
    if (!pasteAnywhere || disabled) return;
    const h = (e: ClipboardEvent) => {
      if (e.target === document.body && takeClipboard(e.clipboardData)) e.preventDefault();
    };
    document.addEventListener('paste', h);
    return () => document.removeEventListener('paste', h);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pasteAnywhere, disabled]);

  const shown = hideDone ? uploads.items.filter((x) => x.status !== 'done') : uploads.items;

  return (
    <div data-testid={`${testId}-section`} onPaste={onPaste} tabIndex={-1} style={{ outline: 'none' }}>
      <div data-testid={`${testId}-dropzone`}>
        <Upload.Dragger
          multiple
          accept={ATTACHMENT_ACCEPT}
          disabled={disabled}
          showUploadList={false}
          fileList={[]}
          beforeUpload={(file) => { uploads.add([{ file }]); return Upload.LIST_IGNORE; }}
          style={{ padding: '4px 0' }}
        >
          <p className="ant-upload-drag-icon" style={{ marginBottom: 4 }}><InboxOutlined /></p>
          <p className="ant-upload-text" style={{ fontSize: 14 }}>{t('attach.drop')}</p>
          <p className="ant-upload-hint" style={{ fontSize: 12 }}>{t('attach.dropHint')}</p>
        </Upload.Dragger>
      </div>
      <Space style={{ marginTop: 8 }}>
        <Button size="small" icon={<CameraOutlined />} disabled={disabled} onClick={() => camera.current?.click()} data-testid={`${testId}-camera`}>
          {t('attach.camera')}
        </Button>
        <input
          ref={camera}
          type="file"
          accept="image/*"
          capture="environment"
          style={{ display: 'none' }}
          data-testid={`${testId}-camera-input`}
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) uploads.add(files.map((file) => ({ file })));
            e.target.value = '';
          }}
        />
      </Space>
      {shown.length > 0 && (
        <div data-testid={`${testId}-items`} style={{ marginTop: 8 }}>
          {shown.map((it) => (
            <div key={it.uid} data-testid={`${testId}-item`} data-status={it.status} data-name={it.name} style={{ padding: '4px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Space size={6} wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                <span style={{ wordBreak: 'break-all' }}>{it.name} <span style={{ color: '#999' }}>{fmtSize(it.file.size)}</span></span>
                <Space size={4}>
                  <Tag color={STATUS_COLOR[it.status]}>{t(`attach.${it.status === 'error' ? 'failed' : it.status}`)}</Tag>
                  {it.status !== 'uploading' && (
                    <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('attach.remove')} title={t('attach.remove')} onClick={() => uploads.remove(it.uid)} data-testid={`${testId}-item-remove`} />
                  )}
                </Space>
              </Space>
              {it.status === 'uploading' && <Progress size="small" percent={it.percent} data-testid={`${testId}-item-progress`} />}
              {it.error && <Typography.Text type="danger" style={{ display: 'block', fontSize: 12 }} data-testid={`${testId}-item-error`}>{it.error}</Typography.Text>}
            </div>
          ))}
          {errorHint && uploads.items.some((x) => x.status === 'error') && <Typography.Text type="danger" data-testid={`${testId}-blocked`}>{errorHint}</Typography.Text>}
        </div>
      )}
    </div>
  );
}
