import { Card, Col, Empty, Row } from 'antd'
import { BarChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { memo } from 'react'
import type { LedgerCounts, LedgerOrg, ShareType } from '../../../types'
import { OPEN_TYPE_LABELS, SHARE_TYPE_LABELS } from '../labels'
import EChart from './EChart'

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer])

const TOP = 15

function OrgBar({ orgs }: { orgs: LedgerOrg[] }) {
  const top = [...orgs].sort((a, b) => b.resources - a.resources).slice(0, TOP)
  if (!top.length) return <Empty description="暂无单位数据" />
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, data: ['资源数', '已发布', '已挂接'] },
    grid: { left: 8, right: 16, bottom: 8, top: 40, containLabel: true },
    xAxis: {
      type: 'category',
      data: top.map((o) => o.orgName),
      axisLabel: { interval: 0, rotate: top.length > 6 ? 30 : 0, fontSize: 11 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '资源数', type: 'bar', data: top.map((o) => o.resources) },
      { name: '已发布', type: 'bar', data: top.map((o) => o.published) },
      { name: '已挂接', type: 'bar', data: top.map((o) => o.mounted) },
    ],
  }
  return <EChart option={option} style={{ height: 340 }} />
}

function TypePie({ counts, labels }: { counts: Record<string, number>; labels: Record<string, string> }) {
  const data = Object.entries(labels).map(([code, name]) => ({ name, value: counts[code] ?? 0 }))
  if (!data.some((d) => d.value > 0)) return <Empty description="暂无资源" />
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}：{c}（{d}%）' },
    legend: { bottom: 0, data: data.map((d) => d.name) },
    series: [
      {
        type: 'pie',
        radius: ['35%', '62%'],
        center: ['50%', '45%'],
        data: data.filter((d) => d.value > 0),
        label: { formatter: '{b}\n{c}' },
      },
    ],
  }
  return <EChart option={option} style={{ height: 340 }} />
}

/** 一本账 charts: resources by org (top 15) and the split by share / open type. */
function LedgerCharts({ orgs, total }: { orgs: LedgerOrg[]; total: LedgerCounts }) {
  return (
    <Row gutter={16}>
      <Col xs={24} xl={12}>
        <Card size="small" title={`各单位资源（前 ${TOP}）`} data-testid="ledger-bar">
          <OrgBar orgs={orgs} />
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card size="small" title="按共享类型" data-testid="ledger-pie">
          <TypePie counts={total.byShareType as Record<ShareType, number>} labels={SHARE_TYPE_LABELS} />
        </Card>
      </Col>
      <Col xs={24} md={12} xl={6}>
        <Card size="small" title="按开放类型">
          <TypePie counts={total.byOpenType} labels={OPEN_TYPE_LABELS} />
        </Card>
      </Col>
    </Row>
  )
}

export default memo(LedgerCharts)
