// 信息公开: monthly volumes, top categories, and per-street rates of a published assessment month.
import { useEffect, useState } from 'react';
import { call } from './api';

interface Disclosure {
  month: string; total: number; months: { month: string; total: number }[]; topCategories: { name: string; count: number }[];
  assessment: { published: boolean; streets: { name: string; rank: number | null; responseRate: number | null; resolutionRate: number | null; satisfactionRate: number | null; composite: number | null }[] };
}
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

export function DisclosurePage() {
  const [month, setMonth] = useState<string | null>(null);
  const [d, setD] = useState<Disclosure | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call<Disclosure>(`/disclosure${month ? `?month=${month}` : ''}`).then(setD, (e) => setError(e.message));
  }, [month]);
  if (error) return <p className="card error">{error}</p>;
  if (!d) return <p className="card muted">加载中…</p>;
  const max = Math.max(1, ...d.months.map((m) => m.total));
  return (
    <section className="card" data-testid="disclosure">
      <h2>信息公开 · {d.month}</h2>
      <p>本月受理诉求 <b data-testid="disclosure-total">{d.total}</b> 件。</p>
      <h3>近 12 个月受理量</h3>
      <div className="bars">
        {d.months.map((m) => (
          <button type="button" key={m.month} className={m.month === d.month ? 'bar on' : 'bar'} title={`${m.month}：${m.total} 件`} onClick={() => setMonth(m.month)}>
            <i style={{ height: `${(m.total / max) * 100}%` }} /><small>{m.month.slice(5)}</small>
          </button>
        ))}
      </div>
      <h3>诉求最多的类别</h3>
      <ol className="top" data-testid="disclosure-top">{d.topCategories.map((c) => <li key={c.name}><span>{c.name}</span><b>{c.count}</b></li>)}</ol>
      <h3>街道（乡镇）考核</h3>
      {d.assessment.published ? (
        <table className="rates" data-testid="disclosure-rates">
          <thead><tr><th>排名</th><th>街道</th><th>响应率</th><th>解决率</th><th>满意率</th></tr></thead>
          <tbody>{d.assessment.streets.map((s) => <tr key={s.name}><td>{s.rank ?? '—'}</td><td>{s.name}</td><td>{pct(s.responseRate)}</td><td>{pct(s.resolutionRate)}</td><td>{pct(s.satisfactionRate)}</td></tr>)}</tbody>
        </table>
      ) : <p className="muted" data-testid="disclosure-unpublished">本月考核结果尚未公布。</p>}
    </section>
  );
}
