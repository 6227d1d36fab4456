// 约谈: what follows a ranking. Each month's list names, per unit type, the last-ranked unit(s) (ties share the
// place) and the slow 治理类 units (in the governance category with a response rate below the type's median);
// a supervisor records the interview (date, who held it, who attended, the commitments, a follow-up date) and
// then its follow-ups until done. Records are audited.
import type { Db, Queryable } from '../../db';
import { fail } from '../../shared/errors';
import { ASSESSED_TYPES, type AssessedType, type RankingItem } from './rankings';

export type InterviewReason = 'last_ranked' | 'governance' | 'other';

export interface Candidate {
  unitId: number;
  unitName: string;
  unitType: AssessedType;
  reasons: Exclude<InterviewReason, 'other'>[];
  rank: number | null;
  composite: number | null;
  responseRate: number | null;
}

function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The month's 约谈 candidates from the rankings of every unit type. */
export async function interviewCandidates(rankingOf: (type: AssessedType) => Promise<{ items: RankingItem[] }>): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const type of ASSESSED_TYPES) {
    const ranked = (await rankingOf(type)).items.filter((i) => i.rank !== null);
    if (!ranked.length) continue;
    const last = Math.max(...ranked.map((i) => i.rank!));
    const mResp = median(ranked.filter((i) => i.responseRate !== null).map((i) => i.responseRate!));
    for (const i of ranked) {
      const reasons: Candidate['reasons'] = [];
      if (ranked.length > 1 && i.rank === last) reasons.push('last_ranked');
      if (i.category === 'governance' && mResp !== null && i.responseRate !== null && i.responseRate < mResp) reasons.push('governance');
      if (reasons.length) out.push({ unitId: i.unitId, unitName: i.unitName, unitType: type, reasons, rank: i.rank, composite: i.composite, responseRate: i.responseRate });
    }
  }
  return out;
}

export interface InterviewInput {
  unitId: number;
  reason: InterviewReason;
  heldOn: string;
  interviewer: string;
  attendees?: string;
  commitments: string;
  followUpDue?: string | null;
}

const COLS = `i.id, i.month, i.unit_id as "unitId", u.name as "unitName", u.type as "unitType", i.reason, to_char(i.held_on, 'YYYY-MM-DD') as "heldOn",
  i.interviewer, i.attendees, i.commitments, to_char(i.follow_up_due, 'YYYY-MM-DD') as "followUpDue", i.status, i.follow_ups as "followUps",
  i.recorded_at as "recordedAt", r.display_name as "recordedBy"`;
const FROM = 'assessment_interviews i join units u on u.id = i.unit_id left join users r on r.id = i.recorded_by';

export interface InterviewRow {
  id: number; month: string; unitId: number; unitName: string; unitType: string; reason: InterviewReason; heldOn: string; interviewer: string;
  attendees: string; commitments: string; followUpDue: string | null; status: 'open' | 'done'; followUps: { at: string; by: string; note: string; done: boolean }[];
  recordedAt: Date; recordedBy: string | null;
}

const present = (r: InterviewRow) => ({ ...r, recordedAt: r.recordedAt.toISOString() });

export async function listInterviews(q: Queryable, where: { month?: string; unitId?: number }) {
  const params: unknown[] = [];
  const cond: string[] = [];
  if (where.month) cond.push(`i.month = $${params.push(where.month)}`);
  if (where.unitId) cond.push(`i.unit_id = $${params.push(where.unitId)}`);
  const { rows } = await q.query<InterviewRow>(`select ${COLS} from ${FROM} ${cond.length ? `where ${cond.join(' and ')}` : ''} order by i.month desc, i.id`, params);
  return rows.map(present);
}

async function byId(q: Queryable, id: number) {
  const r = (await q.query<InterviewRow>(`select ${COLS} from ${FROM} where i.id = $1`, [id])).rows[0];
  if (!r) fail('not_found', `interview record ${id} does not exist`);
  return r;
}

async function audit(q: Queryable, at: Date, user: { id: number; unitId: number }, action: string, detail: object) {
  await q.query('insert into audit_log (at, user_id, unit_id, action, order_id, detail) values ($1,$2,$3,$4,null,$5)', [at, user.id, user.unitId, action, JSON.stringify(detail)]);
}

export async function recordInterview(db: Db, month: string, x: InterviewInput, user: { id: number; unitId: number }, at: Date) {
  if (x.followUpDue && x.followUpDue < x.heldOn) fail('validation_failed', `the follow-up date ${x.followUpDue} is before the interview (${x.heldOn})`);
  return db.tx(async (q) => {
    const unit = (await q.query<{ type: string }>('select type from units where id = $1', [x.unitId])).rows[0];
    if (!unit) fail('unit_not_found', `unit ${x.unitId} does not exist`);
    if (!(ASSESSED_TYPES as readonly string[]).includes(unit.type)) fail('unit_not_assessed', `a ${unit.type} is not assessed, so it is not interviewed`);
    const { rows } = await q.query<{ id: number }>(
      `insert into assessment_interviews (month, unit_id, reason, held_on, interviewer, attendees, commitments, follow_up_due, recorded_by, recorded_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) on conflict (month, unit_id) do nothing returning id`,
      [month, x.unitId, x.reason, x.heldOn, x.interviewer, x.attendees ?? '', x.commitments, x.followUpDue ?? null, user.id, at],
    );
    if (!rows[0]) fail('conflict', `an interview of this unit for ${month} is already recorded; add a follow-up to it instead`);
    await audit(q, at, user, 'assessment_interview_recorded', { month, unitId: x.unitId, id: rows[0].id });
    return present(await byId(q, rows[0].id));
  });
}

export async function addFollowUp(db: Db, id: number, f: { note: string; done: boolean }, user: { id: number; unitId: number; displayName: string }, at: Date) {
  return db.tx(async (q) => {
    const cur = (await q.query<{ status: string }>('select status from assessment_interviews where id = $1 for update', [id])).rows[0];
    if (!cur) fail('not_found', `interview record ${id} does not exist`);
    if (cur.status === 'done') fail('invalid_transition', 'this interview is already followed up to the end');
    const entry = { at: at.toISOString(), by: user.displayName, note: f.note, done: f.done };
    await q.query(`update assessment_interviews set follow_ups = follow_ups || $2::jsonb, status = $3 where id = $1`, [id, JSON.stringify([entry]), f.done ? 'done' : 'open']);
    await audit(q, at, user, 'assessment_interview_followed_up', { id, done: f.done });
    return present(await byId(q, id));
  });
}
