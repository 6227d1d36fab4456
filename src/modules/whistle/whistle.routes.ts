// HTTP edge of the whistle 吹哨报到 reads (the actions are order actions: POST /api/v1/orders/{id}/whistle…).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { MONTH_PATTERN } from '../assessment/month';

const tags = ['whistle'];
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Score = Type.Union([Type.Literal('satisfied'), Type.Literal('basically'), Type.Literal('unsatisfied'), Type.Null()]);

export const WhistlePanel = Type.Object({
  items: Type.Array(Type.Object({
    id: Type.Integer(), status: Type.String(), unitId: Type.Integer(), unitName: Type.String(), reason: Type.String(),
    reportBy: DateTime, missingAt: DateTime, createdAt: DateTime, closedAt: NullableDateTime,
    units: Type.Array(Type.Object({
      unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), action: NullableStr, note: NullableStr, onSiteAt: NullableDateTime,
      reportedAt: NullableDateTime, reportedByName: NullableStr, late: Type.Boolean(), missing: Type.Boolean(), rating: Score, ratingNote: NullableStr, ratedAt: NullableDateTime,
    })),
  })),
});

export const WhistleInbox = Type.Object({
  items: Type.Array(Type.Object({
    whistleId: Type.Integer(), orderId: Type.Integer(), number: Type.String(), title: Type.String(), orderStatus: Type.String(), version: Type.Integer(),
    unitId: Type.Integer(), unitName: Type.String(), whistlerName: Type.String(), reason: Type.String(), reportBy: DateTime, status: Type.String(),
    createdAt: DateTime, reportedAt: NullableDateTime, rating: Score, late: Type.Boolean(), missing: Type.Boolean(),
  })),
});

const Count = Type.Integer({ minimum: 0 });
export const WhistleStats = Type.Object({
  month: Type.String(),
  items: Type.Array(Type.Object({
    unitId: Type.Integer(), unitName: Type.String(), summoned: Count, onTime: Count, late: Count, missing: Count,
    satisfied: Count, basically: Count, unsatisfied: Count, score: Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()]),
  })),
});

export async function whistleRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/orders/:id/whistles', {
    schema: { tags, summary: 'The whistles of an order (吹哨报到 panel): summoned units, report-by, reports, ratings', params: Type.Object({ id: Id }), response: { 200: WhistlePanel, ...problemResponses() } },
  }, async (req) => s.whistle.panel(requireUser(req), (req.params as { id: number }).id));

  app.get('/api/v1/whistle/inbox', {
    schema: {
      tags, summary: 'Whistles summoning your unit (吹哨任务)',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) }),
      response: { 200: WhistleInbox, ...problemResponses() },
    },
  }, async (req) => s.whistle.inbox(requireUser(req), (req.query as { status?: 'open' | 'all' }).status ?? 'open'));

  app.get('/api/v1/whistle/stats', {
    schema: {
      tags, summary: 'Whistle statistics per summoned unit for a month (city time), with the whistle score 0–100',
      querystring: Type.Object({ month: Type.String({ pattern: MONTH_PATTERN }) }),
      response: { 200: WhistleStats, ...problemResponses() },
    },
  }, async (req) => s.whistle.stats(requireUser(req), (req.query as { month: string }).month));
}
