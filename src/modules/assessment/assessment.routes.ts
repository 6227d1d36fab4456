// HTTP edge of the assessment 考核: translates requests into service calls.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import type { AssessedType } from './rankings';
import type { LostKind } from './scorecard';
import type { Weights as W } from './rates';
import { reportCsv, reportXlsx } from './report';
import * as S from './assessment.schemas';

const tags = ['assessment'];
type MonthP = { month: string };

export async function assessmentRoutes(app: FastifyInstance, s: Services) {
  const a = s.assessment;

  app.get('/api/v1/assessment/rankings', {
    schema: { tags, summary: 'Monthly ranking of one unit type (考核排名)', querystring: S.RankingQuery, response: { 200: S.Ranking, ...problemResponses() } },
  }, async (req) => {
    const q = req.query as { month: string; unitType: AssessedType };
    return a.rankings(requireUser(req), q.month, q.unitType);
  });

  app.get('/api/v1/assessment/units/:unitId', {
    schema: { tags, summary: 'One unit\'s scorecard with the orders behind every lost point', params: S.UnitParams, querystring: S.MonthQuery, response: { 200: S.Scorecard, ...problemResponses() } },
  }, async (req) => a.scorecard(requireUser(req), (req.params as { unitId: number }).unitId, (req.query as MonthP).month));

  app.get('/api/v1/assessment/units/:unitId/lost', {
    schema: { tags, summary: 'One kind of a unit\'s lost points, page by page (the orders behind them)', params: S.UnitParams, querystring: S.LostQuery, response: { 200: S.LostPage, ...problemResponses() } },
  }, async (req) => {
    const q = req.query as { month: string; kind: LostKind; after?: number; limit?: number };
    return a.lostPage(requireUser(req), (req.params as { unitId: number }).unitId, q.month, q.kind, q.after ?? null, q.limit ?? 50);
  });

  app.put('/api/v1/assessment/units/:unitId/population', {
    schema: { tags, summary: 'Set a unit\'s resident population (for 治理类 density)', params: S.UnitParams, body: S.PopulationBody, response: { 200: S.PopulationAnswer, ...problemResponses() } },
  }, async (req) => a.setPopulation(requireUser(req), (req.params as { unitId: number }).unitId, (req.body as { population: number | null }).population));

  app.get('/api/v1/assessment/months/:month', {
    schema: { tags, summary: 'A month: weights and published versions', params: S.MonthParams, response: { 200: S.MonthInfo, ...problemResponses() } },
  }, async (req) => a.month(requireUser(req), (req.params as MonthP).month));

  app.put('/api/v1/assessment/months/:month/weights', {
    schema: { tags, summary: 'Set the weights of a month (a+b+c = 1; partial weights wp, wb)', params: S.MonthParams, body: S.Weights, response: { 200: S.MonthInfo, ...problemResponses() } },
  }, async (req) => a.setWeights(requireUser(req), (req.params as MonthP).month, req.body as W));

  app.post('/api/v1/assessment/months/:month/publish', {
    schema: { tags, summary: 'Publish a month: freeze its figures', params: S.MonthParams, response: { 200: S.Published, ...problemResponses() } },
  }, async (req) => a.publish(requireUser(req), (req.params as MonthP).month, null));

  app.post('/api/v1/assessment/months/:month/republish', {
    schema: { tags, summary: 'Publish a corrected version of a published month (audited, with a reason)', params: S.MonthParams, body: S.RepublishBody, response: { 200: S.Published, ...problemResponses() } },
  }, async (req) => a.publish(requireUser(req), (req.params as MonthP).month, (req.body as { reason: string }).reason));

  app.get('/api/v1/assessment/exemptions', {
    schema: { tags, summary: 'Exemption requests 免考核 (the supervisor\'s queue)', querystring: S.ExemptionQuery, response: { 200: S.ExemptionList, ...problemResponses() } },
  }, async (req) => a.exemptions(requireUser(req), (req.query as { status?: 'pending' }).status ?? 'pending'));

  const file = { 200: Type.String({ description: 'the file' }), ...problemResponses() };
  app.get('/api/v1/assessment/months/:month/report.xlsx', {
    schema: { tags, summary: 'The month\'s report: rankings per unit type, unit details and every order behind the numbers', params: S.MonthParams, response: file },
  }, async (req, reply) => {
    const month = (req.params as MonthP).month;
    const buf = await reportXlsx(s, requireUser(req), month);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="assessment-${month}.xlsx"`).send(buf);
  });

  app.get('/api/v1/assessment/months/:month/report.csv', {
    schema: { tags, summary: 'The order list behind every number of the month, as CSV', params: S.MonthParams, response: file },
  }, async (req, reply) => {
    const month = (req.params as MonthP).month;
    const csv = await reportCsv(s, requireUser(req), month);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="assessment-${month}.csv"`).send(csv);
  });
}
