// Session (sign in/out), the signed-in user, and user management (admin). Handlers translate HTTP only:
// the rules live in auth.service.ts, users.service.ts and throttle.ts.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser, SESSION_COOKIE, sessionKeyOf } from '../../http/auth';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import { hashPassword } from './password';
import type { Role } from './roles';
import type { AuthUser } from './users.repo';
import type { UserPatch } from './users.service';
import { Me, NewUserBody, OwnPasswordBody, PasswordResetAnswer, SignInAnswer, SignInBody, UserItem, UserListQuery, UserParams, UserPatchBody } from './users.schemas';

async function me(s: Services, u: AuthUser) {
  return {
    id: u.id, username: u.username, displayName: u.displayName, role: u.role, unit: { id: u.unitId, code: u.unitCode, name: u.unitName, type: u.unitType },
    isCenter: u.isCenter, demoUsersExist: await s.users.demoUsersExist(), mustChangePassword: u.mustChangePassword,
  };
}

export async function usersRoutes(app: FastifyInstance, s: Services) {
  app.post('/api/v1/session', {
    schema: {
      tags: ['session'], summary: 'Sign in',
      description: 'Failed sign-ins are throttled per (username, client address) and per client address: 429 too_many_attempts with Retry-After (seconds). With mustChangePassword the session may only set a new password (POST /me/password).',
      body: SignInBody, response: { 200: SignInAnswer, ...problemResponses() },
    },
  }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
    const { token, user, expiresAt } = await s.auth.login(username, password, req.ip);
    // Max-Age, not Expires: the browser's clock may differ from the server's (or a test's controlled one).
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure: s.config.cookieSecure, path: '/', maxAge: Math.max(0, Math.round((expiresAt.getTime() - s.clock.now().getTime()) / 1000)) });
    return { user: await me(s, user), mustChangePassword: user.mustChangePassword };
  });

  app.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Sign out (ends this session\'s live streams on every instance)', response: { 204: Type.Null(), ...problemResponses() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await s.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: s.config.cookieSecure });
    reply.code(204);
    return null;
  });

  app.get('/api/v1/me', { schema: { tags: ['session'], summary: 'The signed-in user', response: { 200: Me, ...problemResponses() } } }, async (req) => me(s, requireUser(req)));

  app.post('/api/v1/me/password', {
    schema: {
      tags: ['session'], summary: 'Change your own password',
      description: 'Ends your other sessions. A wrong current password counts as a failed sign-in (throttled like POST /session).',
      body: OwnPasswordBody, response: { 204: Type.Null(), ...problemResponses() },
    },
  }, async (req, reply) => {
    const u = requireUser(req);
    const b = req.body as { currentPassword: string; newPassword: string };
    await s.userAdmin.changeOwnPassword(u, sessionKeyOf(req)!, b.currentPassword, b.newPassword, req.ip);
    reply.code(204);
    return null;
  });

  app.get('/api/v1/users', { schema: { tags: ['users'], summary: 'Users (admin), optionally searched and filtered', querystring: UserListQuery, response: { 200: Type.Object({ items: Type.Array(UserItem) }), ...problemResponses() } } }, async (req) => {
    requireUser(req, 'admin');
    return { items: await s.users.list(req.query as { q?: string; role?: Role; unitId?: number; disabled?: boolean }) };
  });

  app.post('/api/v1/users', { schema: { tags: ['users'], summary: 'Create a user (admin)', body: NewUserBody, response: { 201: UserItem, ...problemResponses() } } }, async (req, reply) => {
    requireUser(req, 'admin');
    const b = req.body as { username: string; displayName: string; password: string; role: Role; unitId: number };
    if (!(await s.org.byId(b.unitId))) fail('unit_not_found', `unit ${b.unitId} does not exist`);
    const id = await s.users.insert({ ...b, passwordHash: await hashPassword(b.password), isDemo: false });
    if (!id) fail('username_taken', `the username "${b.username}" is already in use`);
    reply.code(201);
    return s.users.byId(id);
  });

  app.patch('/api/v1/users/:id', {
    schema: {
      tags: ['users'], summary: 'Edit a user: display name, role, unit, disabled (admin)',
      description: 'Disabling, or a new role or unit, ends the user\'s sessions and live streams at once on every instance. 409 last_admin when no active admin would remain.',
      params: UserParams, body: UserPatchBody, response: { 200: UserItem, ...problemResponses() },
    },
  }, async (req) => {
    const actor = requireUser(req, 'admin');
    return s.userAdmin.update(actor, (req.params as { id: number }).id, req.body as UserPatch);
  });

  app.post('/api/v1/users/:id/password', {
    schema: {
      tags: ['users'], summary: 'Reset a user\'s password (admin)',
      description: 'Sets a random temporary password (answered once) and ends the user\'s sessions; at the next sign-in they must set a new one.',
      params: UserParams, response: { 200: PasswordResetAnswer, ...problemResponses() },
    },
  }, async (req) => {
    const actor = requireUser(req, 'admin');
    return s.userAdmin.resetPassword(actor, (req.params as { id: number }).id);
  });
}
