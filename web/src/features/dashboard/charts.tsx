// The dashboard's charts (ECharts, tree-shaken): pie, bars, a daily line and the map of the units' polygons.
// Each chart reports clicks with the clicked item, so every number leads to the orders behind it.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Areas } from './types';

echarts.use([BarChart, LineChart, MapChart, PieChart, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface Palette { text: string; axis: string; colors: string[] }
export const DARK: Palette = { text: '#cfe3ff', axis: '#34507a', colors: ['#3fa7ff', '#36cfc9', '#ffc53d', '#ff7a45', '#9254de', '#73d13d', '#f759ab', '#597ef7'] };
export const LIGHT: Palette = { text: '#333', axis: '#ddd', colors: ['#1677ff', '#13c2c2', '#faad14', '#fa541c', '#722ed1', '#52c41a', '#eb2f96', '#2f54eb'] };

interface Item { name: string; value: number; key: string }
type Click = (key: string) => void;
const onEvents = (onClick?: Click) => (onClick ? { click: (p: { data?: { key?: string } }) => p.data?.key !== undefined && onClick(p.data.key) } : undefined);

export function PieBlock({ items, height, palette, onClick, testId }: { items: Item[]; height: number; palette: Palette; onClick?: Click; testId?: string }) {
  const option = {
    color: palette.colors,
    tooltip: { trigger: 'item' },
    legend: { orient: 'vertical', right: 0, top: 'middle', textStyle: { color: palette.text } },
    series: [{ type: 'pie', radius: ['40%', '70%'], center: ['35%', '50%'], label: { show: false }, data: items }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} onEvents={onEvents(onClick)} data-testid={testId} />;
}

export function BarBlock({ items, height, palette, onClick, horizontal, testId }: { items: Item[]; height: number; palette: Palette; onClick?: Click; horizontal?: boolean; testId?: string }) {
  const cat = { type: 'category', data: items.map((i) => i.name), axisLabel: { color: palette.text, width: 110, overflow: 'truncate' }, axisLine: { lineStyle: { color: palette.axis } }, inverse: horizontal };
  const val = { type: 'value', axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.axis } } };
  const option = {
    color: palette.colors,
    tooltip: { trigger: 'axis' },
    grid: { left: horizontal ? 120 : 36, right: 16, top: 10, bottom: 24 },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? cat : val,
    series: [{ type: 'bar', data: items, barMaxWidth: 22, label: { show: true, position: horizontal ? 'right' : 'top', color: palette.text } }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} onEvents={onEvents(onClick)} data-testid={testId} />;
}

export function LineBlock({ items, height, palette, onClick, testId }: { items: Item[]; height: number; palette: Palette; onClick?: Click; testId?: string }) {
  const option = {
    color: palette.colors,
    tooltip: { trigger: 'axis' },
    grid: { left: 36, right: 16, top: 16, bottom: 24 },
    xAxis: { type: 'category', data: items.map((i) => i.name), axisLabel: { color: palette.text }, axisLine: { lineStyle: { color: palette.axis } } },
    yAxis: { type: 'value', axisLabel: { color: palette.text }, splitLine: { lineStyle: { color: palette.axis } } },
    series: [{ type: 'line', smooth: true, data: items, areaStyle: { opacity: 0.2 } }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} onEvents={onEvents(onClick)} data-testid={testId} />;
}

/** The map of the areas, coloured by `value`; `mapKey` names the registered geometry (one per unit). */
export function MapBlock({ areas, mapKey, items, height, palette, onClick, label, testId }: { areas: Areas; mapKey: string; items: Item[]; height: number; palette: Palette; onClick?: Click; label: string; testId?: string }) {
  // GeoJSON names the features; ECharts matches the data to them by name.
  echarts.registerMap(mapKey, areas as never);
  const values = items.map((i) => i.value);
  const option = {
    tooltip: { trigger: 'item', formatter: (p: { name: string; value: number }) => `${p.name}<br/>${label}：${Number.isFinite(p.value) ? p.value : '—'}` },
    visualMap: {
      min: 0, max: Math.max(1, ...values), calculable: true, left: 8, bottom: 8, textStyle: { color: palette.text },
      inRange: { color: ['#0e3a6b', '#1677ff', '#ffc53d', '#ff4d4f'] },
    },
    series: [{
      type: 'map', map: mapKey, roam: false, data: items,
      label: { show: true, color: '#fff', fontSize: 12 },
      itemStyle: { borderColor: '#8fb8ff', borderWidth: 1, areaColor: '#123' },
      emphasis: { label: { color: '#fff' }, itemStyle: { areaColor: '#ff7a45' } },
    }],
  };
  return <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} onEvents={onEvents(onClick)} data-testid={testId} />;
}
