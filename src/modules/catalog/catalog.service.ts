import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import type { OrgRepo } from '../org/org.repo';
import { catalogRepo, type Category, type HandlerKind } from './catalog.repo';
import { applyCatalogImport, failImport, parseCatalogCsv } from './catalog.import';

export interface CategoryInput {
  parentId?: number | null;
  name?: string;
  tier?: number | null;
  handlerKind?: HandlerKind | null;
  handlerUnitId?: number | null;
  keywords?: string[];
  active?: boolean;
}

/** Catalog writes take this lock: the name checks below and the writes cannot interleave across instances. */
const CATALOG_LOCK = 912346;

/** The unique index on (parent, name) is the last word: a name taken meanwhile is the same 409. */
function nameTaken(name: string | undefined) {
  return (e: unknown): never => {
    const { code, constraint } = e as { code?: string; constraint?: string };
    if (code === '23505' && (constraint ?? 'catalog_name_unique') === 'catalog_name_unique') fail('category_name_taken', name ? `a category named "${name}" already exists under the same parent` : undefined);
    throw e;
  };
}

export function catalogService(db: Db, org: OrgRepo) {
  const repo = catalogRepo(db);

  async function checkHandler(kind: HandlerKind | null | undefined, unitId: number | null | undefined) {
    if (kind !== 'department' && kind !== 'company' && unitId != null && !(await org.byId(unitId))) fail('unit_not_found', `handlerUnitId ${unitId} is not a unit`);
    if (kind === 'department' || kind === 'company') {
      const u = unitId ? await org.byId(unitId) : null;
      if (!u) fail('unit_not_found', `handlerUnitId ${unitId ?? '(missing)'} is not a unit; a ${kind} rule names the unit that handles it`);
      if (u.type !== kind) fail('unit_not_assignable', `unit ${u.name} is a ${u.type}, not a ${kind}`);
    }
  }

  return {
    repo,
    async list(): Promise<{ version: number; items: Category[] }> {
      return { version: await repo.currentVersion(), items: await repo.all() };
    },
    async importCsv(text: string, userId: number | null) {
      const { rows, errors } = parseCatalogCsv(text, await org.all());
      if (errors.length) failImport(errors);
      return db.tx(async (q) => {
        await q.query('select pg_advisory_xact_lock($1)', [CATALOG_LOCK]);
        const { created, updated } = await applyCatalogImport(repo, q, rows);
        const version = await repo.bumpVersion('import', { rows: rows.length, created, updated }, userId, q);
        const { rows: n } = await q.query<{ n: number }>('select count(*)::int as n from catalog_categories where level = 3 and active');
        return { version, leaves: n[0].n, created, updated };
      }).catch(nameTaken(undefined));
    },
    async create(input: CategoryInput & { name: string }, userId: number | null): Promise<Category> {
      const parent = input.parentId ? await repo.byId(input.parentId) : null;
      if (input.parentId && !parent) fail('category_not_found', `parent category ${input.parentId} does not exist`);
      if (parent && parent.level === 3) fail('validation_failed', 'a third-level category cannot have children');
      await checkHandler(input.handlerKind, input.handlerUnitId);
      return db.tx(async (q) => {
        await q.query('select pg_advisory_xact_lock($1)', [CATALOG_LOCK]);
        if (await repo.find(parent?.id ?? null, input.name, q)) fail('category_name_taken', `a category named "${input.name}" already exists under the same parent`);
        const c = await repo.insert({ parentId: parent?.id ?? null, level: (parent ? parent.level + 1 : 1) as 1 | 2 | 3, name: input.name, tier: input.tier ?? null, handlerKind: input.handlerKind ?? null, handlerUnitId: input.handlerUnitId ?? null, keywords: input.keywords ?? [] }, q);
        await repo.bumpVersion('create', { id: c.id, name: c.name }, userId, q);
        return c;
      }).catch(nameTaken(input.name));
    },
    async update(id: number, input: CategoryInput, userId: number | null): Promise<Category> {
      const before = await repo.byId(id);
      if (!before) fail('category_not_found');
      await checkHandler(input.handlerKind, input.handlerUnitId);
      return db.tx(async (q) => {
        await q.query('select pg_advisory_xact_lock($1)', [CATALOG_LOCK]);
        // Renaming onto a sibling's name: the service says so (before, a 500 from the unique index).
        const sibling = input.name !== undefined ? await repo.find(before.parentId, input.name, q) : null;
        if (sibling && sibling.id !== id) fail('category_name_taken', `a category named "${input.name}" already exists under the same parent (id ${sibling.id})`);
        const after = await repo.update(id, input, q);
        if (!after) fail('category_not_found');
        await repo.bumpVersion('update', { id, before, after }, userId, q);
        return after;
      }).catch(nameTaken(input.name));
    },
  };
}
export type CatalogService = ReturnType<typeof catalogService>;
