// Builds the Fastify app from plugins and modules. No listening here (see server.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { frameworkErrors, ProblemSchema, registerProblemHandler } from './http/problem';
import { registerAuth } from './http/auth';
import { registerOverloadGuard } from './http/overload';
import { registerWeb } from './http/web';
import type { Services } from './services';
import { usersRoutes } from './modules/users/users.routes';
import { orgRoutes } from './modules/org/org.routes';
import { catalogRoutes } from './modules/catalog/catalog.routes';
import { slaRoutes } from './modules/sla/sla.routes';
import { ordersRoutes } from './modules/orders/orders.routes';
import { streamRoutes } from './modules/live/stream.routes';
import { supervisionRoutes } from './modules/supervision/supervision.routes';
import { attachmentsRoutes } from './modules/attachments/attachments.routes';
import { assistRoutes } from './modules/assist/assist.routes';
import { kbRoutes } from './modules/kb/kb.routes';

export type RouteModule = (app: FastifyInstance, s: Services) => Promise<void>;

export interface AppOptions {
  logger?: boolean | object;
  /** Extra route modules (later capabilities plug in here). */
  modules?: RouteModule[];
  serveWeb?: boolean;
}

export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    forceCloseConnections: true,
    frameworkErrors,
  });
  app.addSchema(ProblemSchema);
  registerProblemHandler(app);
  registerOverloadGuard(app, s.config.overloadMaxEventLoopDelayMs);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Minhu 民呼 API', version: '1', description: '12345 citizen-service hotline platform (接诉即办). Errors are application/problem+json with a stable `code` (see docs/ERRORS.md).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'minhu_session' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  registerAuth(app, s.auth, { clock: s.clock, bus: s.db });
  if (s.config.demo) {
    // Every API answer says so while the demo users (with a published password) may exist.
    app.addHook('onSend', async (req, reply) => {
      if (req.url.startsWith('/api/')) reply.header('x-minhu-warning', 'demo mode: demo users with a known password exist; do not use in production');
    });
  }
  for (const mod of [usersRoutes, orgRoutes, catalogRoutes, slaRoutes, ordersRoutes, streamRoutes, supervisionRoutes, attachmentsRoutes, kbRoutes(s.kb), assistRoutes, ...(opts.modules ?? [])]) {
    await mod(app, s);
  }
  if (opts.serveWeb !== false) await registerWeb(app);
  return app;
}
