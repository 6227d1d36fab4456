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
import { kbService } from './modules/kb/kb.service';
import { assistService } from './modules/assist/assist.service';
import { ModelStore } from './modules/assist/model-store';
import { autoDispatcher } from './modules/assist/auto-dispatch';

export const ORDER_CHANNEL = 'minhu_orders';

export function buildServices(db: Db, clock: Clock, config: Config) {
  const org = orgRepo(db);
  const users = usersRepo(db);
  const catalog = catalogRepo(db);
  const policies = policiesRepo(db);
  const calendar = calendarService(db);
  const onChange = (c: OrderChange) => {
    // Fan-out to every instance's live streams through PostgreSQL NOTIFY (works on PGlite too).
    db.notify(ORDER_CHANNEL, JSON.stringify(c)).catch(() => undefined);
  };
  const kb = kbService(db, clock);
  const assist = assistService(db, clock, new ModelStore(db), kb);
  const orders = ordersService({
    db, clock, tz: config.timezone, org, catalog, policies, onChange, calendar: () => calendar.current(),
    locate: (input: OrderInput) => assist.locate(input),
    afterCreate: config.autoDispatchThreshold === null ? undefined : autoDispatcher(assist, () => orders, config.autoDispatchThreshold),
  });
  return {
    db,
    clock,
    config,
    org,
    users,
    policies,
    calendar,
    auth: authService(users, clock),
    catalog: catalogService(db, org),
    kb,
    assist,
    orders,
  };
}
export type Services = ReturnType<typeof buildServices>;
