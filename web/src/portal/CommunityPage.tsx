// 社区共治 on the portal: 微实事 projects put to the vote (one vote per verified phone) and their results, 居民点单
// (post a need for volunteers, confirm a finished task), 志愿者接单 (a registered volunteer signs in with a one-time
// code and claims / completes tasks) and the public volunteer board. docs/VOLUNTEERS.md, docs/MICROPROJECTS.md.
import { useEffect, useState } from 'react';
import { call, PortalError } from './api';
import { OtpField } from './OtpField';

interface Project { id: number; communityName: string; title: string; description: string; budget: number; status: string; votes: number; voteEndsAt: string | null; votingOpen: boolean; result: string | null; meetings: { heldOn: string; place: string; attendees: number }[] }
interface BoardRow { communityId: number; communityName: string; volunteers: number; partyMembers: number; open: number; done: number; hours: number }
interface VTask { id: number; communityName: string; kind: string; title: string; description: string; address: string; status: string; version: number; requesterName: string | null; mine: boolean; hours: number | null; allowedActions: string[] }
const STATUS: Record<string, string> = { voting: '投票中', approved: '已通过', in_progress: '实施中', done: '已完成', published: '待接单', claimed: '已接单', completed: '待确认', confirmed: '已确认' };
const KINDS: [string, string][] = [['elderly', '助老'], ['errand', '代办'], ['repair', '维修'], ['companion', '陪伴'], ['other', '其他']];

function useLoad<T>(path: string, tick: number): [T | null, string | null] {
  const [d, setD] = useState<T | null>(null);
  const [e, setE] = useState<string | null>(null);
  useEffect(() => { call<T>(path).then(setD, (x: PortalError) => setE(x.message)); }, [path, tick]);
  return [d, e];
}

function Vote({ p, onDone }: { p: Project; onDone(): void }) {
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [ok, setOk] = useState(false);
  const submit = async () => {
    setErr(null);
    try {
      await call(`/projects/${p.id}/vote`, { phone, code });
      setOk(true);
      onDone();
    } catch (e) { setErr((e as PortalError).message); }
  };
  if (ok) return <p data-testid={`project-${p.id}-voted`}>投票成功，感谢参与！</p>;
  return (
    <div>
      {err && <p className="error">{err}</p>}
      <OtpField purpose="vote" phone={phone} onPhone={setPhone} code={code} onCode={setCode} onError={setErr} />
      <button className="primary" data-testid={`project-${p.id}-vote`} disabled={code.length !== 6} onClick={() => void submit()}>投票支持</button>
    </div>
  );
}

function Projects() {
  const [tick, setTick] = useState(0);
  const [d, e] = useLoad<{ items: Project[] }>('/projects', tick);
  const [open, setOpen] = useState<number | null>(null);
  if (e) return <p className="card error">{e}</p>;
  if (!d) return <p className="card muted">加载中…</p>;
  return (
    <section className="card" data-testid="portal-projects">
      <h2>微实事</h2>
      {d.items.length === 0 && <p className="muted">暂无项目。</p>}
      {d.items.map((p) => (
        <article key={p.id} data-testid={`project-${p.id}`} style={{ borderTop: '1px solid #eee', padding: '10px 0' }}>
          <b>{p.title}</b> <small className="muted">{p.communityName} · {STATUS[p.status] ?? p.status} · 预算 {p.budget} 元 · {p.votes} 票</small>
          {p.description && <p>{p.description}</p>}
          {p.meetings.map((m) => <p key={m.heldOn} className="muted small">恳谈日 {m.heldOn} · {m.place} · {m.attendees} 人参加</p>)}
          {p.result && <p data-testid={`project-${p.id}-result`}>结果：{p.result}</p>}
          {p.votingOpen && (open === p.id ? <Vote p={p} onDone={() => setTick((n) => n + 1)} /> : <button className="ghost" onClick={() => setOpen(p.id)}>我要投票</button>)}
        </article>
      ))}
    </section>
  );
}

function Need() {
  const [communities, setCommunities] = useState<{ id: number; name: string }[]>([]);
  const [f, setF] = useState({ communityId: 0, kind: 'elderly', title: '', address: '', requesterName: '' });
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [done, setDone] = useState<number | null>(null);
  useEffect(() => { call<{ items: { id: number; name: string }[] }>('/communities').then((r) => setCommunities(r.items), () => undefined); }, []);
  const submit = async () => {
    setErr(null);
    try {
      const r = await call<{ id: number }>('/needs', { ...f, phone, code });
      setDone(r.id);
    } catch (e) { setErr((e as PortalError).message); }
  };
  if (done) return <p className="card" data-testid="need-posted">需求已提交（编号 {done}），社区发布后志愿者会联系您。</p>;
  return (
    <section className="card" data-testid="portal-need">
      <h2>群众点单</h2>
      {err && <p className="error">{err}</p>}
      <label className="field"><span>社区</span>
        <select value={f.communityId} onChange={(e) => setF({ ...f, communityId: Number(e.target.value) })}><option value={0}>请选择</option>{communities.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}</select>
      </label>
      <label className="field"><span>类型</span>
        <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value })}>{KINDS.map(([k, l]) => <option key={k} value={k}>{l}</option>)}</select>
      </label>
      <label className="field"><span>需要什么帮助</span><input maxLength={100} value={f.title} onChange={(e) => setF({ ...f, title: e.target.value })} /></label>
      <label className="field"><span>地址</span><input maxLength={300} value={f.address} onChange={(e) => setF({ ...f, address: e.target.value })} /></label>
      <label className="field"><span>称呼</span><input maxLength={50} value={f.requesterName} onChange={(e) => setF({ ...f, requesterName: e.target.value })} /></label>
      <OtpField purpose="need" phone={phone} onPhone={setPhone} code={code} onCode={setCode} onError={setErr} />
      <button className="primary" disabled={!f.communityId || f.title.trim().length < 2 || code.length !== 6} onClick={() => void submit()}>提交需求</button>
    </section>
  );
}

