// What follows a ranking: 约谈 lists and records, 关键小事 rankings, 部门+行业 joint scoring and industry regulators.
// Scope: the centre, supervisors and leaders see all; supervisors and admins change things; a unit sees its own
// interview records and the published key-matter ranking of its own type.
import type { Db } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import type { AuthUser } from '../users/users.repo';
import { checkRoles, checkSeesAll, seesAll } from './access';
import type { AssessmentService } from './assessment.service';
import { addFollowUp, interviewCandidates, listInterviews, recordInterview, type InterviewInput } from './interviews';
import { jointRanking } from './joint';
import { keyMatterOrFail, keyMatterRanking, listKeyMatters, saveKeyMatter } from './key-matters';
import { checkMonth } from './month';
import type { AssessedType } from './rankings';

const DECIDERS = ['supervisor', 'admin'];

export function assessmentFollowups(d: { db: Db; clock: Clock; assessment: AssessmentService }) {
  const { db } = d;
  return {
    async interviews(user: AuthUser, month: string) {
      checkMonth(month);
      checkSeesAll(user);
      const ranking = await d.assessment.rankings(user, month, 'street');
      return {
        month, published: ranking.published,
        candidates: await interviewCandidates(async (t) => (t === 'street' ? ranking : d.assessment.rankings(user, month, t))),
        records: await listInterviews(db, { month }),
      };
    },

    async unitInterviews(user: AuthUser, unitId: number) {
      const u = (await db.query<{ path: string }>('select path from units where id = $1', [unitId])).rows[0];
      if (!u || (!seesAll(user) && !u.path.startsWith(user.unitPath))) fail('unit_not_found', `unit ${unitId} does not exist or is outside your unit`);
      return { items: await listInterviews(db, { unitId }) };
    },

    async recordInterview(user: AuthUser, month: string, x: InterviewInput) {
      checkMonth(month);
      checkRoles(user, DECIDERS, 'record an interview (约谈)');
      return recordInterview(db, month, x, user, d.clock.now());
    },

    async followUp(user: AuthUser, id: number, f: { note: string; done: boolean }) {
      checkRoles(user, DECIDERS, 'record an interview follow-up');
      return addFollowUp(db, id, f, user, d.clock.now());
    },

    async keyMatters(user: AuthUser) {
      return { items: await listKeyMatters(db, !seesAll(user)) };
    },

    async saveKeyMatter(user: AuthUser, m: { id?: number; name: string; categoryIds: number[]; active?: boolean }) {
      checkRoles(user, DECIDERS, 'choose the key matters (关键小事)');
      if (m.id) await keyMatterOrFail(db, m.id);
      return db.tx((q) => saveKeyMatter(q, m, user.id, d.clock.now()));
    },

    async keyMatterRanking(user: AuthUser, id: number, month: string, type: AssessedType) {
      checkMonth(month);
      if (!seesAll(user) && user.unitType !== type) fail('forbidden', `your unit is a ${user.unitType}; you see the ranking of ${user.unitType} units only`);
      const m = await keyMatterOrFail(db, id);
      if (!seesAll(user) && !m.active) fail('not_found', `key matter ${id} does not exist`);
      const r = await keyMatterRanking(db, m, month, type);
      if (!seesAll(user) && !r.published) fail('not_found', `the ranking of ${month} is not published yet`);
      return r;
    },

    async joint(user: AuthUser, month: string) {
      checkMonth(month);
      checkSeesAll(user);
      return jointRanking(db, month);
    },

    async setRegulator(user: AuthUser, companyId: number, regulatorId: number | null) {
      checkRoles(user, DECIDERS, "set a company's industry regulator");
      const { rows } = await db.query<{ id: number; type: string }>('select id, type from units where id = any($1::int[])', [[companyId, regulatorId ?? companyId]]);
      const company = rows.find((r) => r.id === companyId);
      if (!company) fail('unit_not_found', `unit ${companyId} does not exist`);
      if (company.type !== 'company') fail('validation_failed', `only a company has an industry regulator; unit ${companyId} is a ${company.type}`);
      if (regulatorId !== null) {
        const reg = rows.find((r) => r.id === regulatorId);
        if (!reg) fail('unit_not_found', `unit ${regulatorId} does not exist`);
        if (reg.type !== 'department') fail('validation_failed', `a regulator is a department; unit ${regulatorId} is a ${reg.type}`);
      }
      await db.query('update units set regulator_id = $2, regulator_is_demo = false where id = $1', [companyId, regulatorId]);
      return { unitId: companyId, regulatorId, regulatorIsDemo: false };
    },
  };
}
export type AssessmentFollowups = ReturnType<typeof assessmentFollowups>;
