// 兜底单位 — admins set, per district (or for the centre), the unit an approved return goes to when the
// centre names no new owner (首办负责制, docs/RETURNS.md). Dispatchers read them to see where a return will go.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { listFallbacks, removeFallback, setFallback } from './return-fallback';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Fallback = Type.Object({ scopeUnitId: Type.Integer(), scopeUnitName: Type.String(), unitId: Type.Integer(), unitName: Type.String(), updatedAt: Type.String() });
const ScopeP = Type.Object({ scopeUnitId: Id });

export async function returnFallbackRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/return-fallbacks', {
    schema: { tags: ['orders'], summary: 'Fallback units (兜底单位) for approved returns that name no new owner', response: { 200: Type.Object({ items: Type.Array(Fallback) }), ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin', 'dispatcher', 'supervisor', 'operator');
    return { items: await listFallbacks(s.db) };
  });

  app.put('/api/v1/return-fallbacks/:scopeUnitId', {
    schema: { tags: ['orders'], summary: 'Set the fallback unit of a district or of the centre (admin)', params: ScopeP, body: Type.Object({ unitId: Id }), response: { 200: Fallback, ...problemResponses() } },
  }, async (req) => {
    const u = requireUser(req, 'admin');
    const { scopeUnitId } = req.params as { scopeUnitId: number };
    return s.db.tx((q) => setFallback(q, scopeUnitId, (req.body as { unitId: number }).unitId, u.id, s.clock.now()));
  });

  app.delete('/api/v1/return-fallbacks/:scopeUnitId', {
    schema: { tags: ['orders'], summary: 'Remove a fallback unit (admin); returns then must name their new owner', params: ScopeP, response: { 204: Type.Null(), ...problemResponses() } },
  }, async (req, reply) => {
    requireUser(req, 'admin');
    await removeFallback(s.db, (req.params as { scopeUnitId: number }).scopeUnitId);
    return reply.code(204).send();
  });
}
