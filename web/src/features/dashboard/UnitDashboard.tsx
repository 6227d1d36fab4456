// 单位看板 — a unit's dashboard over its own subtree (the centre, supervisors and leaders may pick any unit):
// the same figures as the big screen, each table exportable (CSV, or the whole summary as Excel), every
// number opening the orders behind it.
import { useState } from 'react';
import Card from 'antd/es/card';
import Col from 'antd/es/col';
import DatePicker from 'antd/es/date-picker';
import Row from 'antd/es/row';
import Space from 'antd/es/space';
import Statistic from 'antd/es/statistic';
import Table from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMe } from '../../app/auth';
import { navigate } from '../../app/router';
import { useI18n } from '../../i18n';
import { ErrorState, Loading } from '../../shared/states';
import { UnitSelect } from '../../shared/UnitSelect';
import { BarBlock, LIGHT, LineBlock, MapBlock, PieBlock } from './charts';
import { DrillDown } from './DrillDown';
import { dayRange, delta, pct, type Drill, type OrderLine } from './types';
import { exportHref, useSummary, type SummaryParams } from './useSummary';
import { usePhone } from '../../shared/usePhone';

const Csv = ({ p, table }: { p: SummaryParams; table: string }) => <a href={exportHref('csv', p, table)} data-testid={`csv-${table}`}>CSV</a>;

