// The intake/dispatch assistant: category, jurisdiction, responsible unit, duplicates and
// knowledge-base answers for what the operator has typed so far — in one call.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { searchWords } from '../../shared/segment';
import type { Category } from '../catalog/catalog.repo';
import type { KbService } from '../kb/kb.service';
import type { Unit } from '../org/org.repo';
import { findDuplicates, type DuplicateCandidate } from './duplicates';
import { JurisdictionFinder, learnPlaceTerms, type Jurisdiction } from './jurisdiction';
import type { ModelStore } from './model-store';

export interface AssistInput {
  title?: string;
  description?: string;
  address?: string;
  location?: { lat: number; lng: number } | null;
  excludeOrderId?: number;
}
export interface CategorySuggestion {
  categoryId: number;
  name: string;
  path: string[];
  /** probability that this leaf is right, among the leaf categories (calibrated when `calibration.fitted`) */
  confidence: number;
  /** 1 = most likely */
  rank: number;
  /** 高/中/低 of a calibrated confidence; null when the model is not calibrated yet (the rank is all it says) */
  band: ConfidenceBand | null;
  words: string[];
}
export type ConfidenceBand = 'high' | 'medium' | 'low';
/** Calibrated confidence at or above these is 高 / 中 (docs/DISPATCH.md). */
export const BAND_HIGH = 0.7;
export const BAND_MEDIUM = 0.4;
export const bandOf = (p: number): ConfidenceBand => (p >= BAND_HIGH ? 'high' : p >= BAND_MEDIUM ? 'medium' : 'low');
export interface UnitSuggestion {
  unitId: number;
  name: string;
  type: string;
  confidence: number;
  reasons: string[];
}

const REFRESH_MS = 60_000;

