import { Empty } from 'antd'
import { BarChart, LineChart, RadarChart } from 'echarts/charts'
import { GridComponent, LegendComponent, RadarComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { memo } from 'react'
import EChart from '../../catalog/ledger/EChart'
import { DIMENSION_LABELS, DIMENSIONS } from './labels'
import type { Dimension, RuleResult } from './types'

echarts.use([
  BarChart,
  LineChart,
  RadarChart,
  GridComponent,
  LegendComponent,
  RadarComponent,
  TooltipComponent,
  CanvasRenderer,
])

/** Score over time (runs oldest first). */
export const TrendChart = memo(function TrendChart({
  points,
  height = 220,
}: {
  points: { label: string; score: number | null }[]
  height?: number
}) {
  if (!points.length) return <Empty description="暂无稽查记录" />
  const option = {
    tooltip: { trigger: 'axis' },
    grid: { left: 8, right: 16, bottom: 8, top: 24, containLabel: true },
    xAxis: { type: 'category', data: points.map((p) => p.label), axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', min: 0, max: 100, name: '得分' },
    series: [
      {
        name: '得分',
        type: 'line',
        smooth: true,
        data: points.map((p) => p.score),
        itemStyle: { color: '#1677ff' },
      },
    ],
  }
  return <EChart option={option} style={{ height }} />
})

/** The five dimension scores of one run. */
export const DimensionRadar = memo(function DimensionRadar({
  scores,
}: {
  scores: Partial<Record<Dimension, number>>
}) {
  const dims = DIMENSIONS.filter((d) => scores[d] !== undefined)
  if (dims.length < 3)
    return (
      <EChart
        style={{ height: 240 }}
        option={{
          grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
          xAxis: { type: 'category', data: dims.map((d) => DIMENSION_LABELS[d]) },
          yAxis: { type: 'value', min: 0, max: 100 },
          series: [{ type: 'bar', barMaxWidth: 48, data: dims.map((d) => scores[d]) }],
        }}
      />
    )
  const option = {
    tooltip: {},
    radar: { indicator: dims.map((d) => ({ name: DIMENSION_LABELS[d], max: 100 })), radius: '65%' },
    series: [
      {
        type: 'radar',
        data: [{ value: dims.map((d) => scores[d]), name: '维度得分', areaStyle: { opacity: 0.2 } }],
      },
    ],
  }
  return <EChart option={option} style={{ height: 240 }} />
})

/** Failure rate per rule (bars), red when beyond the threshold. */
export const FailureChart = memo(function FailureChart({ results }: { results: RuleResult[] }) {
  const rows = results.filter((r) => r.evaluated && r.checked > 0)
  if (!rows.length) return <Empty description="没有可评价的规则" />
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, bottom: 8, top: 16, containLabel: true },
    xAxis: { type: 'value', name: '失败率 %', max: (v: { max: number }) => Math.max(1, Math.ceil(v.max)) },
    yAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        barMaxWidth: 18,
        data: rows.map((r) => ({
          value: Math.round(r.failRate * 10000) / 100,
          itemStyle: { color: r.breached ? '#cf1322' : '#52c41a' },
        })),
      },
    ],
  }
  return <EChart option={option} style={{ height: Math.max(200, rows.length * 28 + 40) }} />
})

/** Scores of orgs, regions or resources (bars). */
export const ScoreBars = memo(function ScoreBars({
  rows,
}: {
  rows: { name: string; score: number | null }[]
}) {
  if (!rows.length) return <Empty description="暂无评分" />
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, bottom: 8, top: 16, containLabel: true },
    xAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', min: 0, max: 100, name: '得分' },
    series: [
      { type: 'bar', barMaxWidth: 48, data: rows.map((r) => r.score), itemStyle: { color: '#1677ff' } },
    ],
  }
  return <EChart option={option} style={{ height: 260 }} />
})
