// Bar chart of yellow / red / overdue orders per unit. Loaded lazily: ECharts is the heaviest dependency
// of the console, and only this chart uses it (tree-shaken to bar chart + canvas).
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, DataZoomComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../../i18n';
import type { OverviewRow } from '../../shared/types';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export default function OverdueChart({ rows }: { rows: OverviewRow[] }) {
  const { t } = useI18n();
  const top = [...rows].sort((a, b) => b.overdue + b.red - (a.overdue + a.red)).slice(0, 30);
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { data: [t('warning.yellow'), t('warning.red'), t('supervision.overdue')] },
    grid: { left: 40, right: 16, bottom: 90, top: 40 },
    xAxis: { type: 'category', data: top.map((r) => r.unitName), axisLabel: { rotate: 40, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    dataZoom: top.length > 15 ? [{ type: 'slider', start: 0, end: 60, bottom: 0 }] : [],
    series: [
      { name: t('warning.yellow'), type: 'bar', stack: 'w', itemStyle: { color: '#faad14' }, data: top.map((r) => r.yellow) },
      { name: t('warning.red'), type: 'bar', stack: 'w', itemStyle: { color: '#f5222d' }, data: top.map((r) => r.red) },
      { name: t('supervision.overdue'), type: 'bar', itemStyle: { color: '#722ed1' }, data: top.map((r) => r.overdue) },
    ],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 340 }} data-testid="overdue-chart" />;
}
