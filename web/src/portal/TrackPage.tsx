// 查询进度 (number + phone) and, once replied, 评价 (with a one-time code). #/evaluate opens the same page
// with the evaluation form expanded after the order is found.
import { useState } from 'react';
import { call, fmtTime, type PublicOrder } from './api';
import { EvaluateForm } from './EvaluateForm';
import { useRoute } from './router';

const RES: Record<string, string> = { resolved: '已解决', partly: '部分解决', unresolved: '未解决' };
const SAT: Record<string, string> = { satisfied: '满意', basically: '基本满意', unsatisfied: '不满意' };

export function TrackPage(props: { evaluate?: boolean }) {
  const { query } = useRoute();
  const [number, setNumber] = useState(query.get('number') ?? '');
  const [phone, setPhone] = useState('');
  const [order, setOrder] = useState<PublicOrder | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [evaluating, setEvaluating] = useState(false);

  const find = async (e?: React.FormEvent) => {
    e?.preventDefault();
    setError(null);
    if (!/^\d{14}$/.test(number.trim())) return setError('工单号是 14 位数字，请核对受理短信。');
    setBusy(true);
    try {
      const o = await call<PublicOrder>('/track', { number: number.trim(), phone });
      setOrder(o);
      setEvaluating(!!props.evaluate && o.canEvaluate);
    } catch (err) {
      setOrder(null);
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <form className="card" onSubmit={find} data-testid="track-form">
        <h2>{props.evaluate ? '评价办理结果' : '查询办理进度'}</h2>
        <label className="field"><span>工单号</span><input data-testid="track-number" inputMode="numeric" maxLength={20} placeholder="14 位数字" value={number} onChange={(e) => setNumber(e.target.value)} /></label>
        <label className="field"><span>登记时的手机号</span><input data-testid="track-phone" type="tel" inputMode="tel" maxLength={20} value={phone} onChange={(e) => setPhone(e.target.value)} /></label>
        {error && <p className="error" role="alert" data-testid="track-error">{error}</p>}
        <button className="primary" type="submit" data-testid="track-submit" disabled={busy}>{busy ? '查询中…' : '查询'}</button>
      </form>
      {order && (
        <section className="card" data-testid="track-result" data-status={order.status}>
          <div className="head"><span className="badge" data-testid="track-status">{order.statusLabel}</span><span className="muted">工单号 {order.number}</span></div>
          <h3>{order.title}</h3>
          <dl>
            <dt>地点</dt><dd>{order.address || '—'}</dd>
            {order.categoryName && <><dt>类别</dt><dd>{order.categoryName}</dd></>}
            {order.unitName && <><dt>承办单位</dt><dd>{order.unitName}</dd></>}
            <dt>登记手机</dt><dd>{order.requesterPhone}</dd>
            {order.resolveDueAt && !order.closedAt && <><dt>办结时限</dt><dd>{fmtTime(order.resolveDueAt)}</dd></>}
          </dl>
          {order.reply && (
            <div className="reply" data-testid="track-reply"><b>答复</b><p>{order.reply.text}</p><small className="muted">{fmtTime(order.reply.at)}</small></div>
          )}
          <ol className="timeline" data-testid="track-timeline">
            {[...order.timeline].reverse().map((s, i) => (
              <li key={i}><time>{fmtTime(s.at)}</time><b>{s.label}</b>{s.text && <p>{s.text}</p>}</li>
            ))}
          </ol>
          {order.evaluation && (
            <p className="done-eval" data-testid="track-evaluated">您已评价：{order.evaluation.contacted ? '已联系' : '未联系'} · {RES[order.evaluation.resolution]} · {SAT[order.evaluation.satisfaction]}</p>
          )}
          {order.canEvaluate && !evaluating && <button className="primary" data-testid="track-evaluate" onClick={() => setEvaluating(true)}>评价办理结果</button>}
          {evaluating && <EvaluateForm number={order.number} phone={phone} onDone={() => { setEvaluating(false); void find(); }} />}
        </section>
      )}
    </>
  );
}
