// Phone + one-time code: "获取验证码" sends the SMS, then counts down to the next allowed request.
import { useEffect, useState } from 'react';
import { call, PortalError } from './api';

export function OtpField(props: { purpose: 'submit' | 'evaluate' | 'need' | 'volunteer' | 'vote'; phone: string; onPhone(p: string): void; code: string; onCode(c: string): void; onError(m: string | null): void; lockPhone?: boolean }) {
  const [wait, setWait] = useState(0);
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (wait <= 0) return;
    const t = setTimeout(() => setWait(wait - 1), 1000);
    return () => clearTimeout(t);
  }, [wait]);
  const send = async () => {
    props.onError(null);
    if (!/^1[3-9]\d{9}$/.test(props.phone.replace(/[\s-]/g, ''))) return props.onError('请输入正确的 11 位手机号码。');
    setBusy(true);
    try {
      const r = await call<{ resendAfterSeconds: number }>('/otp', { phone: props.phone, purpose: props.purpose });
      setSent(true);
      setWait(r.resendAfterSeconds);
    } catch (e) {
      props.onError((e as PortalError).message);
      const retry = Number((e as PortalError).body?.retryAfter);
      if (retry > 0 && retry < 3600) setWait(retry);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <label className="field">
        <span>手机号码 <em>*</em></span>
        <input data-testid="portal-phone" type="tel" inputMode="tel" autoComplete="tel" maxLength={20} placeholder="用于接收验证码和办理结果" value={props.phone} readOnly={props.lockPhone} onChange={(e) => props.onPhone(e.target.value)} />
      </label>
      <div className="field">
        <span>短信验证码 <em>*</em></span>
        <div className="row">
          <input data-testid="portal-code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} placeholder="6 位数字" value={props.code} onChange={(e) => props.onCode(e.target.value.replace(/\D/g, ''))} />
          <button type="button" data-testid="portal-send-code" className="ghost" disabled={busy || wait > 0} onClick={send}>{wait > 0 ? `${wait} 秒后重发` : sent ? '重新获取' : '获取验证码'}</button>
        </div>
        {sent && <small data-testid="portal-code-sent">验证码已发送，5 分钟内有效。</small>}
      </div>
    </>
  );
}
