// 领导大屏 — the leaders' big screen at #/dashboard: a 1920×1080 dark canvas scaled to the window (never
// scrolls), live over the order stream. Every number and chart item opens the order list behind it.
import { useEffect, useState, type CSSProperties, type ReactNode } from 'react';
import ConfigProvider from 'antd/es/config-provider';
import theme from 'antd/es/theme';
import { navigate } from '../../app/router';
import { useStreamConnected } from '../../app/stream';
import { serverNow } from '../../shared/serverTime';
import { usePhone } from '../../shared/usePhone';
import { useI18n } from '../../i18n';
import { BarBlock, DARK, LineBlock, MapBlock, PieBlock } from './charts';
import { DrillDown } from './DrillDown';
import { dayRange, delta, pct, type Drill, type RankItem, type Summary } from './types';
import { exportHref, useSummary } from './useSummary';

const W = 1920;
const H = 1080;
const C = { bg: '#06132b', panel: 'rgba(16, 42, 84, 0.72)', border: '#1f4f8f', title: '#8fc2ff', text: '#e6f0ff', dim: '#8aa4c8', up: '#ff7875', down: '#73d13d' };

function useScale() {
  const fit = () => Math.min(window.innerWidth / W, window.innerHeight / H);
  const [s, setS] = useState(fit);
  useEffect(() => {
    const on = () => setS(fit());
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return s;
}

function Panel({ title, children, style, testId, extra }: { title: string; children: ReactNode; style?: CSSProperties; testId?: string; extra?: ReactNode }) {
  return (
    <section data-testid={testId} style={{ background: C.panel, border: `1px solid ${C.border}`, borderRadius: 6, padding: '8px 12px', display: 'flex', flexDirection: 'column', minHeight: 0, ...style }}>
      <div style={{ color: C.title, fontSize: 17, fontWeight: 600, marginBottom: 4, display: 'flex', justifyContent: 'space-between' }}><span>{title}</span>{extra}</div>
      <div style={{ flex: 1, minHeight: 0, overflow: 'hidden' }}>{children}</div>
    </section>
  );
}

function Kpi({ label, value, cmp, onClick, testId }: { label: string; value: number; cmp: { label: string; before: number }[]; onClick(): void; testId: string }) {
  return (
    <div style={{ flex: 1, cursor: 'pointer' }} onClick={onClick} data-testid={testId}>
      <div style={{ color: C.dim, fontSize: 14 }}>{label}</div>
      <div style={{ color: '#fff', fontSize: 40, fontWeight: 700, fontFamily: 'DIN, Consolas, monospace' }} data-testid={`${testId}-value`}>{value.toLocaleString('zh-CN')}</div>
      {cmp.map((c) => {
        const d = delta(value, c.before);
        return <div key={c.label} style={{ fontSize: 13, color: C.dim }}>{c.label} {c.before} <span style={{ color: d.up === null ? C.dim : d.up ? C.up : C.down }}>{d.text}</span></div>;
      })}
    </div>
  );
}

function Ranking({ items, onClick, testId }: { items: RankItem[]; onClick(i: RankItem): void; testId: string }) {
  const cell: CSSProperties = { padding: '3px 4px', textAlign: 'right', whiteSpace: 'nowrap' };
  return (
    <table style={{ width: '100%', color: C.text, fontSize: 14, borderCollapse: 'collapse' }} data-testid={testId}>
      <thead><tr style={{ color: C.dim }}><th style={{ ...cell, textAlign: 'left' }}>名次</th><th style={{ ...cell, textAlign: 'left' }}>单位</th><th style={cell}>响应率</th><th style={cell}>解决率</th><th style={cell}>满意率</th><th style={cell}>综合</th></tr></thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.unitId} style={{ cursor: 'pointer', borderTop: `1px solid ${C.border}` }} onClick={() => onClick(i)} data-testid={`${testId}-${i.unitId}`}>
            <td style={{ ...cell, textAlign: 'left' }}>{i.rank ?? '—'}</td>
            <td style={{ ...cell, textAlign: 'left', maxWidth: 150, overflow: 'hidden', textOverflow: 'ellipsis' }}>{i.unitName}</td>
            <td style={cell}>{pct(i.responseRate)}</td><td style={cell}>{pct(i.resolutionRate)}</td><td style={cell}>{pct(i.satisfactionRate)}</td>
            <td style={{ ...cell, color: '#ffd666' }}>{pct(i.composite)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OrderLines({ items, testId }: { items: Summary['overdue']['items']; testId: string }) {
  if (!items.length) return <div style={{ color: C.dim, padding: 8 }}>暂无</div>;
  return (
    <div data-testid={testId}>
      {items.slice(0, 6).map((o) => (
        <div key={o.id} style={{ display: 'flex', gap: 8, fontSize: 13, color: C.text, padding: '2px 0', cursor: 'pointer' }} onClick={() => navigate(`/orders/${o.id}`)}>
          <span style={{ color: C.dim, fontFamily: 'monospace' }}>{o.number}</span>
          <span style={{ flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{o.title}</span>
          <span style={{ color: C.dim }}>{o.unitName ?? ''}</span>
        </div>
      ))}
    </div>
  );
}

export default function BigScreen() {
  const { te } = useI18n();
  const scale = useScale();
  // Scaled down to a phone the wall screen's own 返回 link is a few pixels tall: add a thumb-sized one.
  const phone = usePhone();
  const live = useStreamConnected();
  const { summary, areas } = useSummary({});
  const [drill, setDrill] = useState<Drill | null>(null);
  const [mapBy, setMapBy] = useState<'count' | 'open' | 'composite'>('count');
  const [clock, setClock] = useState(() => new Date(serverNow()));
  useEffect(() => {
    const t = setInterval(() => setClock(new Date(serverNow())), 1000);
    return () => clearInterval(t);
  }, []);
  const s = summary.data;
  const range = s ? dayRange(s.from, s.to) : {};
  const open = (title: string, query: Drill['query']) => setDrill({ title, query: { ...range, ...query } });

  const streetRates = new Map((s?.rates.rankings.street ?? []).map((i) => [i.unitId, i.composite]));
  const mapItems = (s?.areas ?? []).map((a) => ({
    key: String(a.unitId), name: a.name,
    value: mapBy === 'count' ? a.count : mapBy === 'open' ? a.open : Math.round((streetRates.get(a.unitId) ?? NaN) * 1000) / 10,
  }));

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm }}>
      <div style={{ position: 'fixed', inset: 0, background: C.bg, overflow: 'hidden', zIndex: 900 }} data-testid="bigscreen">
        {phone && (
          <a href="#/" data-testid="bigscreen-back-phone" style={{ position: 'fixed', right: 8, bottom: 8, zIndex: 901, minHeight: 44, padding: '0 16px', display: 'flex', alignItems: 'center', borderRadius: 22, background: C.panel, border: `1px solid ${C.border}`, color: '#fff' }}>‹ 返回</a>
        )}
        <div style={{ width: W, height: H, transform: `scale(${scale})`, transformOrigin: '0 0', padding: 12, boxSizing: 'border-box', display: 'flex', flexDirection: 'column', gap: 10, color: C.text, fontFamily: '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif' }}>
          <header style={{ height: 60, display: 'flex', alignItems: 'center', justifyContent: 'space-between', borderBottom: `2px solid ${C.border}` }}>
            <div style={{ display: 'flex', gap: 16, alignItems: 'baseline' }}>
              <a href="#/" style={{ color: C.dim, fontSize: 14 }} data-testid="bigscreen-back">‹ 返回</a>
              <span style={{ fontSize: 30, fontWeight: 700, letterSpacing: 4, color: '#fff' }}>12345 接诉即办 · 一网知全局</span>
            </div>
            <div style={{ display: 'flex', gap: 20, alignItems: 'center', fontSize: 15, color: C.dim }}>
              <span data-testid="bigscreen-period">{s ? `${s.from} 至 ${s.to}` : ''}</span>
              {s && (['leader_line', 'reception'] as const).map((ch) => (
                // 区领导直通车 and 领导接待日 orders are flagged to leaders: one click lists them.
                <a key={ch} style={{ color: '#ffd666' }} onClick={() => open(te('channel', ch), { channel: ch })} data-testid={`bigscreen-flag-${ch}`}>
                  {te('channel', ch)} {s.byChannel.find((c) => c.key === ch)?.count ?? 0}
                </a>
              ))}
              <a href={exportHref('xlsx', {})} style={{ color: C.title }} data-testid="bigscreen-xlsx">导出 Excel</a>
              <span data-testid="bigscreen-live" data-live={live}>{live ? '● 实时' : '○ 连接中'}</span>
              <span style={{ fontSize: 20, color: '#fff', fontFamily: 'monospace' }}>{clock.toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' })}</span>
            </div>
          </header>
          {!s ? (
            <div style={{ flex: 1, display: 'grid', placeItems: 'center', color: C.dim, fontSize: 24 }} data-testid={summary.error ? 'error' : 'loading'}>{summary.error ? summary.error.userMessage : '加载中…'}</div>
          ) : (
            <div style={{ flex: 1, minHeight: 0, display: 'grid', gridTemplateColumns: '520px 1fr 540px', gap: 10 }}>
              <div style={{ display: 'grid', gridTemplateRows: '230px 1fr 1fr 1.2fr', gap: 10, minHeight: 0 }}>
                <Panel title="受理量" testId="bigscreen-volume">
                  <div style={{ display: 'flex', gap: 12 }}>
                    <Kpi label="今日" value={s.today.count} cmp={[{ label: '昨日', before: s.today.yesterday }, { label: '上周同日', before: s.today.sameDayLastWeek }]} onClick={() => open('今日工单', dayRange(s.today.date, s.today.date))} testId="kpi-today" />
                    <Kpi label="本月" value={s.month.count} cmp={[{ label: '上月同期', before: s.month.lastMonthSamePeriod }]} onClick={() => open('本月工单', dayRange(`${s.month.month}-01`, s.today.date))} testId="kpi-month" />
                    <Kpi label="超期" value={s.overdue.count} cmp={[{ label: '督办', before: s.supervised.count }]} onClick={() => open('超期工单', { warning: 'red', from: undefined, to: undefined })} testId="kpi-overdue" />
                  </div>
                  <div style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 14px', fontSize: 13, marginTop: 6, color: C.dim }} data-testid="bigscreen-status">
                    {s.byStatus.map((r) => (
                      <a key={r.key} style={{ color: C.text }} onClick={() => open(`状态：${te('status', r.key)}`, { status: r.key })} data-testid={`status-${r.key}`}>
                        {te('status', r.key)} <b style={{ color: '#ffd666' }}>{r.count}</b>
                      </a>
                    ))}
                  </div>
                </Panel>
                <Panel title="渠道分布" testId="bigscreen-channels">
                  <PieBlock palette={DARK} height={175} items={s.byChannel.map((c) => ({ key: c.key, name: te('channel', c.key), value: c.count }))} onClick={(k) => open(`渠道：${te('channel', k)}`, { channel: k })} testId="chart-channels" />
                </Panel>
                <Panel title="诉求类型" testId="bigscreen-types">
                  <BarBlock palette={DARK} height={172} items={s.byType.map((c) => ({ key: c.key, name: te('type', c.key), value: c.count }))} onClick={(k) => open(`类型：${te('type', k)}`, { type: k })} testId="chart-types" />
                </Panel>
                <Panel title="高频诉求分类" testId="bigscreen-categories">
                  <BarBlock palette={DARK} horizontal height={222} items={s.topCategories.slice(0, 8).map((c) => ({ key: String(c.categoryId ?? 0), name: c.name, value: c.count }))} onClick={(k) => open(`分类：${s.topCategories.find((c) => String(c.categoryId ?? 0) === k)?.name ?? ''}`, k === '0' ? {} : { categoryId: Number(k) })} testId="chart-categories" />
                </Panel>
              </div>
              <div style={{ display: 'grid', gridTemplateRows: '1fr 200px 200px', gap: 10, minHeight: 0 }}>
                <Panel
                  title="全区分布（街道）"
                  testId="bigscreen-map"
                  extra={
                    <span style={{ display: 'flex', gap: 12, fontSize: 14 }}>
                      {([['count', '期间工单量'], ['open', '在办量'], ['composite', '综合得分']] as const).map(([k, l]) => (
                        <a key={k} onClick={() => setMapBy(k)} style={{ color: mapBy === k ? '#ffd666' : C.dim }} data-testid={`map-by-${k}`}>{l}</a>
                      ))}
                    </span>
                  }
                >
                  {areas.data && <MapBlock palette={DARK} mapKey="minhu-district" areas={areas.data} items={mapItems} height={520} label={mapBy === 'count' ? '期间工单量' : mapBy === 'open' ? '在办量' : '综合得分'} onClick={(k) => open(`区域：${s.areas.find((a) => String(a.unitId) === k)?.name ?? ''}`, { unitId: Number(k) })} testId="chart-map" />}
                </Panel>
                <Panel title="近30日受理趋势" testId="bigscreen-trend">
                  <LineBlock palette={DARK} height={160} items={s.byDay.map((d) => ({ key: d.day, name: d.day.slice(5), value: d.count }))} onClick={(k) => open(`${k} 工单`, dayRange(k, k))} testId="chart-trend" />
                </Panel>
                <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10, minHeight: 0 }}>
                  <Panel title={`超期工单 ${s.overdue.count}`} testId="bigscreen-overdue"><OrderLines items={s.overdue.items} testId="overdue-list" /></Panel>
                  <Panel title={`督办工单 ${s.supervised.count}`} testId="bigscreen-supervised"><OrderLines items={s.supervised.items} testId="supervised-list" /></Panel>
                </div>
              </div>
              <div style={{ display: 'grid', gridTemplateRows: '1.15fr 0.85fr 1.1fr', gap: 10, minHeight: 0 }}>
                <Panel title={`街道三率排名 · ${s.rates.month}`} testId="bigscreen-rank-street">
                  <Ranking items={(s.rates.rankings.street ?? []).slice(0, 9)} onClick={(i) => open(`${i.unitName} 工单`, { unitId: i.unitId })} testId="rank-street" />
                </Panel>
                <Panel title={`部门三率排名 · ${s.rates.month}`} testId="bigscreen-rank-department">
                  <Ranking items={(s.rates.rankings.department ?? []).slice(0, 6)} onClick={(i) => open(`${i.unitName} 工单`, { unitId: i.unitId })} testId="rank-department" />
                </Panel>
                <Panel title="热点与预警" testId="bigscreen-hotspots">
                  <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 10, fontSize: 13 }}>
                    <div data-testid="hotspot-list">
                      {s.hotspots.length === 0 && <div style={{ color: C.dim }}>暂无热点</div>}
                      {s.hotspots.map((h) => (
                        <div key={h.id} style={{ cursor: 'pointer', padding: '3px 0', borderBottom: `1px solid ${C.border}` }} onClick={() => setDrill({ title: `热点：${h.label}`, query: {}, ids: h.orderIds })} data-testid={`hotspot-${h.id}`}>
                          <div style={{ color: '#fff', whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}><span style={{ color: "#ff7a45" }}>●</span> {h.keywords.slice(0, 3).join(' · ') || h.label}</div>
                          <div style={{ color: C.dim }}>{h.count} 件 · 增长 {h.growth >= 0 ? '+' : ''}{Math.round(h.growth * 100)}% · 热度 {h.score}</div>
                        </div>
                      ))}
                    </div>
                    <div data-testid="warning-list">
                      {s.warnings.length === 0 && <div style={{ color: C.dim }}>暂无预警</div>}
                      {s.warnings.map((x) => (
                        <div key={x.id} style={{ cursor: 'pointer', padding: '3px 0', borderBottom: `1px solid ${C.border}`, color: x.state === 'new' ? '#ffa39e' : C.text }} onClick={() => x.orderIds.length && setDrill({ title: x.title, query: {}, ids: x.orderIds })} data-testid={`warning-${x.id}`}>
                          <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}><span style={{ color: "#ffc53d" }}>▲</span> {x.title}</div>
                        </div>
                      ))}
                    </div>
                  </div>
                </Panel>
              </div>
            </div>
          )}
        </div>
        <DrillDown drill={drill} onClose={() => setDrill(null)} />
      </div>
    </ConfigProvider>
  );
}
