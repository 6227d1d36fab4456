// Hotspot clustering 热点聚类 (pure, no database): orders about the same problem in the same place.
// Text: the assist module's features (character 1–2-grams and jieba words, title weighted) as TF-IDF vectors
// over the orders being clustered, L2-normalised. Orders are taken in time order (leader clustering): each joins
// the most similar cluster that is in a compatible place (the same or a neighbouring street, or within
// `distanceMeters` of the cluster's centre) and category (the same first-level category, or one of them
// unclassified) if the cosine to the cluster's centroid reaches `similarity`; otherwise it starts a cluster.
import { DEFAULT_FEATURES, emitFeatures, termOf, type FeatureKey } from '../assist/classifier/text';
import { distanceMeters } from '../geo';

export interface ClusterDoc {
  id: number;
  at: Date;
  title: string;
  description: string;
  /** the street (or town) the order is about; null when unknown */
  streetId: number | null;
  lat: number | null;
  lng: number | null;
  /** first-level category (or null when unclassified) */
  category1: number | null;
}

export interface ClusterOptions {
  similarity: number;
  distanceMeters: number;
  /** street → its neighbouring streets (polygons that touch) */
  neighbours: Map<number, Set<number>>;
  /** the centroid keeps this many of its heaviest terms (bounded memory, and the keywords) */
  centroidTerms: number;
}

export const DEFAULT_CLUSTER: Omit<ClusterOptions, 'neighbours'> = { similarity: 0.3, distanceMeters: 1000, centroidTerms: 80 };

export interface Cluster {
  members: ClusterDoc[];
  /** summed member vectors (trimmed to the heaviest terms) */
  sum: Map<FeatureKey, number>;
  norm: number;
  streets: Map<number, number>;
  category1: number | null;
  lat: number | null;
  lng: number | null;
  located: number;
}

type Vec = Map<FeatureKey, number>;
// Features: no title-only copies (a cluster is about the problem, wherever it is written).
const FEATURES = { ...DEFAULT_FEATURES, titleNamespace: false };

export function bagOf(d: Pick<ClusterDoc, 'title' | 'description'>): Vec {
  const bag: Vec = new Map();
  emitFeatures(d.title, d.description.slice(0, 400), FEATURES, (k, w) => bag.set(k, (bag.get(k) ?? 0) + w));
  return bag;
}

/** The document frequencies of the documents' terms. */
export function documentFrequencies(bags: Vec[]): Map<FeatureKey, number> {
  const df = new Map<FeatureKey, number>();
  for (const b of bags) for (const k of b.keys()) df.set(k, (df.get(k) ?? 0) + 1);
  return df;
}

/** One bag's TF-IDF vector (sublinear tf, smoothed idf over n documents, L2 norm); `dfOf` gives a term's frequency. */
export function vectorOf(b: Vec, n: number, dfOf: (k: FeatureKey) => number): Vec {
  const v: Vec = new Map();
  let ss = 0;
  for (const [k, c] of b) {
    const w = (1 + Math.log(c)) * (Math.log((1 + n) / (1 + dfOf(k))) + 1);
    v.set(k, w);
    ss += w * w;
  }
  const norm = Math.sqrt(ss) || 1;
  for (const [k, w] of v) v.set(k, w / norm);
  return v;
}

export function cosine(v: Vec, c: Pick<Cluster, 'sum' | 'norm'>): number {
  if (!c.norm) return 0;
  let dot = 0;
  for (const [k, w] of v) {
    const x = c.sum.get(k);
    if (x !== undefined) dot += w * x;
  }
  return dot / c.norm;
}

function placeFits(d: ClusterDoc, c: Cluster, o: ClusterOptions): boolean {
  if (d.lat !== null && d.lng !== null && c.lat !== null && c.lng !== null && distanceMeters({ lat: d.lat, lng: d.lng }, { lat: c.lat, lng: c.lng }) <= o.distanceMeters) return true;
  if (d.streetId === null) return c.streets.size === 0;
  for (const s of c.streets.keys()) if (s === d.streetId || o.neighbours.get(s)?.has(d.streetId)) return true;
  return false;
}

const categoryFits = (d: ClusterDoc, c: Cluster) => d.category1 === null || c.category1 === null || d.category1 === c.category1;

