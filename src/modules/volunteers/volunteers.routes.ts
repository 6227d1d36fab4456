// HTTP edge of volunteers 群众点单、社区派单、党员接单 (docs/VOLUNTEERS.md): console routes for community staff, portal
// routes for residents (needs, confirmation) and volunteers (token from a one-time code; tasks only), the public board.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { Code, Phone, Photos } from '../portal/portal.schemas';
import { STAFF_READ, STAFF_WRITE, TASK_KINDS, TASK_STATES, type NeedInput, type TaskAction, type TaskState } from './volunteers.service';

const tags = ['volunteers'];
const security: never[] = [];
const NStr = Type.Union([Type.String(), Type.Null()]);
const NInt = Type.Union([Type.Integer(), Type.Null()]);
const NNum = Type.Union([Type.Number(), Type.Null()]);
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Version = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Kind = Type.Union(TASK_KINDS.map((k) => Type.Literal(k)));
const Str = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });

const Volunteer = Type.Object({
  id: Type.Integer(), communityId: Type.Integer(), communityName: Type.String(), name: Type.String(), phone: Type.String(), partyMember: Type.Boolean(), skills: Type.String(),
  active: Type.Boolean(), hours: Type.Number(), tasks: Type.Integer(), createdAt: Type.String(),
});
const StaffTask = Type.Object({
  id: Type.Integer(), communityId: Type.Integer(), communityName: Type.String(), kind: Type.String(), title: Type.String(), description: Type.String(), address: Type.String(),
  requesterName: NStr, requesterPhone: NStr, fromPortal: Type.Boolean(), postedBy: NInt, postedByName: NStr, status: Type.String(), volunteerId: NInt, volunteerName: NStr,
  volunteerParty: Type.Union([Type.Boolean(), Type.Null()]), note: NStr, hours: NNum, photoId: NStr, version: Type.Integer(), createdAt: Type.String(), publishedAt: NStr,
  claimedAt: NStr, completedAt: NStr, confirmedAt: NStr, allowedActions: Type.Array(Type.String()),
});
const VolunteerTask = Type.Object({
  id: Type.Integer(), communityName: Type.String(), kind: Type.String(), title: Type.String(), description: Type.String(), address: Type.String(), status: Type.String(),
  version: Type.Integer(), requesterName: NStr, mine: Type.Boolean(), note: NStr, hours: NNum, publishedAt: NStr, claimedAt: NStr, completedAt: NStr, confirmedAt: NStr,
  allowedActions: Type.Array(Type.String()),
});
const NeedFields = {
  communityId: Id, kind: Kind, title: Str(100, 2), description: Type.Optional(Str(1000)), address: Type.Optional(Str(300)), requesterName: Type.Optional(Str(50)),
};

const tokenOf = (req: FastifyRequest) => {
  const h = req.headers['x-volunteer-token'];
  return typeof h === 'string' ? h : undefined;
};

