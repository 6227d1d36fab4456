// Admin routes: templates (read, edit) and the outbox (list with filters, retry a dead letter).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { maskPhone } from '../../shared/privacy';
import type { Services } from '../../services';
import type { OutboxRow, OutboxStatus } from './outbox';
import type { Template } from './templates';

const Tpl = Type.Object({
  key: Type.String(), channel: Type.String({ description: 'sms (resident) | unit (alert to a unit)' }), audience: Type.String(),
  description: Type.String(), body: Type.String({ description: 'zh-CN text with {placeholders}' }), updatedAt: Type.String(),
});
const Item = Type.Object({
  id: Type.Integer(), key: Type.String({ description: 'idempotency key sent to the gateway' }), channel: Type.String(), audience: Type.String(),
  recipient: Type.String({ description: 'phones are masked' }), template: Type.String(), body: Type.String(),
  orderId: Type.Union([Type.Integer(), Type.Null()]), orderNumber: Type.Union([Type.String(), Type.Null()]),
  status: Type.String({ description: 'pending | sent | dead' }), attempts: Type.Integer(), nextTryAt: Type.String(),
  lastError: Type.Union([Type.String(), Type.Null()]), createdAt: Type.String(), sentAt: Type.Union([Type.String(), Type.Null()]),
});

const tpl = (t: Template) => ({ ...t, updatedAt: t.updatedAt.toISOString() });
function item(r: OutboxRow & { orderNumber?: string | null }) {
  return {
    id: r.id, key: r.idemKey, channel: r.channel, audience: r.audience,
    recipient: r.channel === 'sms' ? maskPhone(r.recipient) ?? '' : r.recipient,
    template: r.template,
    // A one-time code is a secret even to admins.
    body: r.template === 'otp' ? '（验证码已隐藏）' : r.body,
    orderId: r.orderId, orderNumber: r.orderNumber ?? null, status: r.status, attempts: r.attempts,
    nextTryAt: r.nextTryAt.toISOString(), lastError: r.lastError, createdAt: r.createdAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null,
  };
}

export async function notifyRoutes(app: FastifyInstance, s: Services) {
  const tags = ['notifications'];
  app.get('/api/v1/notifications/templates', {
    schema: { tags, summary: 'Message templates (admin)', response: { 200: Type.Object({ items: Type.Array(Tpl) }), ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin');
    return { items: (await s.notify.templates.all()).map(tpl) };
  });

  const KeyParam = Type.Object({ key: Type.String({ maxLength: 40 }) });
  app.get('/api/v1/notifications/templates/:key', {
    schema: { tags, summary: 'One message template (admin)', params: KeyParam, response: { 200: Tpl, ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin');
    return tpl(await s.notify.templates.get((req.params as { key: string }).key));
  });

  app.put('/api/v1/notifications/templates/:key', {
    schema: {
      tags, summary: 'Change a template text (admin); messages already queued keep their text', params: KeyParam,
      body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 500 }) }), response: { 200: Tpl, ...problemResponses() },
    },
  }, async (req) => {
    const u = requireUser(req, 'admin');
    return tpl(await s.notify.templates.save((req.params as { key: string }).key, (req.body as { body: string }).body, u.id, s.clock.now()));
  });

  app.get('/api/v1/notifications', {
    schema: {
      tags, summary: 'The outbox, newest first (admin)',
      querystring: Type.Object({
        status: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('sent'), Type.Literal('dead')])),
        channel: Type.Optional(Type.Union([Type.Literal('sms'), Type.Literal('unit')])),
        orderId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        before: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647, description: 'id cursor: rows older than this' })),
      }),
      response: { 200: Type.Object({ items: Type.Array(Item), nextBefore: Type.Union([Type.Integer(), Type.Null()]) }), ...problemResponses() },
    },
  }, async (req) => {
    requireUser(req, 'admin');
    const q = req.query as { status?: OutboxStatus; channel?: string; orderId?: number; limit: number; before?: number };
    const rows = await s.notify.outbox.list(q);
    return { items: rows.map(item), nextBefore: rows.length === q.limit ? rows[rows.length - 1].id : null };
  });

  app.post('/api/v1/notifications/:id/retry', {
    schema: {
      tags, summary: 'Queue a dead letter again (admin): attempts start over, same idempotency key',
      params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }), response: { 200: Item, ...problemResponses() },
    },
  }, async (req) => {
    requireUser(req, 'admin');
    return item(await s.notify.outbox.retry((req.params as { id: number }).id, s.clock.now()));
  });
}
