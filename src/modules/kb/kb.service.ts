// Knowledge base (知识库): articles with validity dates, admin CRUD and import, and ranked Chinese search.
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { orQuery, searchWords } from '../../shared/segment';

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

function toArticle(r: Article & { updatedAt: unknown }): Article {
  return { ...r, updatedAt: new Date(r.updatedAt as string).toISOString() };
}

export function kbService(db: Db, clock: Clock) {
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
    async list(page = 1, pageSize = 50): Promise<{ items: Article[]; total: number }> {
      const { rows } = await db.query<Article>(`select ${COLS} from kb_articles a order by a.id desc limit $1 offset $2`, [pageSize, (page - 1) * pageSize]);
      const { rows: n } = await db.query<{ n: number }>('select count(*)::int as n from kb_articles');
      return { items: rows.map(toArticle), total: n[0].n };
    },
    async create(a: ArticleInput, userId: number | null): Promise<Article> {
      checkDates(a);
      await checkCategory(db, a.categoryId);
      return this.get(await insert(db, a, userId));
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
      return this.get(id);
    },
    async remove(id: number): Promise<void> {
      await this.get(id);
      // Articles used by answered orders stay for the record; they are retired instead of deleted.
      await db.query('update kb_articles set active = false, updated_at = now() where id = $1', [id]);
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
      });
    },
    /** Ranked search over valid, active articles; the question weighs more than the answer. */
    async search(text: string, opts: { limit?: number; categoryId?: number | null } = {}): Promise<(Article & { score: number })[]> {
      const query = orQuery(searchWords(text));
      if (!query) return [];
      const today = clock.now().toISOString().slice(0, 10);
      const { rows } = await db.query<Article & { score: number }>(
        `select ${COLS}, (ts_rank_cd(a.tsv, q) + case when a.category_id = $3 then 0.2 else 0 end)::float8 as score
         from kb_articles a, to_tsquery('simple', $1) q
         where a.active and a.tsv @@ q and (a.valid_from is null or a.valid_from <= $2::date) and (a.valid_to is null or a.valid_to >= $2::date)
         order by score desc, a.use_count desc, a.id limit $4`,
        [query, today, opts.categoryId ?? null, Math.min(opts.limit ?? 5, 50)],
      );
      return rows.map((r) => ({ ...toArticle(r), score: Math.round(r.score * 1000) / 1000 }));
    },
  };
}
export type KbService = ReturnType<typeof kbService>;