function VolunteerDesk() {
  const [token, setToken] = useState<string | null>(null);
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const [tasks, setTasks] = useState<{ volunteer: { name: string; hours: number }; items: VTask[] } | null>(null);
  const headers = (t: string) => ({ accept: 'application/json', 'x-minhu-request': '1', 'content-type': 'application/json', 'x-volunteer-token': t });
  const load = async (t: string) => {
    const r = await fetch('/api/v1/portal/volunteer/tasks', { headers: headers(t), credentials: 'omit' });
    if (r.ok) setTasks(await r.json()); else setErr('登录已失效，请重新验证手机号。');
  };
  const signIn = async () => {
    setErr(null);
    try {
      const r = await call<{ token: string }>('/volunteer/session', { phone, code });
      setToken(r.token);
      await load(r.token);
    } catch (e) { setErr((e as PortalError).message); }
  };
  const [note, setNote] = useState<Record<number, string>>({});
  const [hours, setHours] = useState<Record<number, number>>({});
  const act = async (t: VTask, action: string) => {
    setErr(null);
    const body = action === 'complete' ? { version: t.version, note: (note[t.id] ?? '').trim(), hours: hours[t.id] ?? 1 } : { version: t.version };
    const r = await fetch(`/api/v1/portal/volunteer/tasks/${t.id}/${action}`, { method: 'POST', headers: headers(token!), body: JSON.stringify(body), credentials: 'omit' });
    if (!r.ok) setErr(((await r.json().catch(() => ({}))) as { detail?: string }).detail ?? '操作失败，请稍后再试。');
    await load(token!);
  };
  if (!token) {
    return (
      <section className="card" data-testid="portal-volunteer">
        <h2>志愿者接单</h2>
        {err && <p className="error">{err}</p>}
        <OtpField purpose="volunteer" phone={phone} onPhone={setPhone} code={code} onCode={setCode} onError={setErr} />
        <button className="primary" disabled={code.length !== 6} onClick={() => void signIn()}>验证并进入</button>
      </section>
    );
  }
  return (
    <section className="card" data-testid="portal-volunteer">
      <h2>{tasks?.volunteer.name} · 累计 {tasks?.volunteer.hours ?? 0} 小时</h2>
      {err && <p className="error">{err}</p>}
      {tasks?.items.map((t) => (
        <article key={t.id} style={{ borderTop: '1px solid #eee', padding: '8px 0' }}>
          <b>{t.title}</b> <small className="muted">{STATUS[t.status] ?? t.status} · {t.address} · {t.requesterName ?? ''}</small>
          {t.allowedActions.includes('complete') && (
            <div className="row">
              <input placeholder="服务记录" maxLength={1000} value={note[t.id] ?? ''} onChange={(e) => setNote({ ...note, [t.id]: e.target.value })} />
              <select value={hours[t.id] ?? 1} onChange={(e) => setHours({ ...hours, [t.id]: Number(e.target.value) })}>{[0.5, 1, 1.5, 2, 3, 4, 6, 8].map((h) => <option key={h} value={h}>{h} 小时</option>)}</select>
            </div>
          )}
          <div className="row">{t.allowedActions.map((a) => (
            <button key={a} className="ghost" disabled={a === 'complete' && !(note[t.id] ?? '').trim()} onClick={() => void act(t, a)}>{a === 'claim' ? '接单' : '服务完成'}</button>
          ))}</div>
        </article>
      ))}
    </section>
  );
}

function Board() {
  const [d] = useLoad<{ items: BoardRow[] }>('/volunteer/board', 0);
  if (!d) return null;
  return (
    <section className="card" data-testid="portal-board">
      <h2>志愿服务榜</h2>
      <table className="rates"><thead><tr><th>社区</th><th>志愿者（党员）</th><th>进行中</th><th>完成</th><th>时长</th></tr></thead>
        <tbody>{d.items.map((r) => <tr key={r.communityId}><td>{r.communityName}</td><td>{r.volunteers}（{r.partyMembers}）</td><td>{r.open}</td><td>{r.done}</td><td>{r.hours}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

export function CommunityPage() {
  const [tab, setTab] = useState<'projects' | 'need' | 'volunteer'>('projects');
  return (
    <div data-testid="portal-community">
      <div className="tabs">
        <button className={tab === 'projects' ? 'primary' : 'ghost'} onClick={() => setTab('projects')}>微实事</button>
        <button className={tab === 'need' ? 'primary' : 'ghost'} onClick={() => setTab('need')}>我要点单</button>
        <button className={tab === 'volunteer' ? 'primary' : 'ghost'} onClick={() => setTab('volunteer')}>志愿者接单</button>
      </div>
      {tab === 'projects' ? <Projects /> : tab === 'need' ? <Need /> : <VolunteerDesk />}
      <Board />
    </div>
  );
}
