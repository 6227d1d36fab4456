// Builds the Fastify app from plugins and modules. No listening here (see server.ts).
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { frameworkErrors, ProblemSchema, registerProblemHandler } from './http/problem';
import { registerAuth } from './http/auth';
import { registerOverloadGuard } from './http/overload';
import { registerWeb } from './http/web';
import { registerCsrf } from './http/csrf';
import { clientErrorHandler } from './http/client-error';
import { LOG_REDACT_PATHS, logSerializers } from './http/log-redact';
import { consoleCsp, registerSecurityHeaders } from './http/security';
import { registerReadRouting } from './http/read-routing';
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
import { auditRoutes } from './modules/audit/audit.routes';
import { notifyRoutes } from './modules/notify/notify.routes';
import { open311KeysRoutes } from './modules/open311/keys.routes';
import { OPEN311_PREFIX, open311Routes } from './modules/open311/open311.routes';
import { assessmentRoutes } from './modules/assessment/assessment.routes';
import { assessmentFollowupsRoutes } from './modules/assessment/followups.routes';
import { portalRoutes } from './modules/portal/portal.routes';
import { happyCodesRoutes } from './modules/portal/happy-codes.routes';
import { dashboardRoutes } from './modules/insight/dashboard.routes';
import { insightRoutes } from './modules/insight/insight.routes';
import { whistleRoutes } from './modules/whistle/whistle.routes';
import { instructionsRoutes } from './modules/instructions/instructions.routes';
import { ordersExportRoutes } from './modules/orders/orders.export.routes';
import { gridRoutes } from './modules/grid/grid.routes';
import { returnFallbackRoutes } from './modules/orders/return-fallback.routes';
import { cityManagementRoutes } from './modules/sources/city-management.routes';
import { receptionRoutes } from './modules/sources/reception.routes';
import { escalationRoutes } from './modules/escalation/escalation.routes';
import { dutyRoutes } from './modules/duty/duty.routes';
import { selfHandleRoutes } from './modules/grid/selfhandle.routes';
import { volunteersRoutes } from './modules/volunteers/volunteers.routes';
import { projectsRoutes } from './modules/projects/projects.routes';

export type RouteModule = (app: FastifyInstance, s: Services) => Promise<void>;

export interface AppOptions {
  /** true or pino options (level, stream …); the personal-data serializers are always added. */
  logger?: boolean | object;
  /** Extra route modules (later capabilities plug in here). */
  modules?: RouteModule[];
  serveWeb?: boolean;
}

export async function buildApp(s: Services, opts: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: withRedaction(opts.logger ?? false),
    bodyLimit: 1024 * 1024,
    // req.ip is the client only through the proxies named in MINHU_TRUSTED_PROXIES (sign-in throttling counts per address).
    trustProxy: s.config.trustedProxies.length ? s.config.trustedProxies : false,
    ajv: { customOptions: { removeAdditional: 'all', coerceTypes: 'array', useDefaults: true, allErrors: false } },
    return503OnClosing: true,
    forceCloseConnections: true,
    frameworkErrors,
    clientErrorHandler,
  });
  app.addSchema(ProblemSchema);
  registerProblemHandler(app);
  // Headers first, so that every answer (overload, forged-request and other errors included) has them.
  await registerSecurityHeaders(app, { https: s.config.cookieSecure });
  // Open311 authenticates with API keys, never the session cookie: no forged-request check there.
  registerCsrf(app, { exemptPrefixes: [`${OPEN311_PREFIX}/`] });
  registerOverloadGuard(app, s.config.overloadMaxEventLoopDelayMs);
  await app.register(cookie);
  // Lists, dashboards, assessment and search read from a replica when DATABASE_READ_URL names one.
  registerReadRouting(app, s.db, { cookieSecure: s.config.cookieSecure });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Minhu 民呼 API', version: '1', description: '12345 citizen-service hotline platform (接诉即办). Errors are application/problem+json with a stable `code` (see docs/ERRORS.md).' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'minhu_session' }, apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: consoleCsp() });
  registerAuth(app, s.auth, { clock: s.clock, events: s.sessions });
  // The console counts down on the server's clock, not the browser's (which may be wrong, or a test's faked date).
  app.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/api/')) reply.header('x-minhu-now', s.clock.now().toISOString()).header('x-minhu-timezone', s.config.timezone);
  });
  if (s.config.demo) {
    // Every API answer says so while the demo users (with a published password) may exist.
    app.addHook('onSend', async (req, reply) => {
      if (req.url.startsWith('/api/')) reply.header('x-minhu-warning', 'demo mode: demo users with a known password exist; do not use in production');
    });
  }
  for (const mod of [usersRoutes, orgRoutes, catalogRoutes, slaRoutes, ordersRoutes, streamRoutes, supervisionRoutes, attachmentsRoutes, kbRoutes(s.kb), assistRoutes, auditRoutes, notifyRoutes, open311KeysRoutes, open311Routes, assessmentRoutes, assessmentFollowupsRoutes, portalRoutes, happyCodesRoutes, dashboardRoutes, insightRoutes, whistleRoutes, gridRoutes, returnFallbackRoutes, cityManagementRoutes, receptionRoutes, escalationRoutes, dutyRoutes, instructionsRoutes, ordersExportRoutes, selfHandleRoutes, volunteersRoutes, projectsRoutes, ...(opts.modules ?? [])]) {
    await mod(app, s);
  }
  if (opts.serveWeb !== false) await registerWeb(app);
  return app;
}

function withRedaction(logger: boolean | object): boolean | object {
  if (logger === false) return false;
  const base = (logger === true ? {} : logger) as { serializers?: object; redact?: unknown };
  const redact = Array.isArray(base.redact) ? [...LOG_REDACT_PATHS, ...(base.redact as string[])] : base.redact ?? LOG_REDACT_PATHS;
  return { ...base, serializers: { ...logSerializers, ...base.serializers }, redact };
}
