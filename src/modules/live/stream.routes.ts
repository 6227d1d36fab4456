// Server-sent events: every instance LISTENs on the orders channel and forwards each change to its
// connected users whose scope covers one of the order's units (the centre gets all).
import type { FastifyInstance } from 'fastify';
import { requireUser } from '../../http/auth';
import { ORDER_CHANNEL, type Services } from '../../services';
import type { OrderChange } from '../orders/orders.service';
import type { AuthUser } from '../users/users.repo';

export async function streamRoutes(app: FastifyInstance, s: Services) {
  const clients = new Set<{ user: AuthUser; write: (chunk: string) => void }>();
  let unlisten: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    unlisten = await s.db.listen(ORDER_CHANNEL, (payload) => {
      let c: OrderChange;
      try {
        c = JSON.parse(payload);
      } catch {
        return;
      }
      const msg = `event: order\ndata: ${JSON.stringify({ id: c.id, number: c.number, status: c.status })}\n\n`;
      for (const cl of clients) if (cl.user.isCenter || c.unitPaths.some((p) => p.startsWith(cl.user.unitPath))) cl.write(msg);
    });
  });
  app.addHook('onClose', async () => {
    await unlisten?.();
  });

  app.get('/api/v1/stream', { schema: { tags: ['live'], summary: 'Server-sent events: `order` whenever an order in your scope changes' } }, (req, reply) => {
    const user = requireUser(req);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const client = { user, write: (chunk: string) => res.write(chunk) };
    clients.add(client);
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      clients.delete(client);
    });
  });
}
