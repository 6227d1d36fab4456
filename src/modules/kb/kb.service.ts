// Knowledge base (知识库): articles with validity dates, admin CRUD and import, and ranked Chinese search.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { orQuery, searchWords } from '../../shared/segment';
import { articlesFromTable, tableFromCsv, tableFromXlsx } from './kb.import';

export interface ArticleInput {
  question: string;
  answer: string;
  categoryId?: number | null;
  keywords?: string[];
  source?: string;
  validFrom?: string | null;
  validTo?: string | null;
  active?: boolean;
}
export interface Article extends Required<Omit<ArticleInput, 'categoryId' | 'validFrom' | 'validTo'>> {
  id: number;
  categoryId: number | null;
  validFrom: string | null;
  validTo: string | null;
  useCount: number;
  updatedAt: string;
}

const COLS = `a.id, a.question, a.answer, a.category_id as "categoryId", a.keywords, a.source, to_char(a.valid_from, 'YYYY-MM-DD') as "validFrom",
  to_char(a.valid_to, 'YYYY-MM-DD') as "validTo", a.active, a.use_count as "useCount", a.updated_at as "updatedAt"`;

const searchTextOf = (a: ArticleInput) => searchWords(`${a.question} ${a.question} ${(a.keywords ?? []).join(' ')} ${a.answer}`).join(' ');

/** Okapi BM25 parameters (the usual defaults; not tuned on the benchmark). */
const K1 = 1.2;
const B = 0.75;
/** how many full-text candidates are re-ranked, and how many query words (rarest first) are asked for */
const CANDIDATES = 300;
const QUERY_TERMS = 48;
const STATS_MS = 60_000;
const clean = (w: string) => w.replace(/[^\p{L}\p{N}]/gu, '');

interface CorpusStats {
  at: number;
  docs: number;
  avgLen: number;
  df: Map<string, number>;
}

function toArticle(r: Article & { updatedAt: unknown }): Article {
  return { ...r, updatedAt: new Date(r.updatedAt as string).toISOString() };
}

