import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import type { KbService } from './kb.service';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const Day = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()]);
const Input = {
  question: Type.String({ minLength: 1, maxLength: 2000 }),
  answer: Type.String({ minLength: 1, maxLength: 20000 }),
  categoryId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.Null()])),
  keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
  source: Type.Optional(Type.String({ maxLength: 500 })),
  validFrom: Type.Optional(Day),
  validTo: Type.Optional(Day),
  active: Type.Optional(Type.Boolean()),
};
const Article = Type.Object({
  id: Type.Integer(), question: Type.String(), answer: Type.String(), categoryId: Type.Union([Type.Integer(), Type.Null()]), keywords: Type.Array(Type.String()),
  source: Type.String(), validFrom: Type.Union([Type.String(), Type.Null()]), validTo: Type.Union([Type.String(), Type.Null()]), active: Type.Boolean(), useCount: Type.Integer(), updatedAt: Type.String(),
});
const IdP = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export function kbRoutes(kb: KbService) {
  return async (app: FastifyInstance, _s: Services) => {
    app.get('/api/v1/kb/search', {
      schema: { tags: ['knowledge base'], summary: 'Ranked Chinese full-text search over valid articles', querystring: Type.Object({ q: Type.String({ minLength: 1, maxLength: 500 }), categoryId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) }), response: { 200: Type.Object({ items: Type.Array(Type.Object({ ...Article.properties, score: Type.Number() })) }), ...problemResponses() } },
    }, async (req) => {
      requireUser(req);
      const q = req.query as { q: string; categoryId?: number; limit?: number };
      return { items: await kb.search(q.q, q) };
    });
    app.get('/api/v1/kb/articles', {
      schema: { tags: ['knowledge base'], summary: 'Articles, newest first', querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })), pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), q: Type.Optional(Type.String({ maxLength: 200 })), categoryId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })), active: Type.Optional(Type.Boolean({ description: 'true: in use; false: retired' })) }), response: { 200: Type.Object({ items: Type.Array(Article), total: Type.Integer() }), ...problemResponses() } },
    }, async (req) => {
      requireUser(req);
      const q = req.query as { page?: number; pageSize?: number; q?: string; categoryId?: number; active?: boolean };
      return kb.list(q.page, q.pageSize, { q: q.q?.trim() || undefined, categoryId: q.categoryId, active: q.active });
    });
    app.get('/api/v1/kb/articles/:id', { schema: { tags: ['knowledge base'], summary: 'One article', params: IdP, response: { 200: Article, ...problemResponses() } } }, async (req) => {
      requireUser(req);
      return kb.get((req.params as { id: number }).id);
    });
    app.post('/api/v1/kb/articles', { schema: { tags: ['knowledge base'], summary: 'Add an article (admin)', body: Type.Object(Input), response: { 201: Article, ...problemResponses() } } }, async (req, reply) => {
      const u = requireUser(req, 'admin');
      reply.code(201);
      return kb.create(req.body as never, u.id);
    });
    app.patch('/api/v1/kb/articles/:id', { schema: { tags: ['knowledge base'], summary: 'Edit an article (admin)', params: IdP, body: Type.Object({ ...Input, question: Type.Optional(Input.question), answer: Type.Optional(Input.answer) }), response: { 200: Article, ...problemResponses() } } }, async (req) => {
      requireUser(req, 'admin');
      return kb.update((req.params as { id: number }).id, req.body as never);
    });
    app.delete('/api/v1/kb/articles/:id', { schema: { tags: ['knowledge base'], summary: 'Retire an article (admin)', params: IdP, response: { 204: Type.Null(), ...problemResponses() } } }, async (req, reply) => {
      requireUser(req, 'admin');
      await kb.remove((req.params as { id: number }).id);
      reply.code(204);
      return null;
    });
    app.post('/api/v1/kb/import', {
      schema: { tags: ['knowledge base'], summary: 'Import articles (JSON array; all or nothing)', body: Type.Object({ items: Type.Array(Type.Object(Input), { minItems: 1, maxItems: 10000 }) }), response: { 200: Type.Object({ imported: Type.Integer() }), ...problemResponses() } },
    }, async (req) => {
      const u = requireUser(req, 'admin');
      const items = (req.body as { items: never[] }).items;
      if (!items.length) fail('validation_failed', 'nothing to import');
      return { imported: await kb.importMany(items, u.id) };
    });
    // A file as the body: text/csv (UTF-8) or an .xlsx workbook; its parser lives in this scope only.
    await app.register(async (scoped) => {
      scoped.addContentTypeParser(XLSX_MIME, { parseAs: 'buffer', bodyLimit: 20 * 1024 * 1024 }, (_req, body, done) => done(null, body));
      scoped.post('/api/v1/kb/import-file', {
        schema: {
          tags: ['knowledge base'], summary: 'Import articles from a CSV or .xlsx file with a header row: question, answer[, category, keywords, source, validFrom, validTo] (all or nothing)',
          consumes: ['text/csv', XLSX_MIME], response: { 200: Type.Object({ imported: Type.Integer() }), ...problemResponses(413, 415) },
        },
      }, async (req) => {
        const u = requireUser(req, 'admin');
        const body = req.body;
        if (typeof body === 'string') return { imported: await kb.importFile({ csv: body }, u.id) };
        if (Buffer.isBuffer(body) && body.length) return { imported: await kb.importFile({ xlsx: body }, u.id) };
        fail('kb_import_failed', 'send the file as the request body with Content-Type text/csv or ' + XLSX_MIME, { errors: [{ line: 0, message: 'no file in the request' }] });
      });
    });
  };
}
