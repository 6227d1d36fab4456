// HTTP edge of grid management 网格化: the patrol log and grid statistics (reports themselves are orders with
// channel `grid`, registered through POST /api/v1/orders by a grid worker).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { MONTH_PATTERN } from '../assessment/month';

const tags = ['grid'];
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const Count = Type.Integer({ minimum: 0 });

export const PatrolLog = Type.Object({
  date: Type.String(),
  items: Type.Array(Type.Object({
    orderId: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), address: Type.String(), categoryName: NullableStr,
    location: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number() }), Type.Null()]),
    reporterId: Type.Integer(), reporterName: Type.String(), unitId: Type.Integer(), unitName: Type.String(), photos: Count, createdAt: Type.String({ format: 'date-time' }),
  })),
});

export const GridStats = Type.Object({
  month: Type.String(),
  items: Type.Array(Type.Object({
    unitId: Type.Integer(), unitName: Type.String(), unitType: Type.String(), reports: Count, done: Count, open: Count, dispatched: Count, withPhoto: Count, workers: Count,
  })),
});

export async function gridRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/grid/log', {
    schema: {
      tags, summary: 'Daily patrol log 巡查日志: grid workers\' reports of one day (city time) in your scope',
      querystring: Type.Object({ date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) }),
      response: { 200: PatrolLog, ...problemResponses() },
    },
  }, async (req) => s.grid.log(requireUser(req), (req.query as { date: string }).date));

  app.get('/api/v1/grid/stats', {
    schema: {
      tags, summary: 'Grid statistics 网格统计 per reporting grid / community for a month (city time)',
      querystring: Type.Object({ month: Type.String({ pattern: MONTH_PATTERN }) }),
      response: { 200: GridStats, ...problemResponses() },
    },
  }, async (req) => s.grid.stats(requireUser(req), (req.query as { month: string }).month));
}
