// Photos a resident attaches (at most 3): decided from the bytes with the attachments module's content
// sniffing (file-type + header checks), photos only.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { fail } from '../../shared/errors';
import { contentMismatch } from '../attachments/content-check';
import type { BlobStorage } from '../attachments/storage';
import type { StoredPhoto } from './hook';

export const MAX_PHOTOS = 3;
export const MAX_PHOTO_BYTES = 4 * 1024 * 1024;
const PHOTO_MIME = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic']);
const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/gif': 'gif', 'image/heic': 'heic' };

export interface PhotoInput {
  name?: string;
  /** base64 (a data: URL prefix is allowed) */
  data: string;
}

/** Checks every photo first (nothing is stored when one is refused), then stores them. */
export async function checkAndStorePhotos(storage: BlobStorage, photos: PhotoInput[]): Promise<StoredPhoto[]> {
  if (photos.length > MAX_PHOTOS) fail('validation_failed', `最多上传 ${MAX_PHOTOS} 张照片。`);
  const checked: (StoredPhoto & { bytes: Buffer })[] = [];
  for (const [i, p] of photos.entries()) {
    const b64 = p.data.replace(/^data:[^,]{0,100},/, '');
    const bytes = /^[A-Za-z0-9+/]*={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    const n = i + 1;
    if (!bytes.length) fail('validation_failed', `第 ${n} 张照片无法读取，请重新选择。`);
    if (bytes.length > MAX_PHOTO_BYTES) fail('attachment_too_large', `第 ${n} 张照片超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB，请压缩后再上传。`);
    const type = await fileTypeFromBuffer(bytes);
    const mismatch = type && PHOTO_MIME.has(type.mime) ? contentMismatch(type.mime, bytes) : 'not a photo';
    if (!type || mismatch) fail('attachment_type_not_allowed', `第 ${n} 张不是有效的照片（支持 JPEG、PNG、WebP、GIF、HEIC）。`);
    const base = path.basename(p.name ?? '').replace(/[^\p{L}\p{N}._-]/gu, '').slice(0, 80);
    checked.push({ id: randomUUID(), filename: base || `照片${n}.${EXT[type.mime]}`, mime: type.mime, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), bytes });
  }
  for (const c of checked) await storage.put(c.id, c.bytes);
  return checked.map(({ bytes: _b, ...c }) => c);
}
