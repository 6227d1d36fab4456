// Server-sent events: every instance LISTENs on the orders channel and forwards each change to its
// connected users whose scope covers one of the order's units (the centre gets all), and to the user
// who registered it.
// A stream lives only as long as its session: when a session ends (sign-out) or its user changes
// (disabled, new role or unit, password reset), session events (NOTIFY, on every instance) re-check the
// affected streams and end those whose session no longer holds or whose scope changed.
import type { FastifyInstance } from 'fastify';
import { requireUser, sessionKeyOf } from '../../http/auth';
import { ORDER_CHANNEL, type Services } from '../../services';
import type { OrderChange } from '../orders/orders.service';
import type { SessionEvent } from '../users/session-events';
import type { AuthUser } from '../users/users.repo';

interface Client {
  user: AuthUser;
  sessionKey: string;
  write: (chunk: string) => void;
  end: () => void;
}

export async function streamRoutes(app: FastifyInstance, s: Services) {
  const clients = new Set<Client>();
  const unlisten: (() => unknown)[] = [];

  /** Ends the streams whose session is gone or whose user now has another role, unit or a pending password change. */
  async function recheck(e: SessionEvent) {
    const affected = [...clients].filter((c) => e.kind === 'all' || (e.kind === 'user' ? c.user.id === e.userId : c.sessionKey === e.key));
    for (const c of affected) {
      const now = e.kind === 'session' ? null : await s.auth.userForSessionKey(c.sessionKey).catch(() => c.user);
      const same = now && now.role === c.user.role && now.unitId === c.user.unitId && now.unitPath === c.user.unitPath && !now.mustChangePassword;
      if (!same) c.end();
    }
  }

  app.addHook('onReady', async () => {
    unlisten.push(await s.db.listen(ORDER_CHANNEL, (payload) => {
      let c: OrderChange;
      try {
        c = JSON.parse(payload);
      } catch {
        return;
      }
      const msg = `event: order\ndata: ${JSON.stringify({ id: c.id, number: c.number, status: c.status })}\n\n`;
      for (const cl of clients) if (cl.user.isCenter || c.createdBy === cl.user.id || c.unitPaths.some((p) => p.startsWith(cl.user.unitPath))) cl.write(msg);
    }));
    unlisten.push(await s.sessions.listen((e) => void recheck(e)));
  });
  app.addHook('onClose', async () => {
    for (const u of unlisten) await u();
    for (const c of clients) c.end();
  });

  app.get('/api/v1/stream', { schema: { tags: ['live'], summary: 'Server-sent events: `order` whenever an order in your scope changes; ends when the session ends' } }, (req, reply) => {
    const user = requireUser(req);
    const sessionKey = sessionKeyOf(req)!;
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write(': connected\n\n');
    const ping = setInterval(() => res.write(': ping\n\n'), 25_000);
    const client: Client = {
      user,
      sessionKey,
      write: (chunk) => res.write(chunk),
      end: () => {
        clearInterval(ping);
        clients.delete(client);
        // Tells the console why, so it does not reconnect into a 401 loop without knowing.
        if (!res.writableEnded) res.end('event: session_ended\ndata: {}\n\n');
      },
    };
    clients.add(client);
    req.raw.on('close', () => {
      clearInterval(ping);
      clients.delete(client);
    });
  });
}
