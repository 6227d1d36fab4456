// Knowledge-base search on real data: the government's 120 official replies in
// ../shared/data/messages-with-replies.jsonl become articles (answer = the reply, question = the reply's
// first sentence, which is how an editor would title it), and each resident's message (title + text)
// is a question whose right answer is its own reply. Prints one JSON line
// {bench:'kb', articles, questions, recallAt1, recallAt3, mrr} (MRR over the top 50).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { migrate } from '../src/db';
import { openPglite } from '../src/db/pglite';
import { systemClock } from '../src/shared/clock';
import { kbService } from '../src/modules/kb/kb.service';
import { sharedDataDir } from '../src/modules/assist/classifier/data';

const FILE = path.join(sharedDataDir(), 'messages-with-replies.jsonl');

export interface ReplyPair {
  title: string;
  detail: string;
  reply: string;
}

export function readReplyPairs(file = FILE): ReplyPair[] {
  return fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ReplyPair)
    .filter((r) => typeof r.reply === 'string' && r.reply.trim() && typeof r.title === 'string');
}

/** An editor's title for a reply: its first sentence, at most 80 characters. */
export function articleQuestion(reply: string): string {
  const first = reply.trim().split(/[。！？\n]/)[0] ?? '';
  return (first || reply).slice(0, 80);
}

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export async function benchKb(pairs: ReplyPair[]): Promise<{ bench: 'kb'; articles: number; questions: number; recallAt1: number; recallAt3: number; mrr: number; seconds: number }> {
  const db = await openPglite(null);
  try {
    await migrate(db);
    const kb = kbService(db, systemClock);
    await kb.importMany(pairs.map((p) => ({ question: articleQuestion(p.reply), answer: p.reply.slice(0, 20000), source: 'messages-with-replies' })), null);
    const ids = (await kb.list(1, 10000)).items.map((a) => ({ id: a.id, answer: a.answer }));
    const idOf = new Map(ids.map((a) => [a.answer, a.id]));
    let at1 = 0;
    let at3 = 0;
    let rr = 0;
    const t = performance.now();
    for (const p of pairs) {
      const want = idOf.get(p.reply.slice(0, 20000));
      const hits = await kb.search(`${p.title} ${p.detail}`, { limit: 50 });
      const rank = hits.findIndex((h) => h.id === want);
      if (rank === 0) at1++;
      if (rank >= 0 && rank < 3) at3++;
      if (rank >= 0) rr += 1 / (rank + 1);
    }
    const n = pairs.length;
    return { bench: 'kb', articles: ids.length, questions: n, recallAt1: r4(at1 / n), recallAt3: r4(at3 / n), mrr: r4(rr / n), seconds: r4((performance.now() - t) / 1000) };
  } finally {
    await db.close();
  }
}

/** `npm run bench -- kb`: one JSON line. */
export async function main(_argv: string[]): Promise<number> {
  if (!fs.existsSync(FILE)) {
    console.log(JSON.stringify({ bench: 'kb', skipped: `${FILE} is absent` }));
    return 0;
  }
  console.log(JSON.stringify(await benchKb(readReplyPairs())));
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((c) => process.exit(c));
}
