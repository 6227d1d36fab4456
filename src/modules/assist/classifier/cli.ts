// `minhu model train --data FILE.jsonl [--out model.json] [--catalog taxonomy.csv]`
// `minhu model evaluate --train A.jsonl --test B.jsonl [--catalog …]`
// `minhu model evaluate --data FILE.jsonl [--folds 5] [--seed 42] [--catalog …]`
// Each prints one JSON line {"n","accuracy","macro_f1","top3"} on stdout (--train/--test adds the 95 % Wilson
// intervals and the ECE of the shown confidence); progress goes to stderr.
// Bad input → a message on stderr and exit code 2.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { CategoryModel } from './model';
import { crossValidate } from './evaluate';
import { score } from './metrics';
import { expectedCalibrationError, predictHeld, wilson } from './honest';
import { DataError, readCatalogPriors, readExamples } from './data';
import type { ProgressFn, TrainOptions } from './types';

export const MODEL_USAGE = `usage:
  model train --data FILE.jsonl [--out model.json] [--catalog catalog.csv]
  model evaluate --train A.jsonl --test B.jsonl [--catalog catalog.csv]
  model evaluate --data FILE.jsonl [--folds 5] [--seed 42] [--catalog catalog.csv]
JSONL lines need "title", "detail" and "label"; the catalog CSV (level1,level2,level3) adds prior knowledge.`;

class UsageError extends Error {}

function progress(): ProgressFn {
  let last = 0;
  let stage = '';
  const t0 = Date.now();
  return (p) => {
    const now = Date.now();
    const done = p.done === p.total;
    if (p.stage === stage && !done && now - last < 1000) return;
    stage = p.stage;
    last = now;
    process.stderr.write(`[model] ${p.stage} ${p.done}/${p.total} (${((now - t0) / 1000).toFixed(1)}s)\n`);
  };
}

function trainOptions(catalog: string | undefined, labels: Iterable<string>): TrainOptions {
  return catalog ? { priors: readCatalogPriors(catalog, labels) } : {};
}

export async function runModelCli(args: string[]): Promise<number> {
  const argv = args[0] === 'model' ? args.slice(1) : args;
  const [sub, ...rest] = argv;
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: {
          data: { type: 'string' },
          out: { type: 'string' },
          train: { type: 'string' },
          test: { type: 'string' },
          folds: { type: 'string' },
          seed: { type: 'string' },
          catalog: { type: 'string' },
        },
      });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const v = parsed.values;
    if (sub === 'train') {
      if (!v.data) throw new UsageError('model train needs --data FILE.jsonl');
      const data = readExamples(v.data);
      const t0 = performance.now();
      const model = CategoryModel.train(data, trainOptions(v.catalog, data.map((e) => e.label)), progress());
      const seconds = (performance.now() - t0) / 1000;
      if (v.out) {
        try {
          fs.writeFileSync(v.out, JSON.stringify(model.toJSON()));
        } catch (e) {
          throw new DataError(`${v.out}: cannot write the model (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
        }
        process.stderr.write(`[model] saved ${model.labels.length} labels, ${model.vectorizer.size} features to ${v.out}\n`);
      } else process.stderr.write('[model] not saved (no --out)\n');
      const est = model.estimate ?? { n: data.length, accuracy: null, macro_f1: null, top3: null };
      const line = { ...est, estimate: 'out-of-fold', labels: model.labels.length, train_seconds: Math.round(seconds * 100) / 100, out: v.out ?? null };
      console.log(JSON.stringify(line));
      return 0;
    }
    if (sub === 'evaluate') {
      if (v.train || v.test) {
        if (!v.train || !v.test) throw new UsageError('model evaluate needs both --train A.jsonl and --test B.jsonl');
        const train = readExamples(v.train);
        const test = readExamples(v.test);
        // the product's configuration: the same training as the server, catalog priors when a catalog is given
        const model = CategoryModel.train(train, trainOptions(v.catalog, train.map((e) => e.label)), progress());
        const rows = test.map((e) => predictHeld(model, e));
        const hits = (k: number) => rows.filter((r) => r.ranked.slice(0, k).includes(r.label)).length;
        console.log(JSON.stringify({ ...score(rows), accuracy_ci95: wilson(hits(1), rows.length), top3_ci95: wilson(hits(3), rows.length), ece: expectedCalibrationError(rows) }));
        return 0;
      }
      if (!v.data) throw new UsageError('model evaluate needs --train A.jsonl --test B.jsonl, or --data FILE.jsonl [--folds K]');
      const folds = v.folds === undefined ? 5 : Number(v.folds);
      const seed = v.seed === undefined ? 42 : Number(v.seed);
      if (!Number.isInteger(folds) || folds < 2) throw new UsageError(`--folds must be an integer ≥ 2, got ${v.folds}`);
      if (!Number.isInteger(seed)) throw new UsageError(`--seed must be an integer, got ${v.seed}`);
      const data = readExamples(v.data);
      if (folds > data.length) throw new DataError(`${v.data}: ${data.length} examples cannot be split into ${folds} folds`);
      const opts = trainOptions(v.catalog, data.map((e) => e.label));
      const onFold = (f: number, k: number) => process.stderr.write(`[model] fold ${f}/${k}\n`);
      console.log(JSON.stringify(crossValidate(data, { folds, seed, train: opts, onFold })));
      return 0;
    }
    throw new UsageError(sub ? `unknown model command "${sub}"` : 'missing model command');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n${MODEL_USAGE}\n`);
      return 2;
    }
    if (e instanceof DataError) {
      process.stderr.write(`error: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

// Direct use: node --import tsx src/modules/assist/classifier/cli.ts train --data F.jsonl
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runModelCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exit(1);
    },
  );
}