export function assistService(db: Db, clock: Clock, models: ModelStore, kb: KbService) {
  type Context = { at: number; units: Unit[]; cats: Map<number, Category>; finder: JurisdictionFinder };
  let cache: Context | null = null;
  let loading: Promise<Context> | null = null;
  let lastCatchUp = 0;

  async function load(): Promise<Context> {
    const { rows: units } = await db.query<Unit>(`select id, code, name, aliases, type, parent_id as "parentId", path, geojson, contact from units`);
    const { rows: cats } = await db.query<Category>(
      `select id, parent_id as "parentId", level, name, tier, handler_kind as "handlerKind", handler_unit_id as "handlerUnitId", keywords, active from catalog_categories`,
    );
    return { at: Date.now(), units, cats: new Map(cats.map((c) => [c.id, c])), finder: new JurisdictionFinder(units, await learnPlaceTerms(db, clock.now())) };
  }

  /** The unit gazetteer, catalog and learned place names. A stale copy keeps answering while a fresh one
   *  loads in the background (learning road names reads up to 50,000 orders: not on a request's path). */
  function refresh(): Promise<Context> {
    loading ??= load()
      .then((c) => (cache = c))
      .finally(() => {
        loading = null;
      });
    return loading;
  }

  async function context(): Promise<Context> {
    if (!cache) return refresh();
    if (Date.now() - cache.at >= REFRESH_MS) refresh().catch(() => undefined); // a failed refresh keeps the old copy
    return cache;
  }

  function pathOf(cats: Map<number, Category>, c: Category): string[] {
    const out = [c.name];
    for (let p = c.parentId ? cats.get(c.parentId) : undefined; p; p = p.parentId ? cats.get(p.parentId) : undefined) out.unshift(p.name);
    return out;
  }

  /** Category → handler rule → the unit; confidences of categories pointing at one unit add up. */
  function unitsFor(ctx: Context, categories: CategorySuggestion[], j: Jurisdiction): UnitSuggestion[] {
    const byUnit = new Map<number, UnitSuggestion>();
    const street = ctx.finder.unit(j.streetId);
    for (const c of categories) {
      const leaf = ctx.cats.get(c.categoryId);
      if (!leaf) continue;
      let unit: Unit | null = null;
      let why = '';
      if ((leaf.handlerKind === 'department' || leaf.handlerKind === 'company') && leaf.handlerUnitId) {
        unit = ctx.finder.unit(leaf.handlerUnitId);
        why = `「${c.name}」由${unit?.name ?? ''}承办`;
      } else if (street) {
        unit = street;
        why = `「${c.name}」属地办理：${j.source === 'location' ? '坐标' : `地址“${j.matched}”`}位于${street.name}`;
      }
      if (!unit) continue;
      const conf = c.confidence * (unit === street ? Math.max(0.5, j.confidence) : 1);
      const cur = byUnit.get(unit.id) ?? { unitId: unit.id, name: unit.name, type: unit.type, confidence: 0, reasons: [] };
      cur.confidence += conf;
      cur.reasons.push(why);
      byUnit.set(unit.id, cur);
    }
    if (street && !byUnit.has(street.id)) byUnit.set(street.id, { unitId: street.id, name: street.name, type: street.type, confidence: 0.05, reasons: [`属地：${street.name}`] });
    return [...byUnit.values()]
      .map((u) => ({ ...u, confidence: Math.round(Math.min(1, u.confidence) * 1000) / 1000 }))
      .sort((a, b) => b.confidence - a.confidence)
      .slice(0, 3);
  }

  return {
    models,
    async suggest(input: AssistInput, opts: { duplicates: boolean }) {
      if (Date.now() - lastCatchUp > 2000) {
        lastCatchUp = Date.now();
        await models.catchUp();
      }
      const ctx = await context();
      const title = input.title ?? '';
      const description = input.description ?? '';
      const categories: CategorySuggestion[] = [];
      const calibration = models.calibration;
      // An order is dispatched to a leaf: the catalog's first and second levels are labels of the model (their
      // names are priors) but never an answer, so the confidence is the probability among active leaves.
      const isLeaf = (label: string) => {
        const c = ctx.cats.get(Number(label));
        return !!c && c.level === 3 && c.active;
      };
      for (const p of models.predict(title, `${description} ${input.address ?? ''}`, 3, isLeaf)) {
        const c = ctx.cats.get(Number(p.label));
        if (c && isLeaf(p.label)) {
          const confidence = Math.round(p.confidence * 1000) / 1000;
          categories.push({ categoryId: c.id, name: c.name, path: pathOf(ctx.cats, c), confidence, rank: categories.length + 1, band: calibration ? bandOf(confidence) : null, words: p.words.slice(0, 5) });
        }
      }
      const jurisdiction = ctx.finder.find(input);
      const name = (id: number | null) => (id ? ctx.finder.unit(id)?.name ?? null : null);
      const units = unitsFor(ctx, categories, jurisdiction);
      const text = `${title} ${description}`.trim();
      const [duplicates, articles] = await Promise.all([
        opts.duplicates && title
          ? findDuplicates(db, { title, description, address: input.address, location: input.location, categoryProbs: new Map(categories.map((c) => [c.categoryId, c.confidence])), streetId: jurisdiction.streetId, excludeId: input.excludeOrderId }, clock.now())
          : Promise.resolve([] as DuplicateCandidate[]),
        text ? kb.search(text, { limit: 3, categoryId: categories[0]?.categoryId }) : Promise.resolve([]),
      ]);
      return {
        modelReady: models.ready,
        calibration: calibration ? { fitted: true, heldOut: calibration.heldOut, ece: calibration.ece } : { fitted: false, heldOut: 0, ece: null },
        categories,
        jurisdiction: { ...jurisdiction, streetName: name(jurisdiction.streetId), communityName: name(jurisdiction.communityId), gridName: name(jurisdiction.gridId) },
        units,
        duplicates,
        articles: articles.map((a) => ({ id: a.id, question: a.question, answer: a.answer, score: a.score })),
      };
    },
    /** Loads the segmentation dictionary and the unit gazetteer before traffic arrives (a cold first call blocks ~1 s). */
    async warmUp(): Promise<void> {
      searchWords('预热分词词典');
      await context();
    },
    /** Reloads the gazetteer, catalog and learned place names now (normally every minute, in the background). */
    async refresh(): Promise<void> {
      await refresh();
    },
    async standardiseAddress(address: string) {
      return (await context()).finder.standardise(address);
    },
    async locate(input: AssistInput): Promise<number | null> {
      return (await context()).finder.find(input).streetId;
    },
  };
}
export type AssistService = ReturnType<typeof assistService>;
