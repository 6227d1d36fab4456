import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { problemResponses } from '../../http/problem';
import { requireUser } from '../../http/auth';
import { fail } from '../../shared/errors';
import type { Services } from '../../services';
import { ASSIST_CHANNEL } from './model-store';

const Location = Type.Object({ lat: Type.Number({ minimum: -90, maximum: 90 }), lng: Type.Number({ minimum: -180, maximum: 180 }) });
const NStr = Type.Union([Type.String(), Type.Null()]);
const NInt = Type.Union([Type.Integer(), Type.Null()]);
const AssistResult = Type.Object({
  modelReady: Type.Boolean(),
  calibration: Type.Object({
    fitted: Type.Boolean({ description: 'the confidence was fitted and checked on held-out real orders of this instance; false: raw scores, shown as a ranking only' }),
    heldOut: Type.Integer(), ece: Type.Union([Type.Number(), Type.Null()], { description: 'expected calibration error (10 bins) of the top-1 confidence on the held-out orders' }),
  }),
  categories: Type.Array(Type.Object({
    categoryId: Type.Integer(), name: Type.String(), path: Type.Array(Type.String()), confidence: Type.Number(), rank: Type.Integer({ minimum: 1 }),
    band: Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low'), Type.Null()]), words: Type.Array(Type.String()),
  })),
  jurisdiction: Type.Object({ streetId: NInt, communityId: NInt, gridId: NInt, streetName: NStr, communityName: NStr, gridName: NStr, source: NStr, confidence: Type.Number(), matched: NStr }),
  units: Type.Array(Type.Object({ unitId: Type.Integer(), name: Type.String(), type: Type.String(), confidence: Type.Number(), reasons: Type.Array(Type.String()) })),
  duplicates: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), address: Type.String(), createdAt: Type.String(), score: Type.Number(), reasons: Type.Array(Type.String()) })),
  articles: Type.Array(Type.Object({ id: Type.Integer(), question: Type.String(), answer: Type.String(), score: Type.Number() })),
});

export async function assistRoutes(app: FastifyInstance, s: Services) {
  app.addContentTypeParser('application/x-ndjson', { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) => done(null, body));
  app.post('/api/v1/assist', {
    schema: {
      tags: ['assist'], summary: 'Suggestions while the operator types: category, jurisdiction, unit, duplicates, knowledge-base answers',
      body: Type.Object({ title: Type.Optional(Type.String({ maxLength: 200 })), description: Type.Optional(Type.String({ maxLength: 20000 })), address: Type.Optional(Type.String({ maxLength: 500 })), location: Type.Optional(Type.Union([Location, Type.Null()])), excludeOrderId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2147483647 })) }),
      response: { 200: AssistResult, ...problemResponses() },
    },
  }, async (req) => {
    const user = requireUser(req, 'operator', 'dispatcher', 'admin', 'grid_worker');
    // Duplicates name other residents' orders: the centre only.
    return s.assist.suggest(req.body as never, { duplicates: user.isCenter });
  });

  const NullStr = Type.Union([Type.String(), Type.Null()]);
  const NullInt = Type.Union([Type.Integer(), Type.Null()]);
  app.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/assist/address', {
    schema: {
      tags: ['assist'], summary: 'Address standardisation 地址标准化: district / street-town / community / road + number / compound, with the jurisdiction',
      body: Type.Object({ address: Type.String({ minLength: 1, maxLength: 500 }) }),
      response: {
        200: Type.Object({
          districtId: NullInt, district: NullStr, streetId: NullInt, street: NullStr, communityId: NullInt, community: NullStr, jurisdictionUnitId: NullInt,
          road: NullStr, number: NullStr, compound: NullStr, building: NullStr, unitNo: NullStr, room: NullStr, standard: Type.String(), confidence: Type.Number(),
        }),
        ...problemResponses(),
      },
    },
  }, async (req) => {
    requireUser(req, 'operator', 'dispatcher', 'admin', 'grid_worker');
    return s.assist.standardiseAddress(req.body.address);
  });

  app.post('/api/v1/assist/examples', {
    schema: {
      tags: ['assist'], summary: 'Import labelled examples (JSON Lines: title, detail, label = a category id or name); the model learns them without a restart',
      consumes: ['application/x-ndjson', 'text/plain'], body: Type.String({ maxLength: 50 * 1024 * 1024 }),
      response: { 200: Type.Object({ imported: Type.Integer(), skipped: Type.Array(Type.Object({ line: Type.Integer(), message: Type.String() })) }), ...problemResponses() },
    },
  }, async (req) => {
    requireUser(req, 'admin');
    const { rows: cats } = await s.db.query<{ id: number; name: string; level: number }>('select id, name, level from catalog_categories where active order by level desc');
    const byName = new Map<string, number>();
    for (const c of cats) if (!byName.has(c.name)) byName.set(c.name, c.id);
    const ids = new Set(cats.map((c) => String(c.id)));
    const skipped: { line: number; message: string }[] = [];
    const rows: [string, string, string][] = [];
    (req.body as string).split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      let o: { title?: unknown; detail?: unknown; label?: unknown };
      try {
        o = JSON.parse(line);
      } catch {
        return void skipped.push({ line: i + 1, message: 'not valid JSON' });
      }
      if (!o || typeof o !== 'object' || typeof o.title !== 'string' || (typeof o.label !== 'string' && typeof o.label !== 'number')) return void skipped.push({ line: i + 1, message: 'needs an object with "title" and "label"' });
      const label = ids.has(String(o.label)) ? String(o.label) : byName.has(String(o.label)) ? String(byName.get(String(o.label))) : null;
      if (!label) return void skipped.push({ line: i + 1, message: `label "${o.label}" is not a category id or name of the catalog` });
      rows.push([o.title.slice(0, 500), typeof o.detail === 'string' ? o.detail.slice(0, 20000) : '', label]);
    });
    if (!rows.length) fail('validation_failed', `no usable examples${skipped[0] ? `; line ${skipped[0].line}: ${skipped[0].message}` : ''}`, { errors: skipped.slice(0, 100) });
    await s.db.tx(async (q) => {
      for (const [title, detail, label] of rows) await q.query(`insert into assist_examples (title, detail, label, source) values ($1, $2, $3, 'import')`, [title, detail, label]);
    });
    await s.db.notify(ASSIST_CHANNEL, 'import');
    return { imported: rows.length, skipped: skipped.slice(0, 100) };
  });

  app.get('/api/v1/assist/status', {
    schema: { tags: ['assist'], summary: 'The category model of this instance', response: { 200: Type.Object({ ready: Type.Boolean(), examples: Type.Integer() }), ...problemResponses() } },
  }, async (req) => {
    requireUser(req);
    return { ready: s.assist.models.ready, examples: s.assist.models.examples };
  });
}