export function add(c: Cluster, d: ClusterDoc, v: Vec, o: Pick<ClusterOptions, 'centroidTerms'>) {
  c.members.push(d);
  for (const [k, w] of v) c.sum.set(k, (c.sum.get(k) ?? 0) + w);
  if (c.sum.size > o.centroidTerms * 2) {
    const keep = [...c.sum.entries()].sort((a, b) => b[1] - a[1]).slice(0, o.centroidTerms);
    c.sum = new Map(keep);
  }
  let ss = 0;
  for (const w of c.sum.values()) ss += w * w;
  c.norm = Math.sqrt(ss);
  if (d.streetId !== null) c.streets.set(d.streetId, (c.streets.get(d.streetId) ?? 0) + 1);
  c.category1 ??= d.category1;
  if (d.lat !== null && d.lng !== null) {
    // the running mean of the located members
    c.located++;
    c.lat = c.lat === null ? d.lat : c.lat + (d.lat - c.lat) / c.located;
    c.lng = c.lng === null ? d.lng : c.lng + (d.lng - c.lng) / c.located;
  }
}

/** Clusters the documents (any order; processed by time, then id). */
export function clusterDocs(docs: ClusterDoc[], o: ClusterOptions): Cluster[] {
  return clusterWithVocabulary(docs, o).clusters;
}

/** The clusters, with the document frequencies they were computed with (kept so that a new order can join later). */
export function clusterWithVocabulary(docs: ClusterDoc[], o: ClusterOptions, bagFor: (d: ClusterDoc) => Vec = bagOf): { clusters: Cluster[]; df: Map<FeatureKey, number>; n: number } {
  const sorted = [...docs].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  const bags: (Vec | null)[] = sorted.map(bagFor);
  const df = documentFrequencies(bags as Vec[]);
  const n = sorted.length;
  const clusters: Cluster[] = [];
  // Candidate clusters by street (and neighbours), so a document is compared with the clusters near it only.
  const byStreet = new Map<number | null, Cluster[]>();
  sorted.forEach((d, i) => {
    // Each vector is built when its document is placed and its bag let go: a large window's vectors are never all in memory.
    const v = vectorOf(bags[i]!, n, (k) => df.get(k)!);
    bags[i] = null;
    const near = new Set<Cluster>(byStreet.get(d.streetId) ?? []);
    if (d.streetId !== null) for (const s of o.neighbours.get(d.streetId) ?? []) for (const c of byStreet.get(s) ?? []) near.add(c);
    // Located documents may also join a cluster of another street within the distance.
    if (d.lat !== null) for (const c of clusters.slice(-500)) if (c.lat !== null) near.add(c);
    let best: Cluster | null = null;
    let bestSim = o.similarity;
    for (const c of near) {
      if (!categoryFits(d, c) || !placeFits(d, c, o)) continue;
      const sim = cosine(v, c);
      if (sim >= bestSim) {
        best = c;
        bestSim = sim;
      }
    }
    if (!best) {
      best = { members: [], sum: new Map(), norm: 0, streets: new Map(), category1: null, lat: null, lng: null, located: 0 };
      clusters.push(best);
    }
    const knew = new Set(best.streets.keys());
    add(best, d, v, o);
    if (d.streetId !== null && !knew.has(d.streetId)) {
      const list = byStreet.get(d.streetId) ?? [];
      list.push(best);
      byStreet.set(d.streetId, list);
    }
    if (d.streetId === null && best.members.length === 1) {
      const list = byStreet.get(null) ?? [];
      list.push(best);
      byStreet.set(null, list);
    }
  });
  return { clusters, df, n };
}

/** The cluster's readable keywords: its heaviest jieba words (falling back to character bigrams). */
export function keywordsOf(c: Cluster, n = 5): string[] {
  const terms = [...c.sum.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => termOf(k));
  const words = terms.filter((t) => t.startsWith('w:')).map((t) => t.slice(2));
  const grams = terms.filter((t) => t.startsWith('c:') && t.length === 4).map((t) => t.slice(2));
  const out: string[] = [];
  for (const t of [...words, ...grams]) {
    if (out.length >= n) break;
    if (!out.some((x) => x.includes(t) || t.includes(x))) out.push(t);
  }
  return out;
}
