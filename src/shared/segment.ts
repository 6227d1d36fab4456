// Chinese word segmentation (jieba), shared by the knowledge base and the assistant.
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
const get = () => (jieba ??= Jieba.withDict(dict));

const STOP = new Set(['的', '了', '和', '是', '在', '我', '有', '也', '就', '都', '请', '问', '吗', '呢', '啊', '什么', '怎么', '如何', '哪里', '需要', '可以', '一下', '您好', '你好']);

/** Words for indexing and querying: search-mode segmentation, no punctuation or stop words, lower-case. */
export function searchWords(text: string): string[] {
  if (!text) return [];
  return get()
    .cutForSearch(text.slice(0, 5000), true)
    .map((w) => w.trim().toLowerCase())
    .filter((w) => w.length > 0 && !STOP.has(w) && /[\p{L}\p{N}]/u.test(w));
}

/** A tsquery over the words (OR), safe to pass as a parameter to to_tsquery('simple', …). */
export function orQuery(words: string[]): string {
  const safe = [...new Set(words.map((w) => w.replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean))].slice(0, 32);
  return safe.join(' | ');
}
