// HTTP edge of grid self-handling 自行处置 (docs/GRID.md): report with a before photo, handle with an after photo,
// verify / refuse (another grid worker of the grid, or community staff), escalate into an order; monthly statistics.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { ATTACHMENT_CSP } from '../../http/security';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { MONTH_PATTERN } from '../assessment/month';
import { Location } from '../orders/orders.schemas';
import { Photos } from '../portal/portal.schemas';
import { ISSUE_ACTIONS, ISSUE_STATES, type IssueAction, type IssueState, type ReportInput } from './selfhandle';

const tags = ['grid'];
const NStr = Type.Union([Type.String(), Type.Null()]);
const NInt = Type.Union([Type.Integer(), Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Photo = Type.Object({ id: Type.String(), stage: Type.String(), filename: Type.String() });

export const GridIssue = Type.Object({
  id: Type.Integer(), reporterId: Type.Integer(), reporterName: Type.String(), unitId: Type.Integer(), unitName: Type.String(), title: Type.String(), description: Type.String(),
  address: Type.String(), location: Type.Union([Type.Object({ lat: Type.Number(), lng: Type.Number() }), Type.Null()]), status: Type.String(), handledNote: NStr,
  verifierId: NInt, verifierName: NStr, orderId: NInt, orderNumber: NStr, version: Type.Integer(), createdAt: Type.String(), handledAt: NStr, endedAt: NStr,
  photos: Type.Array(Photo), allowedActions: Type.Array(Type.String()),
});
const GridIssueDetail = Type.Intersect([GridIssue, Type.Object({ history: Type.Array(Type.Object({ type: Type.String(), actorName: NStr, at: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()) })) })]);

export async function selfHandleRoutes(app: FastifyInstance, s: Services) {
  const bodyLimit = 4 * 6 * 1024 * 1024;
  app.post('/api/v1/grid/issues', {
    bodyLimit,
    schema: {
      tags, summary: 'Self-handle a small patrol finding 自行处置: report it with a before photo (grid workers)',
      body: Type.Object({
        title: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 4000 })), address: Type.Optional(Type.String({ maxLength: 300 })),
        location: Type.Optional(Type.Union([Location, Type.Null()])), photos: Photos,
      }),
      response: { 201: GridIssueDetail, ...problemResponses(413, 415) },
    },
  }, async (req, reply) => {
    const out = await s.selfHandle.report(requireUser(req, 'grid_worker'), req.body as ReportInput);
    reply.code(201);
    return out;
  });

  app.get('/api/v1/grid/issues', {
    schema: {
      tags, summary: 'Self-handled issues in your scope (a grid worker: its grid; a unit: its subtree); toAct=true: only those you may act on',
      querystring: Type.Object({ status: Type.Optional(Type.Union(ISSUE_STATES.map((x) => Type.Literal(x)))), toAct: Type.Optional(Type.Boolean()) }),
      response: { 200: Type.Object({ items: Type.Array(GridIssue) }), ...problemResponses() },
    },
  }, async (req) => {
    const q = req.query as { status?: IssueState; toAct?: boolean };
    return s.selfHandle.list(requireUser(req), { status: q.status, mine: q.toAct });
  });

  app.get('/api/v1/grid/issues/stats', {
    schema: {
      tags, summary: 'Self-handling statistics per grid / community for a month: issues, closed, escalated, waiting, median verification minutes, self-handled share',
      querystring: Type.Object({ month: Type.String({ pattern: MONTH_PATTERN }) }),
      response: {
        200: Type.Object({ month: Type.String(), items: Type.Array(Type.Object({
          unitId: Type.Integer(), unitName: Type.String(), issues: Type.Integer(), closed: Type.Integer(), escalated: Type.Integer(), waiting: Type.Integer(),
          verifyMinutes: NInt, patrolReports: Type.Integer(), selfHandledShare: Type.Union([Type.Number(), Type.Null()]),
        })) }),
        ...problemResponses(),
      },
    },
  }, async (req) => s.selfHandle.stats(requireUser(req), (req.query as { month: string }).month));

  app.get('/api/v1/grid/issues/:id', {
    schema: { tags, summary: 'One self-handled issue with its photos, history and the actions you may take', params: Type.Object({ id: Id }), response: { 200: GridIssueDetail, ...problemResponses() } },
  }, async (req) => s.selfHandle.detail(requireUser(req), (req.params as { id: number }).id));

  app.get('/api/v1/grid/issues/:id/photos/:photoId', {
    schema: { tags, summary: 'A before / after photo of a self-handled issue', params: Type.Object({ id: Id, photoId: Type.String({ format: 'uuid' }) }) },
  }, async (req, reply) => {
    const p = req.params as { id: number; photoId: string };
    const f = await s.selfHandle.photo(requireUser(req), p.id, p.photoId);
    return reply.type(f.mime).header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(f.filename)}`)
      .header('x-content-type-options', 'nosniff').header('content-security-policy', ATTACHMENT_CSP).send(f.data);
  });

  app.post('/api/v1/grid/issues/:id/:action', {
    bodyLimit,
    schema: {
      tags, summary: 'handle (after photo, the reporter) · verify / refuse (another grid worker of the grid or community staff; refuse → order) · escalate (→ order)',
      params: Type.Object({ id: Id, action: Type.Union(ISSUE_ACTIONS.map((x) => Type.Literal(x))) }),
      body: Type.Object({
        version: Type.Integer({ minimum: 1, maximum: 2147483647 }), note: Type.Optional(Type.String({ maxLength: 1000 })), reason: Type.Optional(Type.String({ maxLength: 1000 })),
        photos: Type.Optional(Photos),
      }),
      response: { 200: GridIssueDetail, ...problemResponses(413, 415) },
    },
  }, async (req) => {
    const p = req.params as { id: number; action: IssueAction };
    return s.selfHandle.act(requireUser(req), p.id, p.action, req.body as { version: number });
  });
}