export function kbService(db: Db, clock: Clock) {
  // Document frequencies of the active articles for BM25 weights: read with ts_stat, kept a minute
  // (and dropped at once by this instance's own edits; another instance's edits show within a minute).
  let stats: CorpusStats | null = null;
  let loading: Promise<CorpusStats> | null = null;
  let generation = 0;
  // a stale copy keeps answering while a fresh one loads (ts_stat reads every article: not on a request's path)
  function corpusStats(): Promise<CorpusStats> {
    if (stats && Date.now() - stats.at >= STATS_MS) void loadStats().catch(() => undefined);
    return stats ? Promise.resolve(stats) : loadStats();
  }
  function loadStats(): Promise<CorpusStats> {
    if (loading) return loading;
    const gen = generation;
    const p = readStats()
      .then((st) => {
        if (gen === generation) stats = st; // an edit meanwhile: the next search reads again
        return st;
      })
      .finally(() => {
        if (loading === p) loading = null;
      });
    loading = p;
    return p;
  }
  async function readStats(): Promise<CorpusStats> {
    const { rows: df } = await db.query<{ word: string; ndoc: number }>(`select word, ndoc::int as ndoc from ts_stat('select tsv from kb_articles where active')`);
    const { rows: n } = await db.query<{ docs: number; len: number | null }>(
      `select count(*)::int as docs, avg(coalesce(array_length(string_to_array(search_text, ' '), 1), 0))::float8 as len from kb_articles where active`,
    );
    return { at: Date.now(), docs: n[0].docs, avgLen: n[0].len || 1, df: new Map(df.map((r) => [r.word, r.ndoc])) };
  }
  const changed = () => {
    generation++;
    stats = null;
    loading = null;
  };
  async function checkCategory(q: Queryable, id: number | null | undefined) {
    if (id == null) return;
    const { rows } = await q.query('select 1 from catalog_categories where id = $1', [id]);
    if (!rows.length) fail('category_not_found', `category ${id} does not exist`);
  }
  function checkDates(a: ArticleInput) {
    if (a.validFrom && a.validTo && a.validFrom > a.validTo) fail('validation_failed', 'validFrom must not be after validTo');
  }
  async function insert(q: Queryable, a: ArticleInput, userId: number | null): Promise<number> {
    const { rows } = await q.query<{ id: number }>(
      `insert into kb_articles (question, answer, category_id, keywords, source, valid_from, valid_to, active, search_text, created_by)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) returning id`,
      [a.question, a.answer, a.categoryId ?? null, a.keywords ?? [], a.source ?? '', a.validFrom ?? null, a.validTo ?? null, a.active ?? true, searchTextOf(a), userId],
    );
    return rows[0].id;
  }

  return {
    async get(id: number): Promise<Article> {
      const { rows } = await db.query<Article>(`select ${COLS} from kb_articles a where a.id = $1`, [id]);
      if (!rows[0]) fail('article_not_found', `article ${id} does not exist`);
      return toArticle(rows[0]);
    },
    /** The admin list, newest first: free text over question and answer, category, active or retired. */
    async list(page = 1, pageSize = 50, f: { q?: string; categoryId?: number; active?: boolean } = {}): Promise<{ items: Article[]; total: number }> {
      const where: string[] = [];
      const params: unknown[] = [];
      const p = (v: unknown) => (params.push(v), `$${params.length}`);
      if (f.q) {
        const like = p(`%${f.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`);
        where.push(`(a.question ilike ${like} or a.answer ilike ${like} or a.source ilike ${like} or array_to_string(a.keywords, ' ') ilike ${like})`);
      }
      if (f.categoryId) where.push(`a.category_id = ${p(f.categoryId)}`);
      if (f.active !== undefined) where.push(`a.active = ${p(f.active)}`);
      const cond = where.length ? `where ${where.join(' and ')}` : '';
      const { rows: n } = await db.query<{ n: number }>(`select count(*)::int as n from kb_articles a ${cond}`, params);
      const { rows } = await db.query<Article>(`select ${COLS} from kb_articles a ${cond} order by a.id desc limit ${p(pageSize)} offset ${p((page - 1) * pageSize)}`, params);
      return { items: rows.map(toArticle), total: n[0].n };
    },
    async create(a: ArticleInput, userId: number | null): Promise<Article> {
      checkDates(a);
      await checkCategory(db, a.categoryId);
      const id = await insert(db, a, userId);
      changed();
      return this.get(id);
    },
    async update(id: number, patch: Partial<ArticleInput>): Promise<Article> {
      const cur = await this.get(id);
      const next = { ...cur, ...patch };
      checkDates(next);
      await checkCategory(db, next.categoryId);
      await db.query(
        `update kb_articles set question=$2, answer=$3, category_id=$4, keywords=$5, source=$6, valid_from=$7, valid_to=$8, active=$9, search_text=$10, updated_at=now() where id=$1`,
        [id, next.question, next.answer, next.categoryId, next.keywords, next.source, next.validFrom, next.validTo, next.active, searchTextOf(next)],
      );
      changed();
      return this.get(id);
    },
    async remove(id: number): Promise<void> {
      await this.get(id);
      // Articles used by answered orders stay for the record; they are retired instead of deleted.
      await db.query('update kb_articles set active = false, updated_at = now() where id = $1', [id]);
      changed();
    },
    /** All or nothing; returns how many were imported. */
    async importMany(items: ArticleInput[], userId: number | null): Promise<number> {
      items.forEach(checkDates);
      return db.tx(async (q) => {
        for (const a of items) {
          await checkCategory(q, a.categoryId);
          await insert(q, a, userId);
        }
        return items.length;
      }).finally(changed);
    },
    /** A CSV text or an .xlsx workbook with a header row (see kb.import.ts); all or nothing. */
    async importFile(file: { csv: string } | { xlsx: Buffer }, userId: number | null): Promise<number> {
      const table = 'csv' in file ? tableFromCsv(file.csv) : await tableFromXlsx(file.xlsx);
      const { rows } = await db.query<{ id: number; name: string }>('select id, name from catalog_categories where active order by level desc, id');
      const ids = new Map<string, number>();
      for (const r of rows) {
        if (!ids.has(r.name)) ids.set(r.name, r.id);
        ids.set(String(r.id), r.id);
      }
      return this.importMany(articlesFromTable(table, ids), userId);
    },
    /**
     * Ranked search over valid, active articles. The full-text index finds candidates that share the
     * query's rarest words; they are ranked by Okapi BM25 over the same jieba words (the question is
     * indexed twice, so it weighs more than the answer), and an article of the suggested category gains 20 %.
     */
    async search(text: string, opts: { limit?: number; categoryId?: number | null } = {}): Promise<(Article & { score: number })[]> {
      const qtf = new Map<string, number>();
      for (const w of searchWords(text)) {
        const c = clean(w);
        if (c) qtf.set(c, (qtf.get(c) ?? 0) + 1);
      }
      if (!qtf.size) return [];
      const st = await corpusStats();
      const idf = (w: string) => {
        const n = st.df.get(w) ?? 0;
        return Math.log(1 + (st.docs - n + 0.5) / (n + 0.5));
      };
      const terms = [...qtf.keys()].filter((w) => st.df.has(w)).sort((a, b) => idf(b) - idf(a) || (a < b ? -1 : 1)).slice(0, QUERY_TERMS);
      const query = orQuery(terms);
      if (!query) return [];
      const today = clock.now().toISOString().slice(0, 10);
      const { rows } = await db.query<Article & { searchText: string }>(
        `select ${COLS}, a.search_text as "searchText"
         from kb_articles a, to_tsquery('simple', $1) q
         where a.active and a.tsv @@ q and (a.valid_from is null or a.valid_from <= $2::date) and (a.valid_to is null or a.valid_to >= $2::date)
         order by ts_rank_cd(a.tsv, q) desc, a.id limit ${CANDIDATES}`,
        [query, today],
      );
      const scored = rows.map(({ searchText, ...r }) => {
        const tf = new Map<string, number>();
        const toks = searchText.split(' ');
        for (const t of toks) {
          const c = clean(t);
          if (qtf.has(c)) tf.set(c, (tf.get(c) ?? 0) + 1);
        }
        let s = 0;
        for (const w of terms) {
          const f = tf.get(w) ?? 0;
          if (f) s += (idf(w) * f * (K1 + 1)) / (f + K1 * (1 - B + (B * toks.length) / st.avgLen));
        }
        if (opts.categoryId != null && r.categoryId === opts.categoryId) s *= 1.2;
        return { ...toArticle(r as Article), score: Math.round(s * 1000) / 1000 };
      });
      scored.sort((a, b) => b.score - a.score || b.useCount - a.useCount || a.id - b.id);
      return scored.slice(0, Math.min(opts.limit ?? 5, 50));
    },
  };
}
export type KbService = ReturnType<typeof kbService>;
