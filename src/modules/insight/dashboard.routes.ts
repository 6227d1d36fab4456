// HTTP edge of the dashboards 一网知全局: the summary, the map's areas and the exports of every table.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { summaryXlsx, tableCsv, type TableName } from './export';
import type { SummaryQuery as Q } from './summary';
import * as S from './insight.schemas';

const tags = ['dashboard'];

export async function dashboardRoutes(app: FastifyInstance, s: Services) {
  const i = s.insight;

  app.get('/api/v1/dashboard/summary', {
    schema: { tags, summary: 'Dashboard figures for the district or one unit\'s subtree (volumes from the daily rollups)', querystring: S.SummaryQuery, response: { 200: S.Summary, ...problemResponses() } },
  }, async (req) => i.summary(requireUser(req), req.query as Q));

  app.get('/api/v1/dashboard/areas', {
    schema: { tags, summary: 'The areas on the dashboard map (streets and towns, or a unit\'s children) as GeoJSON', querystring: S.AreasQuery, response: { 200: S.Areas, ...problemResponses() } },
  }, async (req) => i.areas(requireUser(req), (req.query as { unitId?: number }).unitId));

  // The big screen's address for a wall display: the console's hash route.
  app.get('/dashboard', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/#/dashboard'));

  const file = { 200: Type.String({ description: 'the file' }), ...problemResponses() };
  app.get('/api/v1/dashboard/summary.xlsx', {
    schema: { tags, summary: 'Every table of the summary as an Excel workbook', querystring: S.SummaryQuery, response: file },
  }, async (req, reply) => {
    const buf = await summaryXlsx(await i.summary(requireUser(req), req.query as Q));
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', 'attachment; filename="dashboard.xlsx"').send(buf);
  });

  app.get('/api/v1/dashboard/summary.csv', {
    schema: { tags, summary: 'One table of the summary as CSV', querystring: S.ExportQuery, response: file },
  }, async (req, reply) => {
    const q = req.query as Q & { table: TableName };
    const csv = tableCsv(await i.summary(requireUser(req), q), q.table);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="dashboard-${q.table}.csv"`).send(csv);
  });
}
