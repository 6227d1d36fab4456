// HTTP edge of the 值守 duty rosters.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';
import type { RosterInput } from './duty.service';

const tags = ['duty'];
const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const DateTime = Type.String({ format: 'date-time' });
const NullableStr = Type.Union([Type.String(), Type.Null()]);
const NullableId = Type.Union([Type.Integer(), Type.Null()]);
const Phone = Type.String({ pattern: '^[0-9+][0-9 -]{2,19}$', description: 'a phone the alert SMS goes to' });
const Name = Type.String({ maxLength: 100 });

const ContactIn = Type.Object({ userId: Type.Optional(Id), name: Type.Optional(Name), phone: Type.Optional(Phone) });
const SlotIn = Type.Object({ ...ContactIn.properties, startsAt: DateTime, endsAt: DateTime, note: Type.Optional(Type.String({ maxLength: 500 })) });
export const RosterBody = Type.Object({ defaultContact: Type.Union([ContactIn, Type.Null()]), slots: Type.Array(SlotIn, { maxItems: 1000 }) });

const Contact = Type.Object({ userId: NullableId, userName: NullableStr, name: NullableStr, phone: NullableStr });
const Gap = Type.Object({ from: DateTime, to: DateTime });
export const Roster = Type.Object({
  unitId: Type.Integer(), unitName: Type.String(), from: DateTime, to: DateTime,
  defaultContact: Type.Union([Contact, Type.Null()]),
  slots: Type.Array(Type.Object({ id: Type.Integer(), ...Contact.properties, startsAt: DateTime, endsAt: DateTime, note: NullableStr })),
  gaps: Type.Array(Gap),
  onDutyNow: Type.Object({ source: Type.Union([Type.Literal('roster'), Type.Literal('default'), Type.Literal('none')]), people: Type.Array(Contact) }),
});
export const Gaps = Type.Object({ unitId: Type.Integer(), from: DateTime, to: DateTime, hasDefaultContact: Type.Boolean(), gaps: Type.Array(Gap) });
const Window = { from: Type.Optional(DateTime), to: Type.Optional(DateTime) };

export async function dutyRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/units/:id/duty', {
    schema: { tags, summary: 'A unit\'s duty roster (值守) in a window (default: the next 7 days), its gaps and who is on duty now', params: Type.Object({ id: Id }), querystring: Type.Object(Window), response: { 200: Roster, ...problemResponses() } },
  }, async (req) => {
    const q = req.query as { from?: string; to?: string };
    return s.duty.roster(requireUser(req), (req.params as { id: number }).id, q.from, q.to);
  });

  app.put('/api/v1/units/:id/duty', {
    schema: { tags, summary: 'Replace a unit\'s duty roster and default contact (admin, or the unit\'s own unit leader)', params: Type.Object({ id: Id }), body: RosterBody, response: { 200: Roster, ...problemResponses() } },
  }, async (req) => s.duty.save(requireUser(req), (req.params as { id: number }).id, req.body as RosterInput));

  app.get('/api/v1/duty/gaps', {
    schema: { tags, summary: 'Periods of a window in which nobody is on a unit\'s duty roster (gap warning)', querystring: Type.Object({ unitId: Id, ...Window }), response: { 200: Gaps, ...problemResponses() } },
  }, async (req) => {
    const q = req.query as { unitId: number; from?: string; to?: string };
    return s.duty.gaps(requireUser(req), q.unitId, q.from, q.to);
  });
}
