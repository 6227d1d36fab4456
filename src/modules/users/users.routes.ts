import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser, SESSION_COOKIE } from '../../http/auth';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import { hashPassword } from './password';
import { ROLES, type Role } from './roles';
import type { AuthUser } from './users.repo';

const Me = Type.Object({
  id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String(),
  unit: Type.Object({ id: Type.Integer(), code: Type.String(), name: Type.String(), type: Type.String() }),
  isCenter: Type.Boolean(), demoUsersExist: Type.Boolean(),
});
const UserItem = Type.Object({ id: Type.Integer(), username: Type.String(), displayName: Type.String(), role: Type.String(), unitId: Type.Integer(), unitName: Type.String(), isDemo: Type.Boolean(), disabled: Type.Boolean() });

async function me(s: Services, u: AuthUser) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, unit: { id: u.unitId, code: u.unitCode, name: u.unitName, type: u.unitType }, isCenter: u.isCenter, demoUsersExist: await s.users.demoUsersExist() };
}

export async function usersRoutes(app: FastifyInstance, s: Services) {
  app.post('/api/v1/session', {
    schema: { tags: ['session'], summary: 'Sign in', body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 1, maxLength: 200 }) }), response: { 200: Type.Object({ user: Me }), ...problemResponses() } },
  }, async (req, reply) => {
    const { username, password } = req.body as { username: string; password: string };
    const { token, user, expiresAt } = await s.auth.login(username, password, req.ip);
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', expires: expiresAt });
    return { user: await me(s, user) };
  });

  app.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Sign out', response: { 204: Type.Null(), ...problemResponses() } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await s.auth.logout(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    reply.code(204);
    return null;
  });

  app.get('/api/v1/me', { schema: { tags: ['session'], summary: 'The signed-in user', response: { 200: Me, ...problemResponses() } } }, async (req) => me(s, requireUser(req)));

  app.get('/api/v1/users', { schema: { tags: ['users'], summary: 'Users (admin)', response: { 200: Type.Object({ items: Type.Array(UserItem) }), ...problemResponses() } } }, async (req) => {
    requireUser(req, 'admin');
    return { items: await s.users.list() };
  });

  app.post('/api/v1/users', {
    schema: {
      tags: ['users'], summary: 'Create a user (admin)',
      body: Type.Object({ username: Type.String({ minLength: 2, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' }), displayName: Type.String({ minLength: 1, maxLength: 100 }), password: Type.String({ minLength: 8, maxLength: 200 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))), unitId: Type.Integer({ minimum: 1, maximum: 2147483647 }) }),
      response: { 201: UserItem, ...problemResponses() },
    },
  }, async (req, reply) => {
    requireUser(req, 'admin');
    const b = req.body as { username: string; displayName: string; password: string; role: Role; unitId: number };
    if (!(await s.org.byId(b.unitId))) fail('unit_not_found', `unit ${b.unitId} does not exist`);
    const id = await s.users.insert({ ...b, passwordHash: await hashPassword(b.password), isDemo: false });
    if (!id) fail('username_taken', `the username "${b.username}" is already in use`);
    reply.code(201);
    return (await s.users.list()).find((u) => (u as { id: number }).id === id);
  });
}
