// An order's attachments by kind: photos as thumbnails that open a large preview, recordings with a
// player, documents as downloads; each with its size and time. Every URL is same-origin
// (/api/v1/attachments/{id}), which the console's CSP allows for img-src and media-src.
import Image from 'antd/es/image';
import Space from 'antd/es/space';
import DownloadOutlined from '@ant-design/icons/DownloadOutlined';
import FileOutlined from '@ant-design/icons/FileOutlined';
import { useI18n } from '../../i18n';
import { fmtDateTime } from '../../shared/format';
import type { Attachment } from '../../shared/types';
import { fmtSize } from './AttachmentUploader';
import { attachmentUrl } from './upload';

const THUMB = 96;

function Meta({ a, stacked }: { a: Attachment; stacked?: boolean }) {
  const style = { color: '#999', fontSize: 12, lineHeight: 1.4 };
  if (stacked) return <div style={style}><div>{fmtSize(a.size)}</div>{a.createdAt && <div>{fmtDateTime(a.createdAt)}</div>}</div>;
  return <span style={style}>{fmtSize(a.size)}{a.createdAt ? ` · ${fmtDateTime(a.createdAt)}` : ''}</span>;
}

export function AttachmentGallery({ attachments }: { attachments: Attachment[] }) {
  const { t } = useI18n();
  if (attachments.length === 0) return <span style={{ color: '#999' }} data-testid="attachments-empty">{t('order.noAttachments')}</span>;
  const images = attachments.filter((a) => a.mime.startsWith('image/'));
  const audio = attachments.filter((a) => a.mime.startsWith('audio/'));
  const docs = attachments.filter((a) => !a.mime.startsWith('image/') && !a.mime.startsWith('audio/'));
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="attachment-gallery">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap size={8}>
            {images.map((a) => (
              <div key={a.id} data-testid={`attachment-image-${a.id}`} data-filename={a.filename} style={{ width: THUMB }}>
                <Image
                  src={attachmentUrl(a.id)}
                  alt={a.filename}
                  width={THUMB}
                  height={THUMB}
                  style={{ objectFit: 'cover', borderRadius: 4 }}
                  preview={{ mask: t('attach.preview') }}
                  data-testid="attachment-thumb"
                />
                <div title={a.filename} style={{ fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{a.filename}</div>
                <Meta a={a} stacked />
              </div>
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {audio.map((a) => (
        <div key={a.id} data-testid={`attachment-audio-${a.id}`} data-filename={a.filename}>
          <div style={{ fontSize: 12, wordBreak: 'break-all' }}>{a.filename} <Meta a={a} /></div>
          <audio controls preload="metadata" src={attachmentUrl(a.id)} style={{ width: '100%', maxWidth: 360, height: 36 }} data-testid="attachment-player" />
        </div>
      ))}
      {docs.map((a) => (
        <div key={a.id} data-testid={`attachment-doc-${a.id}`} data-filename={a.filename}>
          <a href={attachmentUrl(a.id)} download={a.filename} data-testid="attachment-download" title={t('attach.download')}>
            <FileOutlined /> {a.filename} <DownloadOutlined />
          </a>{' '}
          <Meta a={a} />
        </div>
      ))}
    </Space>
  );
}
