// 数字城管 API (docs/SOURCES.md): the city-management system authenticates with an API key issued by an admin
// (管理 → Open311 keys; header X-Api-Key), never a session cookie — so no forged-request check applies here.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import { keysRepo } from '../open311/keys';
import { Location } from '../orders/orders.schemas';
import { caseStatus, caseUpdate, fileCase, type CaseInput } from './city-management';

const PREFIX = '/api/v1/integrations/city-management';
const CaseNo = Type.String({ minLength: 1, maxLength: 60, pattern: '^[A-Za-z0-9_.:-]+$', description: 'the case number in the city-management system' });
const Answer = Type.Object({ created: Type.Boolean(), caseNo: Type.String(), orderId: Type.Integer(), number: Type.String(), status: Type.String() });
const Status = Type.Object({
  caseNo: Type.String(), orderId: Type.Integer(), number: Type.String(), status: Type.String(),
  history: Type.Array(Type.Object({ event: Type.String(), status: Type.String(), at: Type.String() })),
});
const sec = { security: [{ apiKey: [] as string[] }] };

export async function cityManagementRoutes(app: FastifyInstance, s: Services) {
  const keys = keysRepo(s.db);
  async function client(req: FastifyRequest) {
    const key = req.headers['x-api-key'];
    if (typeof key !== 'string' || !key) fail('not_authenticated', 'send the API key issued for the city-management system in the X-Api-Key header');
    const c = await keys.authenticate(key, s.clock.now());
    if (!c) fail('not_authenticated', 'the API key is unknown or revoked');
    if (!(await keys.allow(c.keyId, s.clock.now(), s.config.open311RateLimit))) fail('rate_limited', `at most ${s.config.open311RateLimit} requests a minute for this API key`, { retryAfter: 60 });
    return c;
  }
  const config = { csrf: false };

  app.post(`${PREFIX}/cases`, {
    config,
    schema: {
      tags: ['city management'], summary: 'File a 数字城管 case as an order (idempotent by caseNo: a replay answers the same order with 200)', ...sec,
      body: Type.Object({
        caseNo: CaseNo, title: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 20000 })),
        address: Type.Optional(Type.String({ maxLength: 500 })), location: Type.Optional(Type.Union([Location, Type.Null()])),
        categoryId: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 2147483647 }), Type.Null()])),
        reporter: Type.Optional(Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })), phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9+\\-() ]*$' })) })),
      }),
      response: { 200: Answer, 201: Answer, ...problemResponses() },
    },
  }, async (req, reply) => {
    const c = await client(req);
    const a = await fileCase(s, c.user, c.keyId, req.body as CaseInput);
    return reply.code(a.created ? 201 : 200).send(a);
  });

  app.get(`${PREFIX}/cases/:caseNo`, {
    config,
    schema: { tags: ['city management'], summary: 'The order and status history of a 数字城管 case (pull side of the sync)', ...sec, params: Type.Object({ caseNo: CaseNo }), response: { 200: Status, ...problemResponses() } },
  }, async (req) => {
    await client(req);
    return caseStatus(s, (req.params as { caseNo: string }).caseNo);
  });

  app.post(`${PREFIX}/cases/:caseNo/updates`, {
    config,
    schema: {
      tags: ['city management'], summary: 'An update from the city-management system (more information, cancelled or closed there), appended to the order history', ...sec,
      params: Type.Object({ caseNo: CaseNo }),
      body: Type.Object({ kind: Type.Union([Type.Literal('info'), Type.Literal('cancelled'), Type.Literal('closed')]), note: Type.String({ minLength: 1, maxLength: 5000 }) }),
      response: { 200: Status, ...problemResponses() },
    },
  }, async (req) => {
    const c = await client(req);
    return caseUpdate(s, c.user, (req.params as { caseNo: string }).caseNo, req.body as { kind: 'info' | 'cancelled' | 'closed'; note: string });
  });
}
