// HTTP edge of the 分级协调 reads (the actions are order actions: POST /api/v1/orders/{id}/escalate and
// /api/v1/orders/{id}/escalation/answer).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { MONTH_PATTERN } from '../assessment/month';

const tags = ['escalation'];
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Level = Type.Union([Type.Literal('district'), Type.Literal('city'), Type.Literal('regulator')]);
const Status = Type.Union([Type.Literal('open'), Type.Literal('coordinated'), Type.Literal('refused'), Type.Literal('cancelled')]);

const Escalation = Type.Object({
  id: Type.Integer(), orderId: Type.Integer(), level: Level, status: Status, fromUnitId: Type.Integer(), fromUnitName: Type.String(),
  toUnitId: Type.Integer(), toUnitName: Type.String(), reason: Type.String(), answerBy: DateTime, requestedAt: DateTime, requestedByName: NullableStr,
  answeredAt: NullableDateTime, answeredByName: NullableStr, decisionNote: NullableStr, assignedUnitIds: Type.Array(Type.Integer()), overdue: Type.Boolean(),
});
export const EscalationPanel = Type.Object({ items: Type.Array(Escalation) });
export const EscalationInbox = Type.Object({
  items: Type.Array(Type.Object({ ...Escalation.properties, number: Type.String(), title: Type.String(), orderStatus: Type.String(), version: Type.Integer(), tier: Type.Integer() })),
});
const Count = Type.Integer({ minimum: 0 });
const Row = Type.Object({ unitId: Type.Integer(), unitName: Type.String(), level: Level, requested: Count, open: Count, coordinated: Count, refused: Count, cancelled: Count, overdue: Count });
export const EscalationStats = Type.Object({
  month: Type.String(),
  items: Type.Array(Row, { description: 'per requesting unit and level' }),
  addressed: Type.Array(Row, { description: 'per addressed (coordinating) unit and level' }),
});

export async function escalationRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/orders/:id/escalations', {
    schema: { tags, summary: 'The coordination requests (分级协调) of an order', params: Type.Object({ id: Id }), response: { 200: EscalationPanel, ...problemResponses() } },
  }, async (req) => s.escalation.panel(requireUser(req), (req.params as { id: number }).id));

  app.get('/api/v1/escalations', {
    schema: {
      tags, summary: 'Coordination requests addressed to your unit or a unit below it (协调待办); the centre sees all',
      querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('all')])) }),
      response: { 200: EscalationInbox, ...problemResponses() },
    },
  }, async (req) => s.escalation.inbox(requireUser(req), (req.query as { status?: 'open' | 'all' }).status ?? 'open'));

  app.get('/api/v1/escalations/stats', {
    schema: {
      tags, summary: 'Coordination requests of a month (city time) per unit and level',
      querystring: Type.Object({ month: Type.String({ pattern: MONTH_PATTERN }) }),
      response: { 200: EscalationStats, ...problemResponses() },
    },
  }, async (req) => s.escalation.stats(requireUser(req), (req.query as { month: string }).month));
}
