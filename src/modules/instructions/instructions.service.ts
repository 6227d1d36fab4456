// 批示 (leader instructions): a leader writes an instruction on an order; the handling unit (main, co-handling
// or sub-dispatched, or a unit above one) answers it once. Each step is a row in order_instructions and an
// order event in the same transaction, so the history shows both. Whoever may read the order reads its
// instructions (the centre and leaders at the centre: every order; a unit: its own orders).
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { appendEvent } from '../../shared/events';
import { fail } from '../../shared/errors';
import { enqueue } from '../notify/outbox';
import { inScope } from '../orders/access';
import { actorOf } from '../orders/actions';
import type { OrdersService } from '../orders/orders.service';
import type { Role } from '../users/roles';
import type { AuthUser } from '../users/users.repo';

/** Who writes instructions. */
export const INSTRUCTING_ROLES: readonly Role[] = ['leader'];
/** Who answers them, for a unit handling the order. */
export const ANSWERING_ROLES: readonly Role[] = ['handler', 'unit_leader'];
/** States that take no new instruction: nothing is being handled any more (or never was). */
const NO_INSTRUCTION = ['closed', 'answered', 'invalid', 'merged'];

export interface Instruction {
  id: number;
  orderId: number;
  text: string;
  givenBy: { id: number; name: string };
  givenUnitName: string | null;
  givenAt: string;
  answer: string | null;
  answeredBy: { id: number; name: string } | null;
  answeredUnitName: string | null;
  answeredAt: string | null;
  /** May the viewer answer it now. */
  canAnswer: boolean;
}

interface Row {
  id: number; orderId: number; text: string; givenById: number; givenByName: string; givenUnitName: string | null; givenAt: Date;
  answer: string | null; answeredById: number | null; answeredByName: string | null; answeredUnitName: string | null; answeredAt: Date | null;
}

export function instructionsService(deps: { db: Db; clock: Clock; orders: OrdersService }) {
  const { db, clock, orders } = deps;

  async function rows(q: Queryable, orderId: number, id?: number): Promise<Row[]> {
    const { rows } = await q.query<Row>(
      `select i.id, i.order_id as "orderId", i.text, i.given_by as "givenById", gu.display_name as "givenByName", gn.name as "givenUnitName", i.given_at as "givenAt",
         i.answer, i.answered_by as "answeredById", au.display_name as "answeredByName", an.name as "answeredUnitName", i.answered_at as "answeredAt"
       from order_instructions i join users gu on gu.id = i.given_by left join units gn on gn.id = i.given_unit_id
       left join users au on au.id = i.answered_by left join units an on an.id = i.answered_unit_id
       where i.order_id = $1 ${id !== undefined ? 'and i.id = $2' : ''} order by i.id`,
      id !== undefined ? [orderId, id] : [orderId],
    );
    return rows;
  }

  const mayAnswer = (user: AuthUser, assignments: Parameters<typeof inScope>[2]) => ANSWERING_ROLES.includes(user.role) && inScope(user, 'involved', assignments);

  const present = (r: Row, canAnswer: boolean): Instruction => ({
    id: r.id, orderId: r.orderId, text: r.text, givenBy: { id: r.givenById, name: r.givenByName }, givenUnitName: r.givenUnitName, givenAt: new Date(r.givenAt).toISOString(),
    answer: r.answer, answeredBy: r.answeredById ? { id: r.answeredById, name: r.answeredByName ?? '' } : null, answeredUnitName: r.answeredUnitName,
    answeredAt: r.answeredAt ? new Date(r.answeredAt).toISOString() : null, canAnswer: canAnswer && r.answer === null,
  });

  return {
    /** The order's instructions, oldest first; an order outside the viewer's scope answers like a missing one. */
    async list(user: AuthUser, orderId: number): Promise<{ items: Instruction[]; canGive: boolean }> {
      const { order, assignments } = await orders.loadVisible(user, orderId);
      const can = mayAnswer(user, assignments);
      return { items: (await rows(db, orderId)).map((r) => present(r, can)), canGive: INSTRUCTING_ROLES.includes(user.role) && !NO_INSTRUCTION.includes(order.status) };
    },

    async give(user: AuthUser, orderId: number, text: string): Promise<Instruction> {
      if (!INSTRUCTING_ROLES.includes(user.role)) fail('forbidden', `instructions (批示) are written by leaders; you are ${user.role}`);
      const now = clock.now();
      const id = await db.tx(async (q) => {
        const { order, assignments } = await orders.loadVisible(user, orderId, q);
        if (NO_INSTRUCTION.includes(order.status)) fail('instruction_not_allowed', `order ${order.number} is ${order.status}`);
        const { rows: ins } = await q.query<{ id: number }>('insert into order_instructions (order_id, text, given_by, given_unit_id, given_at) values ($1,$2,$3,$4,$5) returning id', [orderId, text, user.id, user.unitId, now]);
        await appendEvent(q, orderId, 'instruction_given', actorOf(user), now, { instructionId: ins[0].id, text });
        // the handling units (main and co-handling) are alerted through the outbox, in this transaction
        const handling = assignments.filter((a) => a.active && (a.role === 'main' || a.role === 'co'));
        for (const a of handling) {
          const unitName = (await q.query<{ name: string }>('select name from units where id = $1', [a.unitId])).rows[0]?.name ?? '';
          await enqueue(q, { template: 'unit_instruction', recipient: `unit:${a.unitId}`, orderId, vars: { leader: user.displayName, number: order.number, title: order.title, text, unitName } }, now);
        }
        return ins[0].id;
      });
      return present((await rows(db, orderId, id))[0], false);
    },

    async answer(user: AuthUser, orderId: number, instructionId: number, answer: string): Promise<Instruction> {
      if (!ANSWERING_ROLES.includes(user.role)) fail('forbidden', `instructions (批示) are answered by the handling unit (handler, unit_leader); you are ${user.role}`);
      const now = clock.now();
      await db.tx(async (q) => {
        const { assignments } = await orders.loadVisible(user, orderId, q);
        if (!(await rows(q, orderId, instructionId)).length) fail('instruction_not_found', `order ${orderId} has no instruction ${instructionId}`);
        if (!mayAnswer(user, assignments)) fail('forbidden', `your unit (${user.unitName}) is not a handler of this order and may not answer its instructions`);
        // claimed with a conditional update: of two answers at once, one wins and the other is told so
        const upd = await q.query('update order_instructions set answer = $3, answered_by = $4, answered_unit_id = $5, answered_at = $6 where id = $1 and order_id = $2 and answer is null', [instructionId, orderId, answer, user.id, user.unitId, now]);
        if (upd.rowCount !== 1) fail('instruction_answered', `instruction ${instructionId} was already answered`);
        await appendEvent(q, orderId, 'instruction_answered', actorOf(user), now, { instructionId, answer });
      });
      return present((await rows(db, orderId, instructionId))[0], false);
    },
  };
}
export type InstructionsService = ReturnType<typeof instructionsService>;
