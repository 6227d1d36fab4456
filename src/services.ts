// Builds every service from the database, clock and config: one place that wires the app.
import type { Config } from './config';
import type { Db } from './db';
import type { Clock } from './shared/clock';
import { catalogService } from './modules/catalog/catalog.service';
import { catalogRepo } from './modules/catalog/catalog.repo';
import { orgRepo } from './modules/org/org.repo';
import { ordersService, type OrderChange, type OrderInput } from './modules/orders/orders.service';
import { policiesRepo } from './modules/sla/policies.repo';
import { calendarService } from './modules/sla/calendar.service';
import { authService } from './modules/users/auth.service';
import { usersRepo } from './modules/users/users.repo';
import { usersService } from './modules/users/users.service';
import { sessionEvents } from './modules/users/session-events';
import { loginThrottle } from './modules/users/throttle';
import { kbService } from './modules/kb/kb.service';
import { assistService } from './modules/assist/assist.service';
import { ModelStore } from './modules/assist/model-store';
import { autoDispatcher } from './modules/assist/auto-dispatch';
import type { EffectHook } from './modules/orders/effects';
import { provisionalDeadlines } from './modules/sla/recompute';
import { auditService } from './modules/audit/audit.service';
import { notifyService } from './modules/notify';
import { open311Hook } from './modules/open311/requests';
import { cityCaseHook, citySyncHook } from './modules/sources/city-management';
import { receptionHook } from './modules/sources/reception';
import { factsHook } from './modules/assessment/facts';
import { assessmentService } from './modules/assessment/assessment.service';
import { assessmentFollowups } from './modules/assessment/followups.service';
import { portalService } from './modules/portal/portal.service';
import { rollupsHook } from './modules/insight/rollups.hook';
import { hotspotJoinHook } from './modules/insight/hotspot-join';
import { insightService } from './modules/insight/insight.service';
import { whistleService } from './modules/whistle/whistle.service';
import { whistleNotifyHook } from './modules/whistle/whistle.notify';
import { instructionsService } from './modules/instructions/instructions.service';
import { gridService } from './modules/grid/grid.service';
import { escalationService } from './modules/escalation/escalation.service';
import { escalationNotifyHook } from './modules/escalation/escalation.notify';
import { dutyService } from './modules/duty/duty.service';
import { dutyDispatchHook } from './modules/duty/duty.hook';
import { selfHandleService } from './modules/grid/selfhandle';
import { volunteersService } from './modules/volunteers/volunteers.service';
import { projectsService } from './modules/projects/projects.service';

export const ORDER_CHANNEL = 'minhu_orders';

export function buildServices(db: Db, clock: Clock, config: Config) {
  const org = orgRepo(db);
  const users = usersRepo(db);
  const sessions = sessionEvents(db);
  const throttle = loginThrottle(db, clock);
  const catalog = catalogRepo(db);
  const policies = policiesRepo(db);
  const calendar = calendarService(db);
  const onChange = (c: OrderChange) => {
    // Fan-out to every instance's live streams through PostgreSQL NOTIFY (works on PGlite too).
    db.notify(ORDER_CHANNEL, JSON.stringify(c)).catch(() => undefined);
  };
  // Read models and outbox writers that commit with every order change (assessment facts, notifications …).
  const effects: EffectHook[] = [factsHook(config.timezone), rollupsHook(config.timezone), hotspotJoinHook];
  const notify = notifyService(db, config);
  // The portal files through the orders service below (lazily: its hook must be in `effects` first).
  const portal = portalService(db, clock, config, catalog, () => orders);
  effects.push(open311Hook, cityCaseHook, citySyncHook, receptionHook, notify.hook, portal.hook, whistleNotifyHook(config.timezone));
  effects.push(escalationNotifyHook(config.timezone), dutyDispatchHook(config.timezone));
  const selfHandle = selfHandleService({ db, clock, tz: config.timezone, dataDir: config.dataDir, users, orders: () => orders });
  effects.push(selfHandle.hook);
  const kb = kbService(db, clock);
  const assist = assistService(db, clock, new ModelStore(db), kb);
  const orders = ordersService({
    db, clock, tz: config.timezone, org, catalog, policies, onChange, effects, calendar: () => calendar.current(),
    locate: (input: OrderInput) => assist.locate(input),
    afterCreate: config.autoDispatchThreshold === null ? undefined : autoDispatcher(assist, () => orders, config.autoDispatchThreshold),
  });
  const assessment = assessmentService({ db, clock, tz: config.timezone, policies, calendar: () => calendar.current() });
  return {
    db,
    clock,
    config,
    effects,
    org,
    users,
    sessions,
    userAdmin: usersService({ db, clock, users, org, events: sessions, throttle }),
    policies,
    calendar,
    provisional: provisionalDeadlines({ db, clock, tz: config.timezone, calendar: () => calendar.current(), effects }),
    auth: authService(users, clock, throttle),
    catalog: catalogService(db, org),
    kb,
    assist,
    orders,
    audit: auditService(db, config.timezone),
    notify,
    portal,
    assessment,
    assessmentFollowups: assessmentFollowups({ db, clock, assessment }),
    insight: insightService({ db, clock, tz: config.timezone, intervalMs: config.insightIntervalMs, assessment }),
    whistle: whistleService({ db, clock, tz: config.timezone, orders, effects }),
    grid: gridService({ db, clock, tz: config.timezone }),
    escalation: escalationService({ db, clock, tz: config.timezone, orders, effects }),
    duty: dutyService({ db, clock, tz: config.timezone, users, effects }),
    instructions: instructionsService({ db, clock, orders }),
    selfHandle,
    volunteers: volunteersService({ db, clock, dataDir: config.dataDir, otp: portal.otp, limits: portal.limits }),
    projects: projectsService({ db, clock, tz: config.timezone, otp: portal.otp, limits: portal.limits, orders: () => orders }),
  };
}
export type Services = ReturnType<typeof buildServices>;
