// SQL for orders. Methods take an optional transaction; the service owns transactions and rules.
import type { Queryable } from '../../db';
import type { State } from './lifecycle';
import { nextNumberSql } from './numbering';
import type { DeadlineName, DueBasis } from '../sla';

export type DeadlineBasis = Partial<Record<DeadlineName, DueBasis>>;

export interface OrderRow {
  id: number;
  number: string;
  channel: string;
  type: string;
  title: string;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  requesterName: string | null;
  requesterPhone: string | null;
  requesterIdNo: string | null;
  requesterCompany: string | null;
  confidential: boolean;
  categoryId: number | null;
  tier: number;
  tags: string[];
  status: State;
  version: number;
  mainUnitId: number | null;
  parentId: number | null;
  jurisdictionUnitId: number | null;
  kbArticleId: number | null;
  reopenCount: number;
  clockNo: number;
  clockStartedAt: Date | null;
  signDueAt: Date | null;
  contactDueAt: Date | null;
  resolveDueAt: Date | null;
  /** Per deadline, the first year it was counted into on plain weekdays (no official schedule yet); null = official. */
  signProvisionalYear: number | null;
  contactProvisionalYear: number | null;
  resolveProvisionalYear: number | null;
  /** The earliest of the three (indexed: which orders to recompute once a year is entered). */
  provisionalYear: number | null;
  /** How each deadline of the current clock was reached (start + limits), to recompute it exactly. */
  deadlineBasis: DeadlineBasis | null;
  signedAt: Date | null;
  firstContactAt: Date | null;
  repliedAt: Date | null;
  /** the callback is due by then (1 working day after the reply) */
  callbackDueAt: Date | null;
  closedAt: Date | null;
  supervised: boolean;
  listedUntil: string | null;
  createdBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ORDER_COLS = `o.id, o.number, o.channel, o.type, o.title, o.description, o.address, o.lat, o.lng,
  o.requester_name as "requesterName", o.requester_phone as "requesterPhone", o.requester_id_no as "requesterIdNo",
  o.requester_company as "requesterCompany", o.confidential, o.category_id as "categoryId", o.tier, o.tags, o.status, o.version,
  o.main_unit_id as "mainUnitId", o.parent_id as "parentId", o.jurisdiction_unit_id as "jurisdictionUnitId",
  o.kb_article_id as "kbArticleId", o.reopen_count as "reopenCount", o.clock_no as "clockNo", o.clock_started_at as "clockStartedAt",
  o.sign_due_at as "signDueAt", o.contact_due_at as "contactDueAt", o.resolve_due_at as "resolveDueAt",
  o.sign_provisional_year as "signProvisionalYear", o.contact_provisional_year as "contactProvisionalYear",
  o.resolve_provisional_year as "resolveProvisionalYear", o.provisional_year as "provisionalYear", o.deadline_basis as "deadlineBasis", o.signed_at as "signedAt",
  o.first_contact_at as "firstContactAt", o.replied_at as "repliedAt", o.callback_due_at as "callbackDueAt", o.closed_at as "closedAt", o.supervised,
  to_char(o.listed_until, 'YYYY-MM-DD') as "listedUntil", o.created_by as "createdBy", o.created_at as "createdAt", o.updated_at as "updatedAt"`;

/** Column names of the orders table that actions may set (camelCase → snake_case). */
const SETTABLE: Record<string, string> = {
  status: 'status', mainUnitId: 'main_unit_id', categoryId: 'category_id', tier: 'tier', parentId: 'parent_id', kbArticleId: 'kb_article_id',
  reopenCount: 'reopen_count', clockNo: 'clock_no', clockStartedAt: 'clock_started_at', signDueAt: 'sign_due_at', contactDueAt: 'contact_due_at',
  resolveDueAt: 'resolve_due_at', signProvisionalYear: 'sign_provisional_year', contactProvisionalYear: 'contact_provisional_year',
  resolveProvisionalYear: 'resolve_provisional_year', provisionalYear: 'provisional_year', deadlineBasis: 'deadline_basis', signedAt: 'signed_at', firstContactAt: 'first_contact_at', repliedAt: 'replied_at', callbackDueAt: 'callback_due_at', closedAt: 'closed_at',
  supervised: 'supervised', listedUntil: 'listed_until', jurisdictionUnitId: 'jurisdiction_unit_id',
};
export type OrderPatch = Partial<Pick<OrderRow, keyof typeof SETTABLE & keyof OrderRow>>;

export interface NewOrder {
  channel: string;
  type: string;
  title: string;
  description: string;
  address: string;
  lat: number | null;
  lng: number | null;
  requesterName: string | null;
  requesterPhone: string | null;
  requesterIdNo: string | null;
  requesterCompany: string | null;
  confidential: boolean;
  categoryId: number | null;
  tier: number;
  tags: string[];
  jurisdictionUnitId: number | null;
  createdBy: number | null;
  at: Date;
}

export function ordersRepo(db: Queryable) {
  return {
    /**
     * Registers a new order in one statement — the day's next number, the row and its `registered`
     * event — so it is atomic without BEGIN/COMMIT and costs one round trip.
     */
    async insertRegistered(
      o: NewOrder,
      day: string,
      seq: string,
      event: { actorId: number | null; unitId: number | null; payload: object },
      q: Queryable = db,
    ): Promise<OrderRow & { eventId: number }> {
      const { rows } = await q.query<OrderRow & { eventId: number }>(
        `with o as (
           insert into orders (number, channel, type, title, description, address, lat, lng, requester_name, requester_phone, requester_id_no,
             requester_company, confidential, category_id, tier, tags, jurisdiction_unit_id, status, created_by, created_at, updated_at)
           values (${nextNumberSql('$1::text', seq)},$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,'registered',$18,$19,$19) returning *),
         e as (
           insert into order_events (order_id, type, actor_id, actor_unit_id, at, payload)
           select o.id, 'registered', $20, $21, $19, $22 from o returning id)
         select ${ORDER_COLS}, (select id from e) as "eventId" from o`,
        [day, o.channel, o.type, o.title, o.description, o.address, o.lat, o.lng, o.requesterName, o.requesterPhone, o.requesterIdNo,
          o.requesterCompany, o.confidential, o.categoryId, o.tier, o.tags, o.jurisdictionUnitId, o.createdBy, o.at,
          event.actorId, event.unitId, JSON.stringify(event.payload)],
      );
      return rows[0];
    },
    async byId(id: number, q: Queryable = db): Promise<OrderRow | null> {
      return (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.id = $1`, [id])).rows[0] ?? null;
    },
    async byNumber(number: string, q: Queryable = db): Promise<OrderRow | null> {
      return (await q.query<OrderRow>(`select ${ORDER_COLS} from orders o where o.number = $1`, [number])).rows[0] ?? null;
    },
    /** Applies a patch only if the version is still the one the client saw; false = someone else won. */
    async update(id: number, expectedVersion: number, patch: OrderPatch, at: Date, q: Queryable = db): Promise<boolean> {
      const sets: string[] = [];
      const params: unknown[] = [id, expectedVersion, at];
      for (const [k, v] of Object.entries(patch)) {
        const col = SETTABLE[k];
        if (!col) throw new Error(`orders.${k} is not settable`);
        params.push(col === 'deadline_basis' && v !== null ? JSON.stringify(v) : v);
        sets.push(`${col} = $${params.length}`);
      }
      const { rowCount } = await q.query(
        `update orders set ${[...sets, 'version = version + 1', 'updated_at = $3'].join(', ')} where id = $1 and version = $2`,
        params,
      );
      return rowCount === 1;
    },
    async assignments(orderId: number, q: Queryable = db) {
      return (
        await q.query<{ id: number; unitId: number; unitName: string; unitType: string; unitPath: string; role: 'main' | 'co' | 'copy' | 'sub' | 'whistle' | 'escalation'; active: boolean; assignedAt: Date }>(
          `select a.id, a.unit_id as "unitId", u.name as "unitName", u.type as "unitType", u.path as "unitPath", a.role, a.active, a.assigned_at as "assignedAt"
           from order_assignments a join units u on u.id = a.unit_id where a.order_id = $1 order by a.id`,
          [orderId],
        )
      ).rows;
    },
    async addAssignment(orderId: number, unitId: number, role: 'main' | 'co' | 'copy' | 'sub' | 'whistle' | 'escalation', by: number | null, at: Date, q: Queryable = db) {
      await q.query('insert into order_assignments (order_id, unit_id, role, assigned_by, assigned_at) values ($1,$2,$3,$4,$5)', [orderId, unitId, role, by, at]);
    },
    async deactivateAssignments(orderId: number, q: Queryable = db) {
      await q.query('update order_assignments set active = false where order_id = $1 and active', [orderId]);
    },
    async events(orderId: number, q: Queryable = db) {
      return (
        await q.query<{ id: number; type: string; at: Date; actorId: number | null; actorName: string | null; unitId: number | null; unitName: string | null; payload: Record<string, unknown> }>(
          `select e.id, e.type, e.at, e.actor_id as "actorId", us.display_name as "actorName", e.actor_unit_id as "unitId", un.name as "unitName", e.payload
           from order_events e left join users us on us.id = e.actor_id left join units un on un.id = e.actor_unit_id
           where e.order_id = $1 order by e.id`,
          [orderId],
        )
      ).rows;
    },
    async pendingRequests(orderId: number, q: Queryable = db) {
      return (
        await q.query<{ id: number; kind: 'return' | 'extension' | 'exemption'; reason: string; payload: Record<string, unknown>; requestedAt: Date; unitId: number | null; unitName: string | null }>(
          `select r.id, r.kind, r.reason, r.payload, r.requested_at as "requestedAt", r.unit_id as "unitId", u.name as "unitName"
           from order_requests r left join units u on u.id = r.unit_id where r.order_id = $1 and r.status = 'pending' order by r.id`,
          [orderId],
        )
      ).rows;
    },
    async callbacks(orderId: number, q: Queryable = db) {
      return (
        await q.query<{ outcome: string; contacted: boolean | null; resolution: string | null; satisfaction: string | null; attitude: string | null; note: string; at: Date }>(
          'select outcome, contacted, resolution, satisfaction, attitude, note, at from order_callbacks where order_id = $1 order by id',
          [orderId],
        )
      ).rows;
    },
    async attachments(orderId: number, q: Queryable = db) {
      return (
        await q.query<{ id: string; filename: string; mime: string; size: number; createdAt: Date }>(
          'select id, filename, mime, size, created_at as "createdAt" from attachments where order_id = $1 order by created_at',
          [orderId],
        )
      ).rows;
    },
  };
}
export type OrdersRepo = ReturnType<typeof ordersRepo>;
