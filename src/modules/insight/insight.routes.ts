// HTTP edge of proactive governance 主动治理: hotspots, early warnings (and topics, tasks).
import type { FastifyInstance } from 'fastify';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import type { HotspotQuery as HQ } from './hotspots.view';
import type { WarningQuery as WQ } from './warnings.view';
import type { NewTopic } from './topics';
import type { NewTask, TaskQuery } from './tasks';
import * as S from './insight.schemas';

const tags = ['insight'];

export async function insightRoutes(app: FastifyInstance, s: Services) {
  const i = s.insight;

  app.get('/api/v1/insight/hotspots', {
    schema: { tags, summary: 'Hotspots 热点: clusters of similar orders in the same place (a standard window, or any from–to)', querystring: S.HotspotQuery, response: { 200: S.HotspotList, ...problemResponses() } },
  }, async (req) => i.hotspots(requireUser(req), req.query as HQ));

  app.post('/api/v1/insight/hotspots/refresh', {
    schema: { tags, summary: 'Recompute the stored hotspots now (supervisor)', response: { 200: S.HotspotRefresh, ...problemResponses() } },
  }, async (req) => i.refreshHotspots(requireUser(req)));

  app.get('/api/v1/insight/warnings', {
    schema: { tags, summary: 'Early warnings 预警 (spikes, repeat callers and addresses, seasonal); a unit sees its subtree\'s', querystring: S.WarningQuery, response: { 200: S.WarningList, ...problemResponses() } },
  }, async (req) => i.warnings(requireUser(req), req.query as WQ));

  app.post('/api/v1/insight/warnings/:id/state', {
    schema: { tags, summary: 'Mark a warning seen or acted on (states only move forward)', params: S.WarningParams, body: S.WarningStateBody, response: { 200: S.Warning, ...problemResponses() } },
  }, async (req) => {
    const b = req.body as { state: 'seen' | 'acted'; note?: string };
    return i.setWarningState(requireUser(req), (req.params as { id: number }).id, b.state, b.note ?? null);
  });

  app.post('/api/v1/insight/warnings/scan', {
    schema: { tags, summary: 'Scan for new warnings now (supervisor)', response: { 200: S.WarningScan, ...problemResponses() } },
  }, async (req) => i.scanWarnings(requireUser(req)));

  app.get('/api/v1/insight/seasonal', {
    schema: { tags, summary: 'Seasonal calendar: categories that rose in this calendar month in past years', querystring: S.SeasonalQuery, response: { 200: S.Seasonal, ...problemResponses() } },
  }, async (req) => i.seasonal(requireUser(req), (req.query as { month?: string }).month));

  type IdP = { id: number };
  app.get('/api/v1/insight/topics/candidates', {
    schema: { tags, summary: '每月一题 candidates: 30-day hotspots ranked by frequency × units involved × low resolution', response: { 200: S.CandidateList, ...problemResponses() } },
  }, async (req) => i.candidates(requireUser(req)));

  app.post('/api/v1/insight/topics', {
    schema: { tags, summary: 'Adopt a 每月一题 topic (supervisor)', body: S.TopicBody, response: { 201: S.Topic, ...problemResponses() } },
  }, async (req, reply) => reply.code(201).send({ ...(await i.createTopic(requireUser(req), req.body as NewTopic)), tasks: [] }));

  app.get('/api/v1/insight/topics', {
    schema: { tags, summary: 'Topics (all for the centre and supervisors; a unit\'s own as lead or co-unit)', response: { 200: S.TopicList, ...problemResponses() } },
  }, async (req) => i.topics(requireUser(req)));

  app.get('/api/v1/insight/topics/:id', {
    schema: { tags, summary: 'A topic\'s page: its orders, the task force\'s actions, tasks, and month by month against its baseline', params: S.IdParams, response: { 200: S.Topic, ...problemResponses() } },
  }, async (req) => i.topic(requireUser(req), (req.params as IdP).id));

  app.post('/api/v1/insight/topics/:id/actions', {
    schema: { tags, summary: 'Record an action of the task force 专班', params: S.IdParams, body: S.ActionBody, response: { 200: S.Topic, ...problemResponses() } },
  }, async (req) => i.addTopicAction(requireUser(req), (req.params as IdP).id, (req.body as { text: string }).text));

  app.post('/api/v1/insight/topics/:id/close', {
    schema: { tags, summary: 'Close a topic (supervisor)', params: S.IdParams, response: { 200: S.Topic, ...problemResponses() } },
  }, async (req) => i.closeTopic(requireUser(req), (req.params as IdP).id));

  app.post('/api/v1/insight/tasks', {
    schema: { tags, summary: 'Schedule a 未诉先办 task (supervisor)', body: S.TaskBody, response: { 201: S.Task, ...problemResponses() } },
  }, async (req, reply) => reply.code(201).send(await i.createTask(requireUser(req), req.body as NewTask)));

  app.get('/api/v1/insight/tasks', {
    schema: { tags, summary: '未诉先办 tasks in your scope (by unit, status, topic or warning)', querystring: S.TaskQuery, response: { 200: S.TaskList, ...problemResponses() } },
  }, async (req) => i.tasks(requireUser(req), req.query as TaskQuery));

  app.post('/api/v1/insight/tasks/:id/done', {
    schema: { tags, summary: 'Mark a task done (its unit or a supervisor)', params: S.IdParams, body: S.DoneBody, response: { 200: S.Task, ...problemResponses() } },
  }, async (req) => i.taskDone(requireUser(req), (req.params as IdP).id, (req.body as { note?: string }).note ?? null));
}
