// The files a person picked, dropped, pasted or photographed, and how their upload went. With an order id
// each file goes up at once (the order page); without one they wait for uploadAll(orderId) — intake
// (the order does not exist yet) and the reply dialog (the files go with the reply).
import { useCallback, useRef, useState } from 'react';
import { isApiError } from '../../app/api';
import { errorTitle } from '../../i18n/errors';
import { useI18n } from '../../i18n';
import type { Attachment } from '../../shared/types';
import { uploadAttachment } from './upload';

export interface UploadItem {
  uid: string;
  file: File;
  name: string;
  status: 'waiting' | 'uploading' | 'done' | 'error';
  percent: number;
  /** The server's reason (problem+json detail) when it refused the file. */
  error?: string;
  attachment?: Attachment;
}

export interface Uploads {
  items: UploadItem[];
  busy: boolean;
  add(files: { file: File; name?: string }[]): void;
  remove(uid: string): void;
  clear(): void;
  /** Uploads every waiting file to the order; resolves with what went up and what was refused. */
  uploadAll(orderId: number): Promise<{ done: Attachment[]; failed: UploadItem[] }>;
}

let seq = 0;

export function useUploads(opts: { orderId?: number; onUploaded?: (a: Attachment) => void } = {}): Uploads {
  const { lang } = useI18n();
  const [items, setItems] = useState<UploadItem[]>([]);
  // The latest list for async code (uploadAll runs across renders).
  const ref = useRef<UploadItem[]>([]);
  const optsRef = useRef(opts);
  optsRef.current = opts;

  const update = useCallback((fn: (xs: UploadItem[]) => UploadItem[]) => {
    ref.current = fn(ref.current);
    setItems(ref.current);
  }, []);
  const patch = useCallback((uid: string, p: Partial<UploadItem>) => update((xs) => xs.map((x) => (x.uid === uid ? { ...x, ...p } : x))), [update]);

  const send = useCallback(async (orderId: number, item: UploadItem): Promise<Attachment | null> => {
    patch(item.uid, { status: 'uploading', percent: 0, error: undefined });
    try {
      const a = await uploadAttachment(orderId, item.file, item.name, (percent) => patch(item.uid, { percent }));
      patch(item.uid, { status: 'done', percent: 100, attachment: a });
      optsRef.current.onUploaded?.(a);
      return a;
    } catch (e) {
      const error = isApiError(e) ? [errorTitle(e.code, e.title, lang), e.detail].filter(Boolean).join(' ') : String((e as Error)?.message ?? e);
      patch(item.uid, { status: 'error', error });
      return null;
    }
  }, [patch, lang]);

  const add = useCallback((files: { file: File; name?: string }[]) => {
    const fresh = files.map(({ file, name }): UploadItem => ({ uid: `u${++seq}`, file, name: name || file.name || 'file', status: 'waiting', percent: 0 }));
    update((xs) => [...xs, ...fresh]);
    const orderId = optsRef.current.orderId;
    if (orderId) for (const it of fresh) void send(orderId, it);
  }, [update, send]);

  const uploadAll = useCallback(async (orderId: number) => {
    const done: Attachment[] = [];
    for (const it of ref.current.filter((x) => x.status === 'waiting')) {
      const a = await send(orderId, it);
      if (a) done.push(a);
    }
    return { done, failed: ref.current.filter((x) => x.status === 'error') };
  }, [send]);

  return {
    items,
    busy: items.some((x) => x.status === 'uploading'),
    add,
    remove: (uid) => update((xs) => xs.filter((x) => x.uid !== uid)),
    clear: () => update(() => []),
    uploadAll,
  };
}
