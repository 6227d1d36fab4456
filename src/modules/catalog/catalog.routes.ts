import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';

const Nullable = <T extends ReturnType<typeof Type.Integer>>(t: T) => Type.Union([t, Type.Null()]);
const Kind = Type.Union([Type.Literal('jurisdiction'), Type.Literal('department'), Type.Literal('company')]);
const CategoryItem = Type.Object({
  id: Type.Integer(), parentId: Nullable(Type.Integer()), level: Type.Integer(), name: Type.String(), tier: Nullable(Type.Integer()),
  handlerKind: Type.Union([Kind, Type.Null()]), handlerUnitId: Nullable(Type.Integer()), keywords: Type.Array(Type.String()), active: Type.Boolean(),
});
const Edit = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  tier: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 4 }), Type.Null()])),
  handlerKind: Type.Optional(Type.Union([Kind, Type.Null()])),
  handlerUnitId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.Null()])),
  keywords: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 100 })),
};

export async function catalogRoutes(app: FastifyInstance, s: Services) {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 }, (_req, body, done) => done(null, body));

  app.get('/api/v1/catalog', { schema: { tags: ['catalog'], summary: 'The dispatch catalog (all levels)', response: { 200: Type.Object({ version: Type.Integer(), items: Type.Array(CategoryItem) }), ...problemResponses() } } }, async (req) => {
    requireUser(req);
    return s.catalog.list();
  });

  app.post('/api/v1/catalog/import', {
    schema: {
      tags: ['catalog'], summary: 'Import categories from CSV (level1,level2,level3[,tier,handler,keywords])', consumes: ['text/csv'],
      body: Type.String({ maxLength: 10 * 1024 * 1024 }),
      response: { 200: Type.Object({ version: Type.Integer(), leaves: Type.Integer(), created: Type.Integer(), updated: Type.Integer() }), ...problemResponses() },
    },
  }, async (req) => {
    const user = requireUser(req, 'admin');
    return s.catalog.importCsv(req.body as string, user.id);
  });

  app.post('/api/v1/catalog', {
    schema: { tags: ['catalog'], summary: 'Add a category', body: Type.Object({ parentId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.Null()])), ...Edit }), response: { 201: CategoryItem, ...problemResponses() } },
  }, async (req, reply) => {
    const user = requireUser(req, 'admin');
    reply.code(201);
    return s.catalog.create(req.body as never, user.id);
  });

  app.patch('/api/v1/catalog/:id', {
    schema: { tags: ['catalog'], summary: 'Edit a category', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }), body: Type.Object({ ...Edit, name: Type.Optional(Edit.name), active: Type.Optional(Type.Boolean()) }), response: { 200: CategoryItem, ...problemResponses() } },
  }, async (req) => {
    const user = requireUser(req, 'admin');
    return s.catalog.update((req.params as { id: number }).id, req.body as never, user.id);
  });
}
