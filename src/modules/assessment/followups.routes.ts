// HTTP edge of what follows a ranking: 约谈, 关键小事, 部门+行业 joint scoring (translates requests into service calls).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import * as S from './followups.schemas';

const tags = ['assessment'];

export async function assessmentFollowupsRoutes(root: FastifyInstance, s: Services) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const f = s.assessmentFollowups;

  app.get('/api/v1/assessment/months/:month/interviews', {
    schema: { tags, summary: 'The month\'s 约谈 list (last-ranked and slow 治理类 units) and the interviews recorded', params: S.MonthParams, response: { 200: S.InterviewList, ...problemResponses() } },
  }, async (req) => f.interviews(requireUser(req), req.params.month));

  app.post('/api/v1/assessment/months/:month/interviews', {
    schema: { tags, summary: 'Record an interview (约谈) of a unit for a month', params: S.MonthParams, body: S.InterviewBody, response: { 201: S.Interview, ...problemResponses() } },
  }, async (req, reply) => reply.code(201).send(await f.recordInterview(requireUser(req), req.params.month, req.body)));

  app.post('/api/v1/assessment/interviews/:id/follow-ups', {
    schema: { tags, summary: 'Record a follow-up of an interview\'s commitments (done ends it)', params: S.IdParams, body: S.FollowUpBody, response: { 200: S.Interview, ...problemResponses() } },
  }, async (req) => f.followUp(requireUser(req), req.params.id, req.body));

  app.get('/api/v1/assessment/units/:unitId/interviews', {
    schema: { tags, summary: 'A unit\'s interview records (the unit sees its own)', params: S.UnitParams, response: { 200: S.UnitInterviews, ...problemResponses() } },
  }, async (req) => f.unitInterviews(requireUser(req), req.params.unitId));

  app.get('/api/v1/assessment/key-matters', {
    schema: { tags, summary: '关键小事: the categories the city scores on their own', response: { 200: S.KeyMatterList, ...problemResponses() } },
  }, async (req) => f.keyMatters(requireUser(req)));

  app.post('/api/v1/assessment/key-matters', {
    schema: { tags, summary: 'Choose a key matter (name + catalog categories of any level)', body: S.KeyMatterBody, response: { 201: S.KeyMatter, ...problemResponses() } },
  }, async (req, reply) => reply.code(201).send(await f.saveKeyMatter(requireUser(req), req.body)));

  app.put('/api/v1/assessment/key-matters/:id', {
    schema: { tags, summary: 'Change or retire a key matter', params: S.IdParams, body: S.KeyMatterBody, response: { 200: S.KeyMatter, ...problemResponses() } },
  }, async (req) => f.saveKeyMatter(requireUser(req), { ...req.body, id: req.params.id }));

  app.get('/api/v1/assessment/key-matters/:id/rankings', {
    schema: { tags, summary: 'The ranking of one unit type on one key matter', params: S.IdParams, querystring: S.KeyMatterRankingQuery, response: { 200: S.KeyMatterRanking, ...problemResponses() } },
  }, async (req) => f.keyMatterRanking(requireUser(req), req.params.id, req.query.month, req.query.unitType));

  app.get('/api/v1/assessment/joint', {
    schema: { tags, summary: '部门+行业: departments scored together with the companies they regulate', querystring: S.MonthParams, response: { 200: S.JointRanking, ...problemResponses() } },
  }, async (req) => f.joint(requireUser(req), req.query.month));

  app.put('/api/v1/assessment/units/:unitId/regulator', {
    schema: { tags, summary: 'Set a company\'s industry regulator (a department), or null', params: S.UnitParams, body: S.RegulatorBody, response: { 200: S.RegulatorAnswer, ...problemResponses() } },
  }, async (req) => f.setRegulator(requireUser(req), req.params.unitId, req.body.regulatorId));
}
