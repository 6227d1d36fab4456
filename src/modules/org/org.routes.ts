import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';

const UnitItem = Type.Object({
  id: Type.Integer(), code: Type.String(), name: Type.String(), aliases: Type.Array(Type.String()), type: Type.String(),
  parentId: Type.Union([Type.Integer(), Type.Null()]), path: Type.String(), contact: Type.Object({}, { additionalProperties: true }), hasGeometry: Type.Boolean(),
  serves: Type.Optional(Type.Array(Type.Integer(), { description: 'a property company 物业: the communities it serves (双派)' })),
});

export async function orgRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/units', { schema: { tags: ['organisation'], summary: 'The unit tree (flat, ordered by path)', response: { 200: Type.Object({ items: Type.Array(UnitItem) }), ...problemResponses() } } }, async (req) => {
    requireUser(req);
    const units = await s.org.all();
    const { rows } = await s.db.query<{ p: number; c: number }>('select property_unit_id as p, community_unit_id as c from property_communities order by 1, 2');
    const serves = new Map<number, number[]>();
    for (const r of rows) serves.set(r.p, [...(serves.get(r.p) ?? []), r.c]);
    return { items: units.map(({ geojson, ...u }) => ({ ...u, hasGeometry: geojson !== null, ...(u.type === 'property' ? { serves: serves.get(u.id) ?? [] } : {}) })) };
  });
}
