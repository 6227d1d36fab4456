// HTTP edge of micro-projects 微实事 and residents' meetings 居民恳谈日 (docs/MICROPROJECTS.md): console routes for
// community staff, public portal routes (results, proposals, one vote per verified phone).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { Code, Phone } from '../portal/portal.schemas';
import { STAFF_READ, STAFF_WRITE } from '../volunteers/volunteers.service';
import { PROJECT_ACTIONS, PROJECT_SOURCES, PROJECT_STATES, type MeetingInput, type ProjectAction, type ProjectState, type ProposalInput } from './projects.service';

const tags = ['projects'];
const security: never[] = [];
const NStr = Type.Union([Type.String(), Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Budget = Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'budget in yuan' });

const MeetingRef = Type.Object({ id: Type.Integer(), heldOn: Type.String(), place: Type.String(), attendees: Type.Integer(), decisions: Type.Array(Type.String()) });
const PublicProject = Type.Object({
  id: Type.Integer(), communityName: Type.String(), title: Type.String(), description: Type.String(), budget: Type.Integer(), source: Type.String(), status: Type.String(),
  votes: Type.Integer(), voteEndsAt: NStr, votingOpen: Type.Boolean(), result: NStr, meetings: Type.Array(MeetingRef), updatedAt: Type.String(),
});
const StaffProject = Type.Intersect([PublicProject, Type.Object({
  communityId: Type.Integer(), hotspotId: NStr, hotspotLabel: NStr, proposerName: NStr, fromPortal: Type.Boolean(), version: Type.Integer(), createdAt: Type.String(), allowedActions: Type.Array(Type.String()),
})]);
const StaffProjectDetail = Type.Intersect([StaffProject, Type.Object({ history: Type.Array(Type.Object({ type: Type.String(), actorName: NStr, at: Type.String(), payload: Type.Record(Type.String(), Type.Unknown()) })) })]);
const Meeting = Type.Object({
  id: Type.Integer(), communityId: Type.Integer(), communityName: Type.String(), heldOn: Type.String(), place: Type.String(), attendees: Type.Integer(), topics: Type.Array(Type.String()),
  decisions: Type.Array(Type.String()), projectIds: Type.Array(Type.Integer()), orderIds: Type.Array(Type.Integer()), createdAt: Type.String(),
});

export async function projectsRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/projects', {
    schema: { tags, summary: 'Micro-projects 微实事 of the communities in your unit', querystring: Type.Object({ status: Type.Optional(Type.Union(PROJECT_STATES.map((x) => Type.Literal(x)))) }), response: { 200: Type.Object({ items: Type.Array(StaffProject) }), ...problemResponses() } },
  }, async (req) => s.projects.list(requireUser(req, ...STAFF_READ), req.query as { status?: ProjectState }));

  app.post('/api/v1/projects', {
    schema: {
      tags, summary: 'Record a proposal (from a resident, a meeting or a hotspot) with a budget',
      body: Type.Object({
        communityId: Id, title: Str(100, 2), description: Type.Optional(Str(2000)), budget: Budget, source: Type.Union(PROJECT_SOURCES.map((x) => Type.Literal(x))),
        hotspotId: Type.Optional(Str(100, 1)), meetingId: Type.Optional(Id), proposerName: Type.Optional(Str(50)),
      }),
      response: { 201: StaffProjectDetail, ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.projects.propose(requireUser(req, ...STAFF_WRITE), req.body as ProposalInput);
    reply.code(201);
    return out;
  });

  app.get('/api/v1/projects/:id', {
    schema: { tags, summary: 'One micro-project with its history', params: Type.Object({ id: Id }), response: { 200: StaffProjectDetail, ...problemResponses() } },
  }, async (req) => s.projects.get(requireUser(req, ...STAFF_READ), (req.params as { id: number }).id));

  app.post('/api/v1/projects/:id/:action', {
    schema: {
      tags, summary: 'open-voting (voteEndsAt) · approve (after the vote) · reject · start · finish (result, published on the portal)',
      params: Type.Object({ id: Id, action: Type.Union(PROJECT_ACTIONS.map((x) => Type.Literal(x))) }),
      body: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2147483647 }), voteEndsAt: Type.Optional(Str(40)), result: Type.Optional(Str(2000)), note: Type.Optional(Str(500)) }),
      response: { 200: StaffProjectDetail, ...problemResponses() },
    },
  }, async (req) => {
    const p = req.params as { id: number; action: ProjectAction };
    return s.projects.act(requireUser(req, ...STAFF_WRITE), p.id, p.action, req.body as { version: number });
  });

  app.get('/api/v1/meetings', {
    schema: { tags, summary: 'Residents\' meetings 居民恳谈日 of the communities in your unit', response: { 200: Type.Object({ items: Type.Array(Meeting) }), ...problemResponses() } },
  }, async (req) => s.projects.meetings(requireUser(req, ...STAFF_READ)));

  app.post('/api/v1/meetings', {
    schema: {
      tags, summary: 'Record a residents\' meeting 恳谈日: date, place, attendees, topics, decisions; linked proposals and orders',
      body: Type.Object({
        communityId: Id, heldOn: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), place: Str(200, 1), attendees: Type.Integer({ minimum: 0, maximum: 100000 }),
        topics: Type.Array(Str(300, 1), { maxItems: 30 }), decisions: Type.Array(Str(500, 1), { maxItems: 30 }),
        projectIds: Type.Optional(Type.Array(Id, { maxItems: 30 })), orderIds: Type.Optional(Type.Array(Id, { maxItems: 30 })),
      }),
      response: { 201: Meeting, ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.projects.addMeeting(requireUser(req, ...STAFF_WRITE), req.body as MeetingInput);
    reply.code(201);
    return out;
  });

  // ---- portal ----
  app.get('/api/v1/portal/projects', {
    schema: { tags, security, summary: 'Micro-projects put to the vote and their results (public)', response: { 200: Type.Object({ items: Type.Array(PublicProject) }), ...problemResponses() } },
  }, async () => s.projects.publicList());

  app.get('/api/v1/portal/projects/:id', {
    schema: { tags, security, summary: 'One public micro-project', params: Type.Object({ id: Id }), response: { 200: PublicProject, ...problemResponses() } },
  }, async (req) => s.projects.publicGet((req.params as { id: number }).id));

  app.post('/api/v1/portal/projects', {
    schema: {
      tags, security, summary: 'A resident proposes a micro-project (one-time code, purpose need)',
      body: Type.Object({ communityId: Id, title: Str(100, 2), description: Type.Optional(Str(2000)), budget: Budget, name: Type.Optional(Str(50)), phone: Phone, code: Code }),
      response: { 201: Type.Object({ id: Type.Integer(), status: Type.String() }), ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.projects.proposeByResident(req.body as { communityId: number; title: string; budget: number; phone: string; code: string }, req.ip);
    reply.code(201);
    return out;
  });

  app.post('/api/v1/portal/projects/:id/vote', {
    schema: {
      tags, security, summary: 'Vote for a project (one vote per verified phone per project; one-time code, purpose vote)',
      params: Type.Object({ id: Id }), body: Type.Object({ phone: Phone, code: Code }),
      response: { 200: Type.Object({ projectId: Type.Integer(), votes: Type.Integer() }), ...problemResponses() },
    },
  }, async (req) => s.projects.vote((req.params as { id: number }).id, req.body as { phone: string; code: string }));
}
