// Deadline policies per tier, stored in sla_policies so admins can change them.
import type { Queryable } from '../../db';
import type { Limit, Tier, TierPolicy } from './deadlines';

interface Row {
  tier: Tier;
  name: string;
  sign_amount: number; sign_unit: Limit['unit'];
  contact_amount: number; contact_unit: Limit['unit'];
  resolve_amount: number; resolve_unit: Limit['unit'];
}
const toPolicy = (r: Row): TierPolicy => ({
  tier: r.tier,
  name: r.name,
  sign: { amount: r.sign_amount, unit: r.sign_unit },
  contact: { amount: r.contact_amount, unit: r.contact_unit },
  resolve: { amount: r.resolve_amount, unit: r.resolve_unit },
});

export function policiesRepo(db: Queryable) {
  return {
    async all(q: Queryable = db): Promise<TierPolicy[]> {
      return (await q.query<Row>('select * from sla_policies order by tier')).rows.map(toPolicy);
    },
    async byTier(tier: number, q: Queryable = db): Promise<TierPolicy> {
      const r = (await q.query<Row>('select * from sla_policies where tier = $1', [tier])).rows[0];
      if (!r) throw new Error(`no policy for tier ${tier}`);
      return toPolicy(r);
    },
    async save(p: TierPolicy, q: Queryable = db): Promise<TierPolicy> {
      await q.query(
        `update sla_policies set name = $2, sign_amount = $3, sign_unit = $4, contact_amount = $5, contact_unit = $6,
           resolve_amount = $7, resolve_unit = $8, updated_at = now() where tier = $1`,
        [p.tier, p.name, p.sign.amount, p.sign.unit, p.contact.amount, p.contact.unit, p.resolve.amount, p.resolve.unit],
      );
      return p;
    },
  };
}
export type PoliciesRepo = ReturnType<typeof policiesRepo>;
