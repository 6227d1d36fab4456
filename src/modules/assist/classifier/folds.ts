import { rng, shuffle } from './growable';

/** Stratified fold assignment: each class is shuffled (seeded) and dealt round-robin over k folds. */
export function stratifiedFolds(labels: string[], k: number, seed = 42): number[] {
  const rand = rng(seed);
  const byClass = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const a = byClass.get(l);
    if (a) a.push(i);
    else byClass.set(l, [i]);
  });
  const fold = new Array<number>(labels.length).fill(0);
  let next = 0;
  for (const key of [...byClass.keys()].sort()) {
    for (const i of shuffle(byClass.get(key)!, rand)) fold[i] = next++ % k;
  }
  return fold;
}
