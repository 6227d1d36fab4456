// Hotspot clustering quality on a truth set of real residents' messages placed in known clusters and streets,
// plus noise (see _truth.ts): purity and recall of the clusters, on three different draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterDocs, DEFAULT_CLUSTER } from '../../src/modules/insight/cluster';
import { buildTruthSet, dataFile, gridNeighbours, haveData, readMessages, score } from './_truth';

const skip = haveData() ? false : 'the shared data folder (../shared/data) is absent';

test('purity and recall on real messages in known clusters and places', { skip }, (t) => {
  const messages = [...readMessages(dataFile('messages-labeled.jsonl')), ...readMessages(dataFile('messages-with-replies.jsonl'))];
  const results: ReturnType<typeof score>[] = [];
  for (const seed of [1, 2, 3]) {
    const docs = buildTruthSet(messages, { clusters: 25, noise: 200, seed, start: new Date('2026-06-01T00:00:00+08:00') });
    const r = score(docs, clusterDocs(docs, { ...DEFAULT_CLUSTER, neighbours: gridNeighbours() }));
    results.push(r);
    t.diagnostic(`seed ${seed}: ${docs.length} orders, ${r.truths} true clusters, ${r.predicted} predicted (2+), purity ${r.purity.toFixed(3)}, recall ${r.recall.toFixed(3)}`);
  }
  const mean = (k: 'purity' | 'recall') => results.reduce((s, r) => s + r[k], 0) / results.length;
  t.diagnostic(`mean purity ${mean('purity').toFixed(3)}, mean recall ${mean('recall').toFixed(3)}`);
  assert.ok(mean('purity') >= 0.9, `purity ${mean('purity')}`);
  assert.ok(mean('recall') >= 0.8, `recall ${mean('recall')}`);
});

test('harder versions (each keeps about a third of the seed\'s sentences and title): still apart from noise', { skip }, (t) => {
  const messages = [...readMessages(dataFile('messages-labeled.jsonl')), ...readMessages(dataFile('messages-with-replies.jsonl'))];
  const results: ReturnType<typeof score>[] = [];
  for (const seed of [4, 5, 6]) {
    const docs = buildTruthSet(messages, { clusters: 25, noise: 200, seed, start: new Date('2026-06-01T00:00:00+08:00'), share: 0.35 });
    const r = score(docs, clusterDocs(docs, { ...DEFAULT_CLUSTER, neighbours: gridNeighbours() }));
    results.push(r);
    t.diagnostic(`seed ${seed} (share 0.35): purity ${r.purity.toFixed(3)}, recall ${r.recall.toFixed(3)}`);
  }
  const mean = (k: 'purity' | 'recall') => results.reduce((s, r) => s + r[k], 0) / results.length;
  t.diagnostic(`mean purity ${mean('purity').toFixed(3)}, mean recall ${mean('recall').toFixed(3)}`);
  assert.ok(mean('purity') >= 0.9, `purity ${mean('purity')}`);
  assert.ok(mean('recall') >= 0.8, `recall ${mean('recall')}`);
});