export default function UnitDashboard() {
  const me = useMe();
  const { te } = useI18n();
  const seesAll = me.isCenter || ['supervisor', 'leader', 'admin'].includes(me.role);
  const phone = usePhone();
  const [unitId, setUnitId] = useState<number | undefined>(seesAll ? undefined : me.unit.id);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const p: SummaryParams = { unitId, from: range?.[0].format('YYYY-MM-DD'), to: range?.[1].format('YYYY-MM-DD') };
  const { summary, areas } = useSummary(p);
  const [drill, setDrill] = useState<Drill | null>(null);
  const s = summary.data;
  const scope = unitId ? { unitId } : {};
  const open = (title: string, query: Drill['query']) => s && setDrill({ title, query: { ...dayRange(s.from, s.to), ...scope, ...query } });
  const orderCols = [
    { title: '工单编号', dataIndex: 'number', render: (v: string, o: OrderLine) => <a onClick={() => navigate(`/orders/${o.id}`)}>{v}</a> },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    { title: '主办单位', dataIndex: 'unitName' },
    { title: '办理时限', dataIndex: 'resolveDueAt', render: (v: string | null) => (v ? dayjs(v).format('MM-DD HH:mm') : '—') },
  ];

  const controls = (
    <Space wrap={phone}>
      {seesAll && <div style={{ width: 220 }}><UnitSelect value={unitId ?? null} onChange={(v) => setUnitId(v ?? undefined)} testId="dashboard-unit" placeholder="全区" /></div>}
      <DatePicker.RangePicker value={range} onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} data-testid="dashboard-range" />
      <a href={exportHref('xlsx', p)} data-testid="dashboard-xlsx">导出 Excel</a>
      {seesAll && <a href="#/dashboard" data-testid="dashboard-bigscreen">大屏</a>}
    </Space>
  );
  return (
    <Card
      data-testid="unit-dashboard"
      title={`单位看板 · ${s?.unit?.name ?? '全区'}`}
      // On a phone the controls do not fit beside the title: they go on top of the body.
      extra={phone ? undefined : controls}
    >
      {phone && <div style={{ marginBottom: 12 }}>{controls}</div>}
      {summary.error && <ErrorState error={summary.error} onRetry={summary.reload} />}
      {!s && !summary.error && <Loading />}
      {s && (
        <>
          <Row gutter={[12, 12]}>
            {[
              { k: 'today', label: '今日受理', v: s.today.count, cmp: `昨日 ${s.today.yesterday}（${delta(s.today.count, s.today.yesterday).text}）`, q: dayRange(s.today.date, s.today.date) },
              { k: 'month', label: '本月受理', v: s.month.count, cmp: `上月同期 ${s.month.lastMonthSamePeriod}（${delta(s.month.count, s.month.lastMonthSamePeriod).text}）`, q: dayRange(`${s.month.month}-01`, s.today.date) },
              { k: 'total', label: `期间 ${s.from} 至 ${s.to}`, v: s.total.count, cmp: `上一期间 ${s.total.previous}（${delta(s.total.count, s.total.previous).text}）`, q: {} },
              { k: 'overdue', label: '超期', v: s.overdue.count, cmp: `督办 ${s.supervised.count}`, q: { warning: 'red', from: undefined, to: undefined } },
            ].map((x) => (
              <Col xs={12} md={6} key={x.k}>
                <Card size="small" hoverable onClick={() => open(x.label, x.q)} data-testid={`unit-kpi-${x.k}`}>
                  <Statistic title={x.label} value={x.v} />
                  <div style={{ color: '#888', fontSize: 12 }}>{x.cmp}</div>
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={8}>
              <Card size="small" title="渠道" extra={<Csv p={p} table="channels" />}>
                <PieBlock palette={LIGHT} height={220} items={s.byChannel.map((c) => ({ key: c.key, name: te('channel', c.key), value: c.count }))} onClick={(k) => open(`渠道：${te('channel', k)}`, { channel: k })} testId="unit-chart-channels" />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title="类型" extra={<Csv p={p} table="types" />}>
                <BarBlock palette={LIGHT} height={220} items={s.byType.map((c) => ({ key: c.key, name: te('type', c.key), value: c.count }))} onClick={(k) => open(`类型：${te('type', k)}`, { type: k })} />
              </Card>
            </Col>
            <Col xs={24} md={8}>
              <Card size="small" title="三率" data-testid="unit-rates">
                {s.rates.own ? (
                  <Row>
                    <Col span={8}><Statistic title="响应率" value={pct(s.rates.own.responseRate)} /></Col>
                    <Col span={8}><Statistic title="解决率" value={pct(s.rates.own.resolutionRate)} /></Col>
                    <Col span={8}><Statistic title="满意率" value={pct(s.rates.own.satisfactionRate)} /></Col>
                    <Col span={24} style={{ marginTop: 8, color: '#888' }}>{s.rates.month} 综合得分 {pct(s.rates.own.composite)} · 名次 {s.rates.own.rank ?? '—'} · <a href="#/assessment">考核详情</a></Col>
                  </Row>
                ) : <div style={{ color: '#888' }}>本单位不参与考核排名（街道、乡镇、部门、企业参与）。</div>}
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={12}>
              <Card size="small" title="下辖区域" extra={<Csv p={p} table="areas" />}>
                {areas.data && areas.data.features.length > 0 && (
                  <MapBlock palette={LIGHT} mapKey={`minhu-unit-${unitId ?? 'all'}`} areas={areas.data} items={s.areas.map((a) => ({ key: String(a.unitId), name: a.name, value: a.count }))} height={260} label="期间工单量" onClick={(k) => open('区域工单', { unitId: Number(k) })} testId="unit-chart-map" />
                )}
                <Table size="small" rowKey="unitId" pagination={false} scroll={{ y: 200 }} dataSource={s.areas} data-testid="unit-areas"
                  columns={[{ title: '单位', dataIndex: 'name' }, { title: '期间工单量', dataIndex: 'count', render: (v: number, a) => <a onClick={() => open(a.name, { unitId: a.unitId })}>{v}</a> }, { title: '在办', dataIndex: 'open' }]} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title="高频分类" extra={<Csv p={p} table="categories" />}>
                <BarBlock palette={LIGHT} horizontal height={230} items={s.topCategories.slice(0, 8).map((c) => ({ key: String(c.categoryId ?? 0), name: c.name, value: c.count }))} onClick={(k) => open('分类工单', k === '0' ? {} : { categoryId: Number(k) })} />
              </Card>
              <Card size="small" title="近30日趋势" extra={<Csv p={p} table="days" />} style={{ marginTop: 12 }}>
                <LineBlock palette={LIGHT} height={180} items={s.byDay.map((d) => ({ key: d.day, name: d.day.slice(5), value: d.count }))} onClick={(k) => open(`${k} 工单`, dayRange(k, k))} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={12}>
              <Card size="small" title={`超期工单 ${s.overdue.count}`} extra={<Csv p={p} table="overdue" />}>
                <Table size="small" rowKey="id" pagination={false} dataSource={s.overdue.items} columns={orderCols} data-testid="unit-overdue" />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title={`督办工单 ${s.supervised.count}`} extra={<Csv p={p} table="supervised" />}>
                <Table size="small" rowKey="id" pagination={false} dataSource={s.supervised.items} columns={orderCols} data-testid="unit-supervised" />
              </Card>
            </Col>
          </Row>
          <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
            <Col xs={24} md={12}>
              <Card size="small" title="热点（近7天）" extra={<Csv p={p} table="hotspots" />}>
                <Table size="small" rowKey="id" pagination={false} dataSource={s.hotspots} data-testid="unit-hotspots"
                  columns={[{ title: '热点', dataIndex: 'label', ellipsis: true }, { title: '关键词', dataIndex: 'keywords', render: (k: string[]) => k.join(' ') },
                    { title: '工单量', dataIndex: 'count', render: (v: number, h) => <a onClick={() => setDrill({ title: `热点：${h.label}`, query: {}, ids: h.orderIds })}>{v}</a> }, { title: '热度', dataIndex: 'score' }]} />
              </Card>
            </Col>
            <Col xs={24} md={12}>
              <Card size="small" title="预警" extra={<Csv p={p} table="warnings" />}>
                <Table size="small" rowKey="id" pagination={false} dataSource={s.warnings} data-testid="unit-warnings"
                  columns={[{ title: '预警', dataIndex: 'title', ellipsis: true, render: (v: string, x) => (x.orderIds.length ? <a onClick={() => setDrill({ title: v, query: {}, ids: x.orderIds })}>{v}</a> : v) }, { title: '状态', dataIndex: 'state', render: (v: string) => ({ new: '新', seen: '已查看', acted: '已处置' } as Record<string, string>)[v] ?? v }]} />
              </Card>
            </Col>
          </Row>
        </>
      )}
      <DrillDown drill={drill} onClose={() => setDrill(null)} />
    </Card>
  );
}
