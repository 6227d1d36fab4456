// A sparkline of a unit's composite over 12 months. Loaded lazily (ECharts), tree-shaken to a line chart.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default function TrendChart({ points, height = 60 }: { points: { month: string; composite: number | null }[]; height?: number }) {
  const option = {
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}`) },
    grid: { left: 4, right: 4, top: 6, bottom: height > 80 ? 24 : 4 },
    xAxis: { type: 'category', data: points.map((p) => p.month), show: height > 80 },
    yAxis: { type: 'value', min: 'dataMin', show: false },
    series: [{ type: 'line', smooth: true, symbolSize: 4, data: points.map((p) => p.composite), connectNulls: false, areaStyle: { opacity: 0.15 } }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} data-testid="assessment-trend" />;
}
