// Grid management 网格化, first part (DOMAIN §10): the daily patrol log of grid workers and grid statistics, over
// the orders grid workers register on patrol (channel `grid`, 网格员巡查). A grid worker sees their own reports; a
// community, street or district user the grid workers of its subtree; the centre everyone.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import type { AuthUser } from '../users/users.repo';
import { checkMonth, monthBounds } from '../assessment/month';
import { endOfLocalDay } from '../sla';
import { parseDate } from '../sla/timezone';

export interface GridDeps {
  db: Db;
  clock: Clock;
  tz: string;
}

/** States in which a patrol finding is finished (handled, answered, merged or invalid). */
const DONE = `('answered','closed','merged','invalid')`;

/** SQL over reporters (alias `ru` users, `run` their units): the ones the user may see. */
function reporterScope(user: AuthUser, params: unknown[]): string {
  if (user.isCenter) return 'true';
  if (user.role === 'grid_worker') {
    params.push(user.id);
    return `ru.id = $${params.length}`;
  }
  params.push(user.unitPath);
  return `run.path like $${params.length} || '%'`;
}

export function gridService(d: GridDeps) {
  const { db } = d;
  return {
    /** One day's patrol log (city time): every report of the grid workers in scope, newest first. */
    async log(user: AuthUser, date: string) {
      parseDate(date); // 400 invalid_date for 2026-02-30
      const end = endOfLocalDay(date, d.tz);
      const start = new Date(end.getTime() - 86_399_000);
      const params: unknown[] = [start, new Date(end.getTime() + 1000)];
      const scope = reporterScope(user, params);
      const { rows } = await db.query<{
        orderId: number; number: string; title: string; status: string; address: string; lat: number | null; lng: number | null; categoryName: string | null;
        reporterId: number; reporterName: string; unitId: number; unitName: string; photos: number; createdAt: Date;
      }>(
        `select o.id as "orderId", o.number, o.title, o.status, o.address, o.lat, o.lng, c.name as "categoryName",
           ru.id as "reporterId", ru.display_name as "reporterName", run.id as "unitId", run.name as "unitName",
           (select count(*)::int from attachments a where a.order_id = o.id and a.mime like 'image/%') as photos, o.created_at as "createdAt"
         from orders o join users ru on ru.id = o.created_by join units run on run.id = ru.unit_id
           left join catalog_categories c on c.id = o.category_id
         where o.channel = 'grid' and ru.role = 'grid_worker' and o.created_at >= $1 and o.created_at < $2 and ${scope}
         order by o.created_at desc, o.id desc limit 1000`,
        params,
      );
      return {
        date,
        items: rows.map(({ lat, lng, createdAt, ...r }) => ({ ...r, location: lat !== null && lng !== null ? { lat, lng } : null, createdAt: createdAt.toISOString() })),
      };
    },

    /** Per reporting unit (the grid worker's grid or community) for a month: reports, finished, open, with a photo, workers. */
    async stats(user: AuthUser, month: string) {
      checkMonth(month);
      const { start, end } = monthBounds(month, d.tz);
      const params: unknown[] = [start, end];
      const scope = reporterScope(user, params);
      const { rows } = await db.query<{ unitId: number; unitName: string; unitType: string; reports: number; done: number; open: number; dispatched: number; withPhoto: number; workers: number }>(
        `select run.id as "unitId", run.name as "unitName", run.type as "unitType", count(*)::int as reports,
           count(*) filter (where o.status in ${DONE})::int as done,
           count(*) filter (where o.status not in ${DONE})::int as open,
           count(*) filter (where o.main_unit_id is not null)::int as dispatched,
           count(*) filter (where exists (select 1 from attachments a where a.order_id = o.id and a.mime like 'image/%'))::int as "withPhoto",
           count(distinct ru.id)::int as workers
         from orders o join users ru on ru.id = o.created_by join units run on run.id = ru.unit_id
         where o.channel = 'grid' and ru.role = 'grid_worker' and o.created_at >= $1 and o.created_at < $2 and ${scope}
         group by run.id, run.name, run.type, run.code order by run.code`,
        params,
      );
      return { month, items: rows };
    },
  };
}
export type GridService = ReturnType<typeof gridService>;
