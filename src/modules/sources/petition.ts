// 信访 最多投一次 — a matter is handled once. A petition whose requester already has an order about the same
// matter (the same phone, similar text, within 180 days, not merged or invalid) is not registered again: the
// intake answers 409 petition_matter_exists naming the order(s), and the operator links the petition to it
// (the `petition` side action). `newMatter: true` registers it anyway when it is a different matter.
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { bigrams, dice } from '../assist/duplicates';

const WINDOW_DAYS = 180;
const MIN_SIMILARITY = 0.3;

export interface PetitionMatch { id: number; number: string; title: string; status: string; similarity: number }

export async function petitionMatches(q: Queryable, phone: string, title: string, description: string, now: Date): Promise<PetitionMatch[]> {
  const since = new Date(now.getTime() - WINDOW_DAYS * 86_400_000);
  const { rows } = await q.query<{ id: number; number: string; title: string; description: string; status: string }>(
    `select o.id, o.number, o.title, left(o.description, 500) as description, o.status from orders o
      where o.requester_phone = $1 and o.created_at > $2 and o.status not in ('merged', 'invalid') and o.parent_id is null
      order by o.created_at desc limit 50`,
    [phone, since],
  );
  const mine = bigrams(`${title}${description}`);
  const titleGrams = bigrams(title);
  return rows
    .map((r) => ({ id: r.id, number: r.number, title: r.title, status: r.status, similarity: Math.round(Math.max(dice(titleGrams, bigrams(r.title)), dice(mine, bigrams(`${r.title}${r.description}`))) * 100) / 100 }))
    .filter((m) => m.similarity >= MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 5);
}

/** Refuses a petition about a matter already handled (call before registering; same transaction not needed). */
export async function checkPetition(q: Queryable, input: { channel: string; title: string; description?: string; requester?: { phone?: string } | null; newMatter?: boolean }, now: Date): Promise<void> {
  const phone = input.requester?.phone?.trim();
  if (input.channel !== 'petition' || input.newMatter || !phone) return;
  const matches = await petitionMatches(q, phone, input.title, input.description ?? '', now);
  if (matches.length) {
    fail('petition_matter_exists', `this requester's matter is already handled as order ${matches[0].number}; link the petition to it (POST /api/v1/orders/${matches[0].id}/petition), or send "newMatter": true if it is a different matter`, { matches });
  }
}
