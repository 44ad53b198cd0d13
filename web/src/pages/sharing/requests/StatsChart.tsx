import { Empty } from 'antd'
import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { memo } from 'react'
import EChart from '../../catalog/ledger/EChart'
import type { SharingStats } from './types'

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

const TOP = 20

/** Requests per group by outcome (stacked bars) with the fulfilment and on-time rates (lines, right axis). */
function StatsChart({ stats }: { stats: SharingStats }) {
  const groups = stats.by === 'month' ? stats.groups : stats.groups.slice(0, TOP)
  if (!groups.length) return <Empty description="所选范围内暂无共享申请" />
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: ['已同意', '不同意', '待审核', '超期', '满足率', '按期答复率'] },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: groups.map((g) => g.label),
      axisLabel: { interval: 0, rotate: groups.length > 6 ? 30 : 0, fontSize: 11 },
    },
    yAxis: [
      { type: 'value', name: '申请数', minInterval: 1 },
      { type: 'value', name: '%', min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      {
        name: '已同意',
        type: 'bar',
        stack: 'n',
        barMaxWidth: 56,
        data: groups.map((g) => g.approved),
        itemStyle: { color: '#52c41a' },
      },
      {
        name: '不同意',
        type: 'bar',
        stack: 'n',
        data: groups.map((g) => g.rejected),
        itemStyle: { color: '#ff4d4f' },
      },
      {
        name: '待审核',
        type: 'bar',
        stack: 'n',
        data: groups.map((g) => g.pending - g.overdue),
        itemStyle: { color: '#1677ff' },
      },
      {
        name: '超期',
        type: 'bar',
        stack: 'n',
        data: groups.map((g) => g.overdue),
        itemStyle: { color: '#fa8c16' },
      },
      { name: '满足率', type: 'line', yAxisIndex: 1, data: groups.map((g) => g.fulfilmentRate) },
      { name: '按期答复率', type: 'line', yAxisIndex: 1, data: groups.map((g) => g.onTimeRate) },
    ],
  }
  return <EChart option={option} style={{ height: 360 }} />
}

export default memo(StatsChart)
