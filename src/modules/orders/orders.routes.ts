// HTTP edge of orders: translates requests into service calls, nothing more.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import { ACTIONS, type Action } from './lifecycle';
import { ACTION_BODIES, CreateOrderBody, IdParams, ListQuery, OrderDetail, OrderList } from './orders.schemas';

const split = (v?: string) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

export async function ordersRoutes(app: FastifyInstance, s: Services) {
  app.post('/api/v1/orders', {
    schema: { tags: ['orders'], summary: 'Register an order (受理)', body: CreateOrderBody, response: { 201: OrderDetail, ...problemResponses() } },
  }, async (req, reply) => {
    const user = requireUser(req, 'operator', 'dispatcher', 'admin', 'grid_worker');
    reply.code(201);
    return s.orders.create(user, req.body as never);
  });

  app.get('/api/v1/orders', {
    schema: { tags: ['orders'], summary: 'List orders in your scope', querystring: ListQuery, response: { 200: OrderList, ...problemResponses() } },
  }, async (req) => {
    const user = requireUser(req);
    const q = req.query as Record<string, never> & { status?: string; warning?: string };
    return s.orders.list(user, { ...q, status: split(q.status), warning: split(q.warning) });
  });

  app.get('/api/v1/orders/:id', {
    schema: { tags: ['orders'], summary: 'One order with events, assignments, deadlines', params: IdParams, response: { 200: OrderDetail, ...problemResponses() } },
  }, async (req) => s.orders.detail(requireUser(req), (req.params as { id: number }).id));

  app.post('/api/v1/orders/:id/reveal-phone', {
    schema: { tags: ['orders'], summary: 'Reveal the requester phone (audited)', params: IdParams, response: { 200: Type.Object({ phone: Type.Union([Type.String(), Type.Null()]) }), ...problemResponses() } },
  }, async (req) => s.orders.revealPhone(requireUser(req), (req.params as { id: number }).id));

  for (const action of ACTIONS) {
    app.post(`/api/v1/orders/:id/${action}`, {
      schema: { tags: ['order actions'], summary: `Action: ${action}`, params: IdParams, body: ACTION_BODIES[action], response: { 200: OrderDetail, ...problemResponses() } },
    }, async (req) => s.orders.act(requireUser(req), (req.params as { id: number }).id, action as Action, req.body as never));
  }
}
