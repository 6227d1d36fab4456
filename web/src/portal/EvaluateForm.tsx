// The requester's evaluation: contacted, resolution, satisfaction, a note; proven with a one-time code.
import { useState } from 'react';
import { call } from './api';
import { OtpField } from './OtpField';

function Choice<T extends string>(props: { label: string; id: string; value: T | null; options: [T, string][]; onChange(v: T): void }) {
  return (
    <div className="field">
      <span>{props.label} <em>*</em></span>
      <div className="tabs" role="radiogroup" data-testid={props.id}>
        {props.options.map(([v, l]) => (
          <button type="button" key={v} role="radio" aria-checked={props.value === v} data-testid={`${props.id}-${v}`} className={props.value === v ? 'on' : ''} onClick={() => props.onChange(v)}>{l}</button>
        ))}
      </div>
    </div>
  );
}

export function EvaluateForm(props: { number: string; phone: string; onDone(): void }) {
  const [contacted, setContacted] = useState<'yes' | 'no' | null>(null);
  const [resolution, setResolution] = useState<'resolved' | 'partly' | 'unresolved' | null>(null);
  const [satisfaction, setSatisfaction] = useState<'satisfied' | 'basically' | 'unsatisfied' | null>(null);
  const [note, setNote] = useState('');
  const [phone, setPhone] = useState(props.phone);
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState(false);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!contacted || !resolution || !satisfaction) return setError('请完成三项评价。');
    if (!/^\d{6}$/.test(code)) return setError('请填写短信中的 6 位验证码。');
    setBusy(true);
    try {
      await call('/evaluate', { number: props.number, phone, code, contacted: contacted === 'yes', resolution, satisfaction, note: note.trim() || undefined });
      setThanks(true);
      setTimeout(props.onDone, 1200);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  if (thanks) return <p className="done-eval" data-testid="eval-thanks">感谢您的评价！</p>;
  return (
    <form className="eval" onSubmit={submit} noValidate data-testid="eval-form">
      <Choice<'yes' | 'no'> label="承办单位是否与您联系" id="eval-contacted" value={contacted} options={[['yes', '已联系'], ['no', '未联系']]} onChange={setContacted} />
      <Choice<'resolved' | 'partly' | 'unresolved'> label="问题解决情况" id="eval-resolution" value={resolution} options={[['resolved', '已解决'], ['partly', '部分解决'], ['unresolved', '未解决']]} onChange={setResolution} />
      <Choice<'satisfied' | 'basically' | 'unsatisfied'> label="对办理结果是否满意" id="eval-satisfaction" value={satisfaction} options={[['satisfied', '满意'], ['basically', '基本满意'], ['unsatisfied', '不满意']]} onChange={setSatisfaction} />
      <label className="field"><span>补充意见（选填）</span><textarea data-testid="eval-note" rows={3} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} /></label>
      <OtpField purpose="evaluate" phone={phone} onPhone={setPhone} code={code} onCode={setCode} onError={setError} />
      {error && <p className="error" role="alert" data-testid="eval-error">{error}</p>}
      <button className="primary" type="submit" data-testid="eval-submit" disabled={busy}>{busy ? '提交中…' : '提交评价'}</button>
    </form>
  );
}
