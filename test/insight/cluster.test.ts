// Hotspot clustering on a small hand-made set: what must join (the same problem in the same or a neighbouring
// street, or within the distance) and what must not (another problem in the same place; the same problem far
// away; an incompatible category).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterDocs, DEFAULT_CLUSTER, keywordsOf, type ClusterDoc } from '../../src/modules/insight/cluster';

const T0 = Date.parse('2026-06-01T09:00:00+08:00');
let next = 1;
const doc = (title: string, description: string, streetId: number | null, extra: Partial<ClusterDoc> = {}): ClusterDoc => ({
  id: next, at: new Date(T0 + next++ * 3600_000), title, description, streetId, lat: null, lng: null, category1: 10, ...extra,
});
// streets 1–2–3 in a row (1 touches 2, 2 touches 3); 9 is far away
const neighbours = new Map([[1, new Set([2])], [2, new Set([1, 3])], [3, new Set([2])], [9, new Set<number>()]]);
const opts = { ...DEFAULT_CLUSTER, neighbours };

function groupOf(clusters: ReturnType<typeof clusterDocs>, id: number) {
  return clusters.find((c) => c.members.some((m) => m.id === id))!;
}

test('the same problem in the same or a neighbouring street joins; another problem or a far street does not', () => {
  const docs = [
    doc('幸福小区门口垃圾堆积无人清理', '幸福小区南门垃圾桶满了好几天没人清运，气味很大。', 1),
    doc('幸福小区垃圾没人清运', '小区门口的垃圾堆了三天了，苍蝇很多，希望尽快清理。', 1),
    doc('小区南门垃圾堆积发臭', '幸福小区南门口垃圾几天没清运，臭味影响居民。', 2),
    doc('幸福小区门口垃圾堆积', '垃圾一直没人清理，天气热味道大。', 1),
    // another problem, same street
    doc('幸福小区路灯不亮', '小区东侧路灯坏了一个月，晚上出行不安全。', 1),
    doc('东侧路灯坏了晚上很黑', '幸福小区东侧几盏路灯不亮，老人晚上出门不方便。', 1),
    // the same problem, far away
    doc('小区门口垃圾堆积无人清理', '小区南门垃圾桶满了好几天没人清运，气味很大。', 9),
    // the same words, incompatible category
    doc('幸福小区门口垃圾堆积', '垃圾堆积无人清理，物业不管。', 1, { category1: 20 }),
    // unrelated noise
    doc('孩子入学报名咨询', '请问今年小学入学报名需要哪些材料？', 1),
  ];
  const clusters = clusterDocs(docs, opts);
  const garbage = groupOf(clusters, 1);
  assert.deepEqual(garbage.members.map((m) => m.id).sort((a, b) => a - b), [1, 2, 3, 4], 'the four garbage orders of streets 1 and 2 form one cluster');
  const lights = groupOf(clusters, 5);
  assert.notEqual(lights, garbage);
  assert.deepEqual(lights.members.map((m) => m.id), [5, 6]);
  assert.notEqual(groupOf(clusters, 7), garbage, 'street 9 is not a neighbour');
  assert.notEqual(groupOf(clusters, 8), garbage, 'another first-level category');
  assert.equal(groupOf(clusters, 9).members.length, 1);
  assert.ok(keywordsOf(garbage).some((k) => k.includes('垃圾')), keywordsOf(garbage).join(','));
});

test('located orders within the distance join across a street border; beyond it they do not', () => {
  const at = (lat: number, lng: number) => ({ lat, lng });
  const docs = [
    doc('工地夜间施工噪音扰民', '晚上十一点以后还在施工，噪音很大无法入睡。', 1, at(26.08, 119.3)),
    doc('夜间施工噪音太大', '工地半夜施工，噪音扰民，请管一管。', 3, at(26.083, 119.301)), // ~350 m, street 3 is not a neighbour of 1
    doc('工地夜里施工噪音扰民', '夜间施工噪音很大，影响休息。', 9, at(26.2, 119.5)), // far
  ];
  const clusters = clusterDocs(docs, opts);
  assert.equal(groupOf(clusters, docs[0].id), groupOf(clusters, docs[1].id));
  assert.notEqual(groupOf(clusters, docs[0].id), groupOf(clusters, docs[2].id));
});