export async function volunteersRoutes(app: FastifyInstance, s: Services) {
  // ---- console ----
  app.get('/api/v1/volunteers', {
    schema: { tags, summary: 'Registered volunteers of the communities in your unit (phones masked), with confirmed hours', response: { 200: Type.Object({ items: Type.Array(Volunteer) }), ...problemResponses() } },
  }, async (req) => s.volunteers.listVolunteers(requireUser(req, ...STAFF_READ)));

  app.post('/api/v1/volunteers', {
    schema: {
      tags, summary: 'Register a volunteer (a person of a community; party members flagged)',
      body: Type.Object({ communityId: Id, name: Str(50, 1), phone: Phone, partyMember: Type.Optional(Type.Boolean()), skills: Type.Optional(Str(200)) }),
      response: { 201: Volunteer, ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.volunteers.addVolunteer(requireUser(req, ...STAFF_WRITE), req.body as { communityId: number; name: string; phone: string });
    reply.code(201);
    return out;
  });

  app.get('/api/v1/volunteer-tasks', {
    schema: {
      tags, summary: 'Needs and tasks of the communities in your unit',
      querystring: Type.Object({ status: Type.Optional(Type.Union(TASK_STATES.map((x) => Type.Literal(x)))) }),
      response: { 200: Type.Object({ items: Type.Array(StaffTask) }), ...problemResponses() },
    },
  }, async (req) => s.volunteers.listTasks(requireUser(req, ...STAFF_READ), req.query as { status?: TaskState }));

  app.post('/api/v1/volunteer-tasks', {
    schema: {
      tags, summary: 'Post a need 群众点单 on behalf of a resident (status posted)',
      body: Type.Object({ ...NeedFields, requesterPhone: Type.Optional(Phone) }),
      response: { 201: StaffTask, ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.volunteers.postByStaff(requireUser(req, ...STAFF_WRITE), req.body as NeedInput);
    reply.code(201);
    return out;
  });

  app.post('/api/v1/volunteer-tasks/:id/:action', {
    schema: {
      tags, summary: 'publish 社区派单 · cancel · confirm (for a need staff posted) a task',
      params: Type.Object({ id: Id, action: Type.Union([Type.Literal('publish'), Type.Literal('cancel'), Type.Literal('confirm')]) }),
      body: Type.Object({ version: Version, note: Type.Optional(Str(500)) }),
      response: { 200: StaffTask, ...problemResponses() },
    },
  }, async (req) => {
    const p = req.params as { id: number; action: TaskAction };
    return s.volunteers.staffAct(requireUser(req, ...STAFF_WRITE), p.id, p.action, req.body as { version: number });
  });

  // ---- portal ----
  app.get('/api/v1/portal/volunteer/board', {
    schema: {
      tags, security, summary: 'Public volunteer board 志愿服务榜 per community: volunteers, party members, open and done tasks, hours (no personal data)',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ communityId: Type.Integer(), communityName: Type.String(), volunteers: Type.Integer(), partyMembers: Type.Integer(), open: Type.Integer(), done: Type.Integer(), hours: Type.Number(), partyHours: Type.Number() })) }), ...problemResponses() },
    },
  }, async () => s.volunteers.board());

  app.get('/api/v1/portal/communities', {
    schema: { tags, security, summary: 'Communities a resident may post a need or a proposal to', response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String() })) }), ...problemResponses() } },
  }, async () => s.volunteers.communities());

  app.post('/api/v1/portal/needs', {
    schema: {
      tags, security, summary: 'A resident posts a need 群众点单 (one-time code, purpose need)',
      body: Type.Object({ ...NeedFields, phone: Phone, code: Code }),
      response: { 201: Type.Object({ id: Type.Integer(), status: Type.String(), communityName: Type.String(), createdAt: Type.String() }), ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.volunteers.postByResident(req.body as NeedInput & { phone: string; code: string }, req.ip);
    reply.code(201);
    return out;
  });

  app.post('/api/v1/portal/needs/confirm', {
    schema: {
      tags, security, summary: 'The requester confirms a completed task (same phone, one-time code purpose need); the hours count',
      body: Type.Object({ taskId: Id, phone: Phone, code: Code }),
      response: { 200: Type.Object({ id: Type.Integer(), status: Type.String(), volunteerName: NStr, hours: NNum, confirmedAt: NStr }), ...problemResponses() },
    },
  }, async (req) => s.volunteers.confirmByResident(req.body as { taskId: number; phone: string; code: string }));

  app.post('/api/v1/portal/volunteer/session', {
    schema: {
      tags, security, summary: 'A registered volunteer signs in with a one-time code (purpose volunteer): a token for X-Volunteer-Token (tasks only)',
      body: Type.Object({ phone: Phone, code: Code }),
      response: { 201: Type.Object({ token: Type.String(), expiresAt: Type.String(), name: Type.String(), partyMember: Type.Boolean() }), ...problemResponses() },
    },
  }, async (req, reply) => {
    const out = await s.volunteers.signIn(req.body as { phone: string; code: string });
    reply.code(201);
    return out;
  });

  app.get('/api/v1/portal/volunteer/tasks', {
    schema: {
      tags, security, summary: 'A volunteer\'s tasks (X-Volunteer-Token): published tasks of the community and their own',
      headers: Type.Object({ 'x-volunteer-token': Type.Optional(Type.String({ maxLength: 200 })) }),
      response: { 200: Type.Object({ volunteer: Type.Object({ name: Type.String(), partyMember: Type.Boolean(), hours: Type.Number() }), items: Type.Array(VolunteerTask) }), ...problemResponses() },
    },
  }, async (req) => s.volunteers.volunteerTasks(tokenOf(req)));

  app.post('/api/v1/portal/volunteer/tasks/:id/:action', {
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags, security, summary: 'claim 接单 · complete (note, hours, optional photo) a task (X-Volunteer-Token)',
      headers: Type.Object({ 'x-volunteer-token': Type.Optional(Type.String({ maxLength: 200 })) }),
      params: Type.Object({ id: Id, action: Type.Union([Type.Literal('claim'), Type.Literal('complete')]) }),
      body: Type.Object({ version: Version, note: Type.Optional(Str(1000)), hours: Type.Optional(Type.Number({ minimum: 0.5, maximum: 24, multipleOf: 0.5 })), photos: Type.Optional(Photos) }),
      response: { 200: VolunteerTask, ...problemResponses(413, 415) },
    },
  }, async (req) => {
    const p = req.params as { id: number; action: 'claim' | 'complete' };
    return s.volunteers.volunteerAct(tokenOf(req), p.id, p.action, req.body as { version: number });
  });
}
