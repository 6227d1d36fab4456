// A truth set for hotspot clustering, built from real residents' messages (../shared/data, never copied into
// the project): K problems, each written several times by different residents (the seed message's sentences,
// a subset and order per member, the title cut differently) in one street or its neighbour, plus the same
// problem again in a far street (must not join), plus noise (other real messages, one each, anywhere).
// Not a test file itself.
import fs from 'node:fs';
import path from 'node:path';
import { sharedDataDir } from '../../src/modules/assist/classifier';
import type { Cluster, ClusterDoc } from '../../src/modules/insight/cluster';

export interface Labeled extends ClusterDoc { truth: string }

export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const dataFile = (name: string) => path.join(sharedDataDir(), name);
export const haveData = () => fs.existsSync(dataFile('messages-labeled.jsonl'));

interface Msg { title: string; detail: string; label?: string }
export function readMessages(file: string): Msg[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/).filter(Boolean).map((l) => JSON.parse(l) as Msg).filter((m) => m.title && m.detail);
}

/** Streets 1…12 on a 4×3 grid; neighbours share an edge. */
export const GRID = 4;
export function gridNeighbours(n = 12): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (let s = 1; s <= n; s++) {
    const x = (s - 1) % GRID;
    const y = Math.floor((s - 1) / GRID);
    const set = new Set<number>();
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nx = x + dx;
      const ny = y + dy;
      if (nx >= 0 && nx < GRID && ny >= 0 && ny * GRID + nx < n) set.add(ny * GRID + nx + 1);
    }
    out.set(s, set);
  }
  return out;
}

const sentences = (s: string) => s.split(/(?<=[。！？；!?;])/).map((x) => x.trim()).filter((x) => x.length >= 4);

/** One resident's version of a problem: some of the seed's sentences, and the title cut at another place. */
function variant(m: Msg, rand: () => number, share = 0.6): { title: string; description: string } {
  const ss = sentences(m.detail);
  const keep = ss.filter(() => rand() < share);
  const body = (keep.length ? keep : ss.slice(0, 1)).sort(() => rand() - 0.5).join('');
  const t = m.title;
  const cut = Math.floor(t.length * (share + (1 - share) * rand()));
  const start = rand() < 0.5 ? 0 : t.length - cut;
  return { title: t.slice(start, start + cut), description: body };
}

/** `share`: the part of the seed's sentences (and title) each resident's version keeps (default 0.6). */
export function buildTruthSet(messages: Msg[], opts: { clusters: number; noise: number; seed: number; start: Date; share?: number }): Labeled[] {
  const rand = rng(opts.seed);
  const pool = [...messages].sort(() => rand() - 0.5);
  const seeds = pool.slice(0, opts.clusters);
  const noise = pool.slice(opts.clusters, opts.clusters + opts.noise);
  const nb = gridNeighbours();
  const out: Labeled[] = [];
  let id = 1;
  const at = () => new Date(opts.start.getTime() + Math.floor(rand() * 7 * 86_400_000));
  seeds.forEach((m, k) => {
    const street = 1 + Math.floor(rand() * 12);
    const near = [...nb.get(street)!];
    const size = 3 + Math.floor(rand() * 6);
    for (let i = 0; i < size; i++) {
      const s = i > 0 && rand() < 0.25 ? near[Math.floor(rand() * near.length)] : street;
      out.push({ id: id++, at: at(), ...variant(m, rand, opts.share), streetId: s, lat: null, lng: null, category1: k % 7, truth: `c${k}` });
    }
    // the same problem in a street that is neither this one nor a neighbour: a cluster of its own
    const far = [...nb.keys()].filter((s) => s !== street && !nb.get(street)!.has(s));
    const fs2 = far[Math.floor(rand() * far.length)];
    for (let i = 0; i < 2; i++) out.push({ id: id++, at: at(), ...variant(m, rand, opts.share), streetId: fs2, lat: null, lng: null, category1: k % 7, truth: `c${k}-far` });
  });
  for (const m of noise) out.push({ id: id++, at: at(), title: m.title, description: m.detail, streetId: 1 + Math.floor(rand() * 12), lat: null, lng: null, category1: null, truth: `n${id}` });
  return out;
}

/**
 * Purity: over predicted clusters of two or more, the share of members that belong to the cluster's majority
 * truth (weighted by size). Recall: over true clusters, the largest share of its members found together.
 */
export function score(docs: Labeled[], clusters: Cluster[]): { purity: number; recall: number; predicted: number; truths: number } {
  const truthOf = new Map(docs.map((d) => [d.id, d.truth]));
  let pure = 0;
  let inMulti = 0;
  let predicted = 0;
  for (const c of clusters) {
    if (c.members.length < 2) continue;
    predicted++;
    const counts = new Map<string, number>();
    for (const m of c.members) counts.set(truthOf.get(m.id)!, (counts.get(truthOf.get(m.id)!) ?? 0) + 1);
    pure += Math.max(...counts.values());
    inMulti += c.members.length;
  }
  const byTruth = new Map<string, number[]>();
  for (const d of docs) if (!d.truth.startsWith('n')) byTruth.set(d.truth, [...(byTruth.get(d.truth) ?? []), d.id]);
  const clusterOf = new Map<number, Cluster>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(m.id, c);
  let recall = 0;
  for (const ids of byTruth.values()) {
    const counts = new Map<Cluster, number>();
    for (const i of ids) counts.set(clusterOf.get(i)!, (counts.get(clusterOf.get(i)!) ?? 0) + 1);
    recall += Math.max(...counts.values()) / ids.length;
  }
  return { purity: inMulti ? pure / inMulti : 1, recall: recall / byTruth.size, predicted, truths: byTruth.size };
}
