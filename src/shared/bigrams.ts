// The Chinese bigrams of a text, as migration 0035's cjk_bigrams() indexes them: every pair of adjacent
// characters in U+4E00–U+9FFF. A text that contains a query contains all of the query's bigrams.
const CJK_PAIR = /^[\u4e00-\u9fff]{2}$/;

export function cjkBigrams(text: string): string[] {
  const out = new Set<string>();
  const chars = [...text];
  for (let i = 0; i + 1 < chars.length; i++) {
    const g = chars[i] + chars[i + 1];
    if (CJK_PAIR.test(g)) out.add(g);
  }
  return [...out];
}

/** A tsquery (as text, for `$n::tsquery`) requiring every bigram; null when the text has none. */
export function bigramQuery(text: string): string | null {
  const grams = cjkBigrams(text);
  return grams.length ? grams.map((g) => `'${g}'`).join(' & ') : null;
}
