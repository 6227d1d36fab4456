// 领导接待日 records: the centre records a reception day with its matters (each becomes an order); the centre and
// leaders read them.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { TYPES } from '../orders/orders.schemas';
import { listReceptions, recordReception, type ReceptionInput } from './reception';

const DateS = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max, ...(min ? { pattern: '\\S' } : {}) });
const Day = Type.Object({
  id: Type.Integer(), day: Type.String(), leaderName: Type.String(), place: Type.String(), visitors: Type.Integer(), note: Type.String(), createdAt: Type.String(),
  matters: Type.Array(Type.Object({ orderId: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String() })),
});
const WRITERS = ['operator', 'dispatcher', 'admin'] as const;
const READERS = [...WRITERS, 'supervisor', 'leader'] as const;

export async function receptionRoutes(app: FastifyInstance, s: Services) {
  app.post('/api/v1/reception-days', {
    schema: {
      tags: ['intake'], summary: 'Record a 领导接待日 (leader reception day); each matter becomes an order (channel reception)',
      body: Type.Object({
        day: DateS, leaderName: Str(50, 1), place: Str(200, 1), visitors: Type.Integer({ minimum: 0, maximum: 100000 }), note: Type.Optional(Str(5000)),
        matters: Type.Array(Type.Object({
          type: Type.Optional(Type.Union(TYPES.map((t) => Type.Literal(t)))), title: Str(200, 1), description: Type.Optional(Str(20000)), address: Type.Optional(Str(500)),
          requester: Type.Optional(Type.Object({ name: Type.Optional(Str(100)), phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+\\-() ]*$' })) })),
        }), { minItems: 0, maxItems: 50 }),
      }),
      response: { 201: Day, ...problemResponses() },
    },
  }, async (req, reply) => {
    const u = requireUser(req, ...WRITERS);
    return reply.code(201).send(await recordReception(s, u, req.body as ReceptionInput));
  });

  app.get('/api/v1/reception-days', {
    schema: { tags: ['intake'], summary: 'Leader reception days with their matters (newest first)', querystring: Type.Object({ from: Type.Optional(DateS), to: Type.Optional(DateS) }), response: { 200: Type.Object({ items: Type.Array(Day) }), ...problemResponses() } },
  }, async (req) => {
    requireUser(req, ...READERS);
    const q = req.query as { from?: string; to?: string };
    return { items: await listReceptions(s, q) };
  });
}
