// HTTP edge of 批示: list an order's instructions, write one (leader), answer one (the handling unit).
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import type { Services } from '../../services';

const Id = Type.Integer({ minimum: 1, maximum: 2147483647 });
const Person = Type.Object({ id: Type.Integer(), name: Type.String() });
const NullableStr = Type.Union([Type.String(), Type.Null()]);
export const InstructionSchema = Type.Object({
  id: Type.Integer(), orderId: Type.Integer(), text: Type.String(), givenBy: Person, givenUnitName: NullableStr, givenAt: Type.String({ format: 'date-time' }),
  answer: NullableStr, answeredBy: Type.Union([Person, Type.Null()]), answeredUnitName: NullableStr, answeredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  canAnswer: Type.Boolean({ description: 'the viewer may answer it now' }),
});
const tags = ['instructions'];

export async function instructionsRoutes(app: FastifyInstance, s: Services) {
  app.get('/api/v1/orders/:id/instructions', {
    schema: { tags, summary: 'The order\'s instructions (批示) and their answers', params: Type.Object({ id: Id }), response: { 200: Type.Object({ items: Type.Array(InstructionSchema), canGive: Type.Boolean() }), ...problemResponses() } },
  }, async (req) => s.instructions.list(requireUser(req), (req.params as { id: number }).id));

  app.post('/api/v1/orders/:id/instructions', {
    schema: { tags, summary: 'Write an instruction (批示) on an order (leader)', params: Type.Object({ id: Id }), body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }), response: { 201: InstructionSchema, ...problemResponses() } },
  }, async (req, reply) => {
    const user = requireUser(req, 'leader');
    reply.code(201);
    return s.instructions.give(user, (req.params as { id: number }).id, (req.body as { text: string }).text.trim());
  });

  app.post('/api/v1/orders/:id/instructions/:instructionId/answer', {
    schema: { tags, summary: 'Answer an instruction (handling unit: handler, unit_leader)', params: Type.Object({ id: Id, instructionId: Id }), body: Type.Object({ answer: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S' }) }), response: { 200: InstructionSchema, ...problemResponses() } },
  }, async (req) => {
    const user = requireUser(req, 'handler', 'unit_leader');
    const p = req.params as { id: number; instructionId: number };
    return s.instructions.answer(user, p.id, p.instructionId, (req.body as { answer: string }).answer.trim());
  });
}
