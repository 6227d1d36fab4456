// Abuse limits of the public portal, counted in the database (portal_counters) so every instance shares them.
// Each limit is a number of events per fixed window (minute, hour, day) for one key: a phone (hashed), a
// client address, an address text, an order number. Refusals say in Chinese when to try again.
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db';
import { fail } from '../../shared/errors';

export interface Limit {
  /** What is counted, e.g. 'otp_phone_minute'. */
  scope: string;
  max: number;
  windowMs: number;
  /** 对…的限制 — the words of the refusal, e.g. '同一手机号每分钟只能获取 1 次验证码'. */
  says: string;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The limits in force (documented in docs/PORTAL.md). */
export const LIMITS = {
  otpPhoneMinute: { scope: 'otp_phone_minute', max: 1, windowMs: MINUTE, says: '同一手机号每分钟只能获取 1 次验证码' }, // per phone and purpose (submit / evaluate)
  otpPhoneDay: { scope: 'otp_phone_day', max: 10, windowMs: DAY, says: '同一手机号每天最多获取 10 次验证码' },
  otpIpHour: { scope: 'otp_ip_hour', max: 30, windowMs: HOUR, says: '同一网络每小时最多获取 30 次验证码' },
  submitPhoneDay: { scope: 'submit_phone_day', max: 5, windowMs: DAY, says: '同一手机号每天最多在网上提交 5 件诉求' },
  submitIpDay: { scope: 'submit_ip_day', max: 30, windowMs: DAY, says: '同一网络每天最多提交 30 件诉求' },
  submitAddressDay: { scope: 'submit_address_day', max: 10, windowMs: DAY, says: '同一地点每天最多在网上提交 10 件诉求' },
  lookupIpHour: { scope: 'lookup_fail_ip_hour', max: 20, windowMs: HOUR, says: '查询失败次数过多' },
  lookupNumberDay: { scope: 'lookup_fail_number_day', max: 30, windowMs: DAY, says: '该工单号今天查询失败次数过多' },
  evaluateIpDay: { scope: 'evaluate_ip_day', max: 30, windowMs: DAY, says: '同一网络每天最多提交 30 次评价' },
} as const satisfies Record<string, Limit>;

/** Wrong tries a one-time code allows before it is dead. */
export const OTP_MAX_ATTEMPTS = 5;

export const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** Addresses written differently by spaces, punctuation or case count as one. */
export const addressKey = (address: string) => sha256(address.normalize('NFKC').toLowerCase().replace(/[\s\p{P}\p{S}]/gu, ''));

const windowOf = (at: Date, ms: number) => new Date(Math.floor(at.getTime() / ms) * ms);
const waitText = (s: number) => (s >= 3600 ? `${Math.ceil(s / 3600)} 小时` : s >= 60 ? `${Math.ceil(s / 60)} 分钟` : `${s} 秒`);

export function limiter(db: Queryable) {
  async function current(l: Limit, key: string, at: Date, q: Queryable = db): Promise<number> {
    const { rows } = await q.query<{ count: number }>('select count from portal_counters where scope = $1 and key = $2 and window_start = $3', [l.scope, key, windowOf(at, l.windowMs)]);
    return rows[0]?.count ?? 0;
  }
  function refuse(l: Limit, at: Date): never {
    const retryAfter = Math.max(1, Math.ceil((windowOf(at, l.windowMs).getTime() + l.windowMs - at.getTime()) / 1000));
    fail('portal_limit_reached', `${l.says}，请 ${waitText(retryAfter)}后再试；紧急情况请拨打 12345。`, { retryAfter });
  }
  return {
    /** Refuses (429) when the key already used up the limit; counts nothing. */
    async check(l: Limit, key: string, at: Date, q: Queryable = db): Promise<void> {
      if ((await current(l, key, at, q)) >= l.max) refuse(l, at);
    },
    /** Counts one event; refuses (429) when it goes over the limit (the count stays, so hammering does not help). */
    async take(l: Limit, key: string, at: Date, q: Queryable = db): Promise<void> {
      const n = await this.count(l, key, at, q);
      if (n > l.max) refuse(l, at);
    },
    /** Counts one event and returns the count in this window. */
    async count(l: Limit, key: string, at: Date, q: Queryable = db): Promise<number> {
      const { rows } = await q.query<{ count: number }>(
        `insert into portal_counters (scope, key, window_start, count) values ($1, $2, $3, 1)
         on conflict (scope, key, window_start) do update set count = portal_counters.count + 1 returning count`,
        [l.scope, key, windowOf(at, l.windowMs)],
      );
      // Old windows are cleared now and then (a day and a bit after they closed).
      if (Math.random() < 0.01) await q.query('delete from portal_counters where window_start < $1', [new Date(at.getTime() - 2 * DAY)]);
      return rows[0].count;
    },
    current,
  };
}
export type Limiter = ReturnType<typeof limiter>;
