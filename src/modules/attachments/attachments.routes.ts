// Attachments: the type is decided from the bytes (magic numbers), never from the file name.
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { fail } from '../../shared/errors';
import { appendEvent } from '../../shared/events';
import type { Services } from '../../services';
import { folderStorage } from './storage';
import { contentMismatch } from './content-check';
import { ATTACHMENT_CSP } from '../../http/security';

export const ALLOWED_MIME = new Set([
  'image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic',
  'audio/mpeg', 'audio/wav', 'audio/x-wav', 'audio/amr', 'audio/mp4', 'audio/x-m4a', 'audio/aac', 'audio/ogg',
  'application/pdf', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/msword', 'application/vnd.ms-excel', 'application/x-cfb',
]);

const Attachment = Type.Object({ id: Type.String(), filename: Type.String(), mime: Type.String(), size: Type.Integer(), createdAt: Type.String() });

export async function attachmentsRoutes(app: FastifyInstance, s: Services) {
  const storage = folderStorage(path.join(s.config.dataDir, 'attachments'));
  const limit = s.config.maxUploadBytes;

  await app.register(async (scoped) => {
    scoped.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: limit }, (_req, body, done) => done(null, body));
    scoped.post('/api/v1/orders/:id/attachments', {
      bodyLimit: limit,
      schema: {
        tags: ['attachments'], summary: 'Attach a photo, audio or document (raw body)',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
        querystring: Type.Object({ filename: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 201: Attachment, ...problemResponses(413, 415) },
      },
    }, async (req, reply) => {
      const user = requireUser(req);
      const id = (req.params as { id: number }).id;
      const { order } = await s.orders.loadVisible(user, id);
      const body = req.body;
      if (!Buffer.isBuffer(body) || body.length === 0) fail('validation_failed', 'send the file bytes as the request body');
      const type = await fileTypeFromBuffer(body);
      if (!type || !ALLOWED_MIME.has(type.mime)) fail('attachment_type_not_allowed', `the content is ${type ? type.mime : 'not a recognised file type'}; accepted: photos, audio, PDF and Office documents`);
      const mismatch = contentMismatch(type.mime, body);
      if (mismatch) fail('attachment_type_not_allowed', `${mismatch}; accepted: photos, audio, PDF and Office documents`);
      const att = { id: randomUUID(), filename: path.basename((req.query as { filename: string }).filename), mime: type.mime, size: body.length, sha256: createHash('sha256').update(body).digest('hex') };
      await storage.put(att.id, body);
      const now = s.clock.now();
      await s.db.tx(async (q) => {
        await q.query('insert into attachments (id, order_id, filename, mime, size, sha256, storage_key, uploaded_by, created_at) values ($1,$2,$3,$4,$5,$6,$7,$8,$9)', [att.id, order.id, att.filename, att.mime, att.size, att.sha256, att.id, user.id, now]);
        await appendEvent(q, order.id, 'attachment_added', { userId: user.id, unitId: user.unitId }, now, { attachmentId: att.id, filename: att.filename, mime: att.mime, size: att.size });
      });
      reply.code(201);
      return { id: att.id, filename: att.filename, mime: att.mime, size: att.size, createdAt: now.toISOString() };
    });
  });

  app.get('/api/v1/attachments/:id', { schema: { tags: ['attachments'], summary: 'Download an attachment', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) } }, async (req, reply) => {
    const user = requireUser(req);
    const { rows } = await s.db.query<{ orderId: number; filename: string; mime: string; storageKey: string }>('select order_id as "orderId", filename, mime, storage_key as "storageKey" from attachments where id = $1', [(req.params as { id: string }).id]);
    const a = rows[0];
    // Outside the user's scope it answers exactly like a missing attachment: nothing learned.
    const visible = a ? await s.orders.loadVisible(user, a.orderId).then(() => true, () => false) : false;
    if (!a || !visible) fail('attachment_not_found');
    const data = await storage.get(a.storageKey);
    if (!data) fail('attachment_not_found', 'the file is missing from storage');
    // Photos and recordings may show in the page; everything else downloads. Either way the browser must not
    // guess another type, and nothing in the file may run (sandbox), even when opened on its own.
    const disposition = /^(image|audio)\//.test(a.mime) ? 'inline' : 'attachment';
    return reply
      .type(a.mime)
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(a.filename)}`)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', ATTACHMENT_CSP)
      .send(data);
  });
}
