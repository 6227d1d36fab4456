// One attachment upload: the raw file as the body of POST /orders/{id}/attachments. XMLHttpRequest rather
// than api()/fetch because only XHR reports upload progress. The body is always sent as
// application/octet-stream: the server decides the type from the bytes, and a browser-guessed text/plain
// would be taken by the server's text parser instead of arriving as bytes.
import { API_BASE, ApiError, CONSOLE_HEADER, buildQuery } from '../../app/api';
import { noteServerTime, noteServerZone } from '../../shared/serverTime';
import type { Attachment } from '../../shared/types';

export const ATTACHMENT_ACCEPT = 'image/*,audio/*,.pdf,.doc,.docx,.xls,.xlsx';

export const attachmentUrl = (id: string) => `${API_BASE}/attachments/${id}`;

export function uploadAttachment(orderId: number, file: Blob, filename: string, onProgress?: (percent: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_BASE}/orders/${orderId}/attachments${buildQuery({ filename })}`);
    xhr.setRequestHeader(CONSOLE_HEADER, '1');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && onProgress) onProgress(Math.min(99, Math.round((e.loaded * 100) / e.total))); };
    xhr.onerror = () => reject(new ApiError(0, { title: 'network', detail: 'the upload did not reach the server' }));
    xhr.onload = () => {
      noteServerTime(xhr.getResponseHeader('x-minhu-now'));
      noteServerZone(xhr.getResponseHeader('x-minhu-timezone'));
      let body: unknown = undefined;
      try { body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined; } catch { body = undefined; }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(100);
        resolve(body as Attachment);
      } else {
        reject(new ApiError(xhr.status, (body && typeof body === 'object' ? body : { title: xhr.statusText || `HTTP ${xhr.status}` }) as ConstructorParameters<typeof ApiError>[1]));
      }
    };
    xhr.send(file);
  });
}

/** Pasted screenshots arrive as "image.png" (or nameless): give them a name that tells them apart. */
export function pastedName(file: File, at: Date, index: number): string {
  if (file.name && file.name !== 'image.png') return file.name;
  const ext = (file.type.split('/')[1] ?? 'png').replace(/[^a-z0-9]/gi, '') || 'png';
  const stamp = at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `paste-${stamp}${index ? `-${index}` : ''}.${ext}`;
}
