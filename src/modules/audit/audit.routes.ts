// GET /api/v1/audit: supervisors and admins search the audit log (who revealed which requester's phone, when).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const AuditQuery = Type.Object({
  userId: Type.Optional(Id),
  orderId: Type.Optional(Id),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 50, pattern: '^[a-z_]+$' })),
  from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date or date-time (a date is the start of that day, city time)' })),
  to: Type.Optional(Type.String({ maxLength: 40 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional(Type.String({ maxLength: 60, description: 'The `next` value of the previous page (keyset paging, newest first)' })),
});

export const AuditPage = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(),
    at: Type.String({ format: 'date-time' }),
    action: Type.String(),
    user: Nullable(Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String() })),
    unit: Nullable(Type.Object({ id: Type.Integer(), name: Type.String() })),
    order: Nullable(Type.Object({ id: Type.Integer(), number: Type.String() })),
    detail: Type.Object({}, { additionalProperties: true }),
  })),
  next: Nullable(Type.String()),
});

export async function auditRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/audit', {
    schema: { tags: ['audit'], summary: 'Search the audit log (supervisor, admin), newest first', querystring: AuditQuery, response: { 200: AuditPage, ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'supervisor', 'admin');
    return s.audit.search(req.query as never);
  });
}
