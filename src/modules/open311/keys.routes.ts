// Admin routes for Open311 API keys: issue (the key is shown once), list, revoke.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { keysRepo, type ApiKey } from './keys';

const Key = Type.Object({
  id: Type.Integer(), name: Type.String(), prefix: Type.String({ description: 'the first characters of the key, to recognise it' }),
  createdAt: Type.String(), revokedAt: Type.Union([Type.String(), Type.Null()]), lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
const view = (k: ApiKey) => ({ id: k.id, name: k.name, prefix: k.prefix, createdAt: k.createdAt.toISOString(), revokedAt: k.revokedAt?.toISOString() ?? null, lastUsedAt: k.lastUsedAt?.toISOString() ?? null });

export async function open311KeysRoutes(app: FastifyInstance, s: Services) {
  const keys = keysRepo(s.db);
  const tags = ['open311'];
  app.post('/api/v1/open311/keys', {
    schema: {
      tags, summary: 'Issue an Open311 API key for a client application (admin); the key is shown only in this answer',
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
      response: { 201: Type.Object({ id: Type.Integer(), name: Type.String(), key: Type.String() }), ...problemResponses() },
    },
  }, async (req, reply) => {
    const u = requireUser(req, 'admin');
    const k = await keys.issue((req.body as { name: string }).name, u.id, s.clock.now());
    return reply.code(201).send({ id: k.id, name: k.name, key: k.key });
  });

  app.get('/api/v1/open311/keys', {
    schema: { tags, summary: 'Open311 API keys (admin); never the keys themselves', response: { 200: Type.Object({ items: Type.Array(Key) }), ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin');
    return { items: (await keys.list()).map(view) };
  });

  app.delete('/api/v1/open311/keys/:id', {
    schema: { tags, summary: 'Revoke an Open311 API key (admin); at once on every instance', params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) }), response: { 204: Type.Null(), ...problemResponses() } },
  }, async (req, reply) => {
    requireUser(req, 'admin');
    await keys.revoke((req.params as { id: number }).id, s.clock.now());
    return reply.code(204).send();
  });
}
