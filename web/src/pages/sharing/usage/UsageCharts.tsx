import { Card, Col, Empty, Row } from 'antd'
import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { memo } from 'react'
import EChart from '../../catalog/ledger/EChart'
import type { UsageSummary } from './types'

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

export const STATUS_LABELS: Record<number, string> = {
  200: '成功',
  400: '请求错误',
  401: '未认证',
  403: '无权限',
  404: '资源不存在',
  409: '资源不可用',
  429: '超频/超限额',
  503: '数据源不可用',
}

export const statusLabel = (status: number) => `${status} ${STATUS_LABELS[status] ?? ''}`.trim()

function DailyChart({ daily }: { daily: UsageSummary['daily'] }) {
  if (!daily.length) return <Empty description="所选期间没有调用" />
  const option = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['成功', '拒绝/失败', '平均耗时(ms)'] },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: { type: 'category', data: daily.map((d) => d.day) },
    yAxis: [
      { type: 'value', minInterval: 1, name: '次数' },
      { type: 'value', name: 'ms', splitLine: { show: false } },
    ],
    series: [
      { name: '成功', type: 'bar', stack: 'calls', data: daily.map((d) => d.calls - d.denied) },
      { name: '拒绝/失败', type: 'bar', stack: 'calls', data: daily.map((d) => d.denied) },
      {
        name: '平均耗时(ms)',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        data: daily.map((d) => d.avgLatencyMs),
      },
    ],
  }
  return <EChart option={option} style={{ height: 300 }} />
}

function TopBar({ names, calls, denied }: { names: string[]; calls: number[]; denied: number[] }) {
  if (!names.length) return <Empty description="暂无数据" />
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: ['调用', '拒绝/失败'] },
    grid: { left: 8, right: 24, bottom: 8, top: 32, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true, axisLabel: { width: 160, overflow: 'truncate' } },
    series: [
      { name: '调用', type: 'bar', data: calls },
      { name: '拒绝/失败', type: 'bar', data: denied },
    ],
  }
  return <EChart option={option} style={{ height: Math.max(200, 40 + names.length * 28) }} />
}

function StatusPie({ byStatus }: { byStatus: UsageSummary['byStatus'] }) {
  if (!byStatus.length) return <Empty description="暂无数据" />
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0 },
    series: [
      {
        type: 'pie',
        radius: ['35%', '62%'],
        center: ['50%', '45%'],
        data: byStatus.map((s) => ({ name: statusLabel(s.status), value: s.calls })),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  }
  return <EChart option={option} style={{ height: 300 }} />
}

/** Gateway usage charts: calls per day, by app, by resource and the status breakdown. */
function UsageCharts({ summary }: { summary: UsageSummary }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card size="small" title="每日调用量" data-testid="usage-daily">
          <DailyChart daily={summary.daily} />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card size="small" title="按返回状态" data-testid="usage-status">
          <StatusPie byStatus={summary.byStatus} />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="按调用应用（前 20）">
          <TopBar
            names={summary.byApp.map((a) => `${a.appName || a.appId.slice(0, 8)}（${a.orgName}）`)}
            calls={summary.byApp.map((a) => a.calls)}
            denied={summary.byApp.map((a) => a.denied)}
          />
        </Card>
      </Col>
      <Col xs={24} xl={12}>
        <Card size="small" title="按数据资源（前 20）">
          <TopBar
            names={summary.byResource.map((r) => `${r.resourceName || r.resourceCode}（${r.orgName}）`)}
            calls={summary.byResource.map((r) => r.calls)}
            denied={summary.byResource.map((r) => r.denied)}
          />
        </Card>
      </Col>
    </Row>
  )
}

export default memo(UsageCharts)
