import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { parseInstant } from '../../shared/instant';
import type { Services } from '../../services';
import { calendarCoverage, computeDeadlines, type TierPolicy } from './index';

const LimitS = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 10000 }), unit: Type.Union([Type.Literal('minutes'), Type.Literal('hours'), Type.Literal('workdays')]) });
const Policy = Type.Object({ tier: Type.Integer(), name: Type.String({ minLength: 1, maxLength: 20 }), sign: LimitS, contact: LimitS, resolve: LimitS });
const TierParam = Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 4 }) });

export async function slaRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/sla/preview', {
    schema: {
      tags: ['deadlines'], summary: 'Deadlines an order dispatched now (or at `from`) would get',
      querystring: Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 4 }), from: Type.Optional(Type.String({ maxLength: 40 })) }),
      response: { 200: Type.Object({ tier: Type.Integer(), from: Type.String(), signDueAt: Type.String(), contactDueAt: Type.String(), resolveDueAt: Type.String() }), ...problemResponses() },
    },
  }, async (req) => {
    requireUser(req);
    const q = req.query as { tier: number; from?: string };
    const from = q.from ? parseInstant(q.from, 'from', s.config.timezone) : s.clock.now();
    const d = computeDeadlines(from, await s.policies.byTier(q.tier), s.config.timezone);
    return { tier: q.tier, from: from.toISOString(), signDueAt: d.signDueAt.toISOString(), contactDueAt: d.contactDueAt.toISOString(), resolveDueAt: d.resolveDueAt.toISOString() };
  });

  app.get('/api/v1/sla/policies', { schema: { tags: ['deadlines'], summary: 'Deadline policy per tier', response: { 200: Type.Object({ items: Type.Array(Policy) }), ...problemResponses() } } }, async (req) => {
    requireUser(req);
    return { items: await s.policies.all() };
  });

  app.put('/api/v1/sla/policies/:tier', {
    schema: { tags: ['deadlines'], summary: 'Change a tier policy (admin)', params: TierParam, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), sign: LimitS, contact: LimitS, resolve: LimitS }), response: { 200: Policy, ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin');
    const tier = (req.params as { tier: number }).tier as TierPolicy['tier'];
    return s.policies.save({ ...(req.body as Omit<TierPolicy, 'tier'>), tier });
  });

  app.get('/api/v1/sla/calendar', { schema: { tags: ['deadlines'], summary: 'Years covered by the official holiday calendar', response: { 200: Type.Object({ firstYear: Type.Integer(), lastYear: Type.Integer(), timezone: Type.String() }), ...problemResponses() } } }, async (req) => {
    requireUser(req);
    return { ...calendarCoverage(), timezone: s.config.timezone };
  });
}
