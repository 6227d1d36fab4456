import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { warningSql } from '../orders/orders.view';
import { CLOCKED_SQL } from '../orders/lifecycle';

export async function supervisionRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/supervision/overview', {
    schema: {
      tags: ['supervision'], summary: 'Yellow, red and supervised open orders per main unit',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), open: Type.Integer(), yellow: Type.Integer(), red: Type.Integer(), overdue: Type.Integer(), supervised: Type.Integer() })) }), ...problemResponses() },
    },
  }, async (req) => {
    const user = requireUser(req, 'supervisor', 'admin', 'leader', 'dispatcher', 'unit_leader');
    const params: unknown[] = [s.clock.now()];
    let scope = '';
    if (!user.isCenter) {
      params.push(user.unitPath);
      scope = `and u.path like $2 || '%'`;
    }
    const { rows } = await s.db.query<{ unitId: number; unitName: string; open: number; yellow: number; red: number; overdue: number; supervised: number }>(
      `select u.id as "unitId", u.name as "unitName", count(*)::int as open,
         count(*) filter (where w = 'yellow')::int as yellow, count(*) filter (where w = 'red')::int as red,
         count(*) filter (where o.resolve_due_at < $1)::int as overdue, count(*) filter (where o.supervised)::int as supervised
       from (select o.*, ${warningSql(1)} as w from orders o where ${CLOCKED_SQL}) o
       join units u on u.id = o.main_unit_id where true ${scope}
       group by u.id, u.name order by red desc, yellow desc, open desc`,
      params,
    );
    return { items: rows };
  });
}
