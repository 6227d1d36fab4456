// The category model of this instance: trained from the catalog (names and keywords as priors) and
// the labelled examples in the database, then kept in step with new examples (every dispatch's
// confirmed or corrected category) by online updates. The database is the truth; each instance
// catches up from the id it last saw, woken by NOTIFY minhu_assist — no state shared in memory.
import { Worker } from 'node:worker_threads';
import type { Db } from '../../db';
import { CategoryModel } from './classifier/model';
import type { LabelPrior } from './classifier/priors';
import type { CalibrationReport, Example, Prediction } from './classifier/types';

export const ASSIST_CHANNEL = 'minhu_assist';
const MAX_TRAINING = 20_000;

async function priorsFrom(db: Db): Promise<LabelPrior[]> {
  const { rows } = await db.query<{ id: number; name: string; keywords: string[]; l2: string | null; l1: string | null; level: number }>(
    `select c.id, c.name, c.keywords, c.level, p.name as l2, pp.name as l1 from catalog_categories c
     left join catalog_categories p on p.id = c.parent_id left join catalog_categories pp on pp.id = p.parent_id where c.active`,
  );
  return rows.map((r) => ({ label: String(r.id), names: [r.name, r.l2, r.l1].filter((x): x is string => !!x), keywords: r.keywords }));
}

function trainInWorker(examples: Example[], priors: LabelPrior[], demo: Example[]): Promise<CategoryModel> {
  return new Promise((resolve, reject) => {
    const w = new Worker(new URL('./train-worker.mjs', import.meta.url), { workerData: { examples, priors, demo } });
    w.once('message', (json: string) => resolve(CategoryModel.fromJSON(json)));
    w.once('error', reject);
    w.once('exit', (code) => code !== 0 && reject(new Error(`training worker exited with ${code}`)));
  });
}

export class ModelStore {
  private model: CategoryModel | null = null;
  private seenId = 0;
  private catalogVersion = -1;
  private training: Promise<void> | null = null;
  private catching: Promise<void> | null = null;
  examples = 0;

  constructor(private db: Db) {}

  get ready(): boolean {
    return this.model !== null;
  }

  /** Full retrain from the catalog and the latest examples (in a worker thread). */
  retrain(): Promise<void> {
    this.training ??= (async () => {
      try {
        const { rows: v } = await this.db.query<{ v: number | null }>('select max(version) as v from catalog_versions');
        const priors = await priorsFrom(this.db);
        const { rows } = await this.db.query<Example & { id: number; source: string }>(
          `select id, title, detail, label, source from assist_examples order by id desc limit ${MAX_TRAINING}`,
        );
        const known = new Set(priors.map((p) => p.label));
        const usable = rows.filter((r) => known.has(r.label)).reverse();
        // generated demo history (source 'demo') is always trained on but never held out to fit the
        // confidence calibration: templated text would make the model look surer than real orders allow
        const examples = usable.filter((r) => r.source !== 'demo').map(({ title, detail, label }) => ({ title, detail, label }));
        const demo = usable.filter((r) => r.source === 'demo').map(({ title, detail, label }) => ({ title, detail, label }));
        if (!priors.length) return;
        this.model = await trainInWorker(examples, priors, demo);
        this.seenId = Math.max(this.seenId, rows[0]?.id ?? 0);
        this.examples = examples.length;
        this.catalogVersion = v[0].v ?? 0;
      } finally {
        this.training = null;
      }
    })();
    return this.training;
  }

  /** Applies examples added since the last look; a catalog change triggers a full retrain. */
  catchUp(): Promise<void> {
    this.catching ??= (async () => {
      try {
        const { rows: v } = await this.db.query<{ v: number | null }>('select max(version) as v from catalog_versions');
        if (!this.model || (v[0].v ?? 0) !== this.catalogVersion) return void (await this.retrain());
        const { rows } = await this.db.query<Example & { id: number }>('select id, title, detail, label from assist_examples where id > $1 order by id limit 5000', [this.seenId]);
        let unknown = false;
        for (const r of rows) {
          if (this.model.learn(r)) this.examples++;
          else unknown = true;
          this.seenId = r.id;
        }
        if (unknown) await this.retrain();
      } finally {
        this.catching = null;
      }
    })();
    return this.catching;
  }

  async start(): Promise<() => Promise<void>> {
    await this.retrain();
    const catchUp = () => void this.catchUp().catch(() => undefined);
    return this.db.listen(ASSIST_CHANNEL, catchUp, catchUp);
  }

  predict(title: string, detail: string, k = 3, keep?: (label: string) => boolean): Prediction[] {
    return this.model ? this.model.predict(title, detail, k, undefined, keep) : [];
  }

  /** How the shown confidence was calibrated on this instance's real orders (null: not fitted, scores are raw). */
  get calibration(): CalibrationReport | null {
    return this.model?.calibration ?? null;
  }
}
