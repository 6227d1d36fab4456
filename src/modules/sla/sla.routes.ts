import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { parseInstant } from '../../shared/instant';
import type { Services } from '../../services';
import { computeDeadlines, type TierPolicy } from './index';
import { CALENDAR_CHANNEL, type YearInput } from './calendar.service';

const LimitS = Type.Object({ amount: Type.Integer({ minimum: 1, maximum: 10000 }), unit: Type.Union([Type.Literal('minutes'), Type.Literal('hours'), Type.Literal('workdays')]) });
const Policy = Type.Object({ tier: Type.Integer(), name: Type.String({ minLength: 1, maxLength: 20 }), sign: LimitS, contact: LimitS, resolve: LimitS });
const TierParam = Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 4 }) });

export async function slaRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/sla/preview', {
    schema: {
      tags: ['deadlines'], summary: 'Deadlines an order dispatched now (or at `from`) would get',
      querystring: Type.Object({ tier: Type.Integer({ minimum: 1, maximum: 4 }), from: Type.Optional(Type.String({ maxLength: 40 })) }),
      response: {
        200: Type.Object({
          tier: Type.Integer(), from: Type.String(), signDueAt: Type.String(), contactDueAt: Type.String(), resolveDueAt: Type.String(),
          provisional: Type.Object(
            { sign: Type.Union([Type.Integer(), Type.Null()]), contact: Type.Union([Type.Integer(), Type.Null()]), resolve: Type.Union([Type.Integer(), Type.Null()]) },
            { description: 'per deadline, the year without an official holiday schedule it was counted into on plain weekdays (null = official)' },
          ),
        }),
        ...problemResponses(),
      },
    },
  }, async (req) => {
    requireUser(req);
    const q = req.query as { tier: number; from?: string };
    const from = q.from ? parseInstant(q.from, 'from', s.config.timezone) : s.clock.now();
    const d = computeDeadlines(from, await s.policies.byTier(q.tier), s.config.timezone, await s.calendar.current());
    return { tier: q.tier, from: from.toISOString(), signDueAt: d.signDueAt.toISOString(), contactDueAt: d.contactDueAt.toISOString(), resolveDueAt: d.resolveDueAt.toISOString(), provisional: d.provisional };
  });

  app.get('/api/v1/sla/policies', { schema: { tags: ['deadlines'], summary: 'Deadline policy per tier', response: { 200: Type.Object({ items: Type.Array(Policy) }), ...problemResponses() } } }, async (req) => {
    requireUser(req);
    return { items: await s.policies.all() };
  });

  app.put('/api/v1/sla/policies/:tier', {
    schema: { tags: ['deadlines'], summary: 'Change a tier policy (admin)', params: TierParam, body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 20 }), sign: LimitS, contact: LimitS, resolve: LimitS }), response: { 200: Policy, ...problemResponses() } },
  }, async (req) => {
    requireUser(req, 'admin');
    const tier = (req.params as { tier: number }).tier as TierPolicy['tier'];
    return s.policies.save({ ...(req.body as Omit<TierPolicy, 'tier'>), tier });
  });

  const Dated = Type.Record(Type.String(), Type.String());
  const Entered = Type.Object({ year: Type.Integer(), source: Type.String(), enteredAt: Type.String(), enteredBy: Type.Union([Type.Integer(), Type.Null()]), holidays: Dated, workdays: Dated });
  const Coverage = Type.Object({
    firstYear: Type.Integer(), lastYear: Type.Integer(), shippedLastYear: Type.Integer({ description: 'the last year the chinese-days package ships' }),
    timezone: Type.String(), entered: Type.Array(Entered, { description: 'years entered by admins from later State Council notices' }),
    now: Type.String({ description: "the server's current time (the console's clock)" }),
    provisional: Type.Array(Type.Object({ year: Type.Integer(), openOrders: Type.Integer() }), { description: 'open orders whose deadlines were counted on plain weekdays into a year nobody has entered yet' }),
  });
  const coverage = async () => {
    const cal = await s.calendar.current();
    return { ...cal.coverage(), shippedLastYear: cal.shippedLastYear, timezone: s.config.timezone, entered: await s.calendar.entered(), now: s.clock.now().toISOString(), provisional: await s.provisional.pending() };
  };
  app.get('/api/v1/sla/calendar', { schema: { tags: ['deadlines'], summary: 'Years covered by the official holiday calendar', response: { 200: Coverage, ...problemResponses() } } }, async (req) => {
    requireUser(req);
    return coverage();
  });

  const YearParam = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
  const Day = Type.String({ maxLength: 10, description: 'YYYY-MM-DD' });
  const Name = Type.String({ maxLength: 40 });
  app.put('/api/v1/sla/calendar/years/:year', {
    schema: {
      tags: ['deadlines'],
      summary: "Enter a year's official holiday schedule from the State Council notice (admin), for a year the package does not ship yet",
      params: YearParam,
      body: Type.Object({
        source: Type.Optional(Type.String({ maxLength: 200, description: 'the notice, e.g. 国办发明电〔2026〕7号' })),
        holidays: Type.Array(Type.Object({ from: Day, to: Type.Optional(Day), name: Name }), { maxItems: 60 }),
        workdays: Type.Array(Type.Object({ date: Day, name: Name }), { maxItems: 30 }),
      }),
      response: { 200: Coverage, ...problemResponses() },
    },
  }, async (req) => {
    const u = requireUser(req, 'admin');
    await s.calendar.saveYear((req.params as { year: number }).year, req.body as YearInput, u.id);
    // Every provisional deadline the year now covers becomes official (the sweep catches up after a crash).
    await s.provisional.recompute();
    return coverage();
  });

  app.delete('/api/v1/sla/calendar/years/:year', {
    schema: { tags: ['deadlines'], summary: 'Remove the newest entered year (admin); deadlines already computed keep their dates', params: YearParam, response: { 204: Type.Null(), ...problemResponses() } },
  }, async (req, reply) => {
    requireUser(req, 'admin');
    await s.calendar.deleteYear((req.params as { year: number }).year);
    return reply.code(204).send();
  });

  // Another instance entered or removed a year: forget the calendar held here (also when such news may have
  // been missed while the listening session was down).
  let unlisten: (() => Promise<void>) | null = null;
  app.addHook('onReady', async () => {
    const forget = () => s.calendar.invalidate();
    unlisten = await s.db.listen(CALENDAR_CHANNEL, forget, forget);
  });
  app.addHook('onClose', async () => {
    await unlisten?.();
  });
}
