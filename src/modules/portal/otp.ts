// One-time codes (验证码): a resident proves a mobile phone before submitting or evaluating. The code goes out
// through the notifications outbox (template `otp`, exempt from quiet hours), in the transaction that stores
// its hash. A code is good for one purpose, for OTP_TTL_MS, once, and for OTP_MAX_ATTEMPTS wrong tries; asking
// for a new code retires the older ones of the same phone and purpose.
import { randomInt } from 'node:crypto';
import type { Db, Queryable } from '../../db';
import type { Clock } from '../../shared/clock';
import { fail } from '../../shared/errors';
import { nationalDigits, phoneShape } from '../../shared/privacy';
import { enqueue } from '../notify';
import { LIMITS, OTP_MAX_ATTEMPTS, sha256, type Limiter } from './limits';

export type OtpPurpose = 'submit' | 'evaluate' | 'need' | 'volunteer' | 'vote';
export const OTP_TTL_MS = 5 * 60_000;
const ATTEMPTS = { scope: 'otp_attempt', max: OTP_MAX_ATTEMPTS, windowMs: 10 * OTP_TTL_MS, says: '验证码错误次数过多' };

/** The 11 national digits of a mobile number (spaces, dashes, +86 allowed), or a 400 in Chinese. */
export function mobileOrFail(phone: string): string {
  const { digits, foreign } = nationalDigits(phone);
  if (foreign || phoneShape(digits).shape !== 'mobile') fail('validation_failed', '请输入正确的 11 位手机号码（验证码通过短信发送）。', { errors: [{ path: '/body/phone', message: 'not a mobile number' }] });
  return digits;
}
export const phoneHash = (mobile: string) => sha256(`phone:${mobile}`);
const codeHash = (hash: string, code: string) => sha256(`${hash}:${code}`);

export function otpService(db: Db, clock: Clock, limits: Limiter) {
  return {
    /** Sends a new code to the phone (through the outbox); the count of requests is limited per phone and network. */
    async issue(phone: string, purpose: OtpPurpose, ip: string) {
      const mobile = mobileOrFail(phone);
      const hash = phoneHash(mobile);
      const now = clock.now();
      await limits.take(LIMITS.otpIpHour, ip, now);
      await limits.take(LIMITS.otpPhoneMinute, `${hash}:${purpose}`, now);
      await limits.take(LIMITS.otpPhoneDay, hash, now);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await db.tx(async (q) => {
        await q.query('update portal_otps set expires_at = $3 where phone_hash = $1 and purpose = $2 and used_at is null and expires_at > $3', [hash, purpose, now]);
        await q.query('insert into portal_otps (phone_hash, purpose, code_hash, created_at, expires_at) values ($1, $2, $3, $4, $5)', [hash, purpose, codeHash(hash, code), now, new Date(now.getTime() + OTP_TTL_MS)]);
        await enqueue(q, { template: 'otp', recipient: mobile, orderId: null, vars: { code, minutes: OTP_TTL_MS / 60_000 } }, now);
      });
      return { expiresInSeconds: OTP_TTL_MS / 1000, resendAfterSeconds: LIMITS.otpPhoneMinute.windowMs / 1000 };
    },

    /**
     * The id of the phone's live code for this purpose when `code` is it; wrong tries are counted (and only
     * they are written). The code stays live until `consume` runs in the transaction that uses it.
     */
    async check(mobile: string, purpose: OtpPurpose, code: string): Promise<number> {
      const hash = phoneHash(mobile);
      const now = clock.now();
      const { rows } = await db.query<{ id: number; codeHash: string }>(
        `select id, code_hash as "codeHash" from portal_otps where phone_hash = $1 and purpose = $2 and used_at is null and expires_at > $3 order by id desc limit 1`,
        [hash, purpose, now],
      );
      const live = rows[0];
      const expired = () => fail('otp_expired', '验证码已失效（超过 5 分钟、已使用或错误次数过多），请重新获取验证码。');
      if (!live) expired();
      if ((await limits.current(ATTEMPTS, String(live.id), now)) >= OTP_MAX_ATTEMPTS) expired();
      if (!/^\d{6}$/.test(code) || codeHash(hash, code) !== live.codeHash) {
        const used = await limits.count(ATTEMPTS, String(live.id), now);
        const left = OTP_MAX_ATTEMPTS - used;
        if (left <= 0) expired();
        fail('otp_wrong', `验证码不正确，还可以再试 ${left} 次。`, { attemptsLeft: left });
      }
      return live.id;
    },

    /** Marks the code used inside the transaction that acts on it; a code used meanwhile rolls that back. */
    async consume(q: Queryable, id: number, orderId: number | null): Promise<void> {
      const { rowCount } = await q.query('update portal_otps set used_at = $2, order_id = $3 where id = $1 and used_at is null', [id, clock.now(), orderId]);
      if (!rowCount) fail('otp_expired', '验证码已被使用，请重新获取验证码。');
    },
  };
}
export type OtpService = ReturnType<typeof otpService>;
