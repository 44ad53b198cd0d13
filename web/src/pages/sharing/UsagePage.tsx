import { Card, Col, DatePicker, Row, Segmented, Space, Statistic, Tabs } from 'antd'
import { useState } from 'react'
import { useAuth } from '../../auth'
import { beijingToday, dayjs } from '../../format'
import { useFetch } from '../../hooks'
import type { Page } from '../../types'
import { LoadState } from '../catalog/states'
import CallsTable from './usage/CallsTable'
import TracePanel from './usage/TracePanel'
import type { GatewayCall, UsageSide, UsageSummary } from './usage/types'
import UsageCharts from './usage/UsageCharts'

const DAY = 'YYYY-MM-DD'

function RecentCalls({ side, from, to }: { side: UsageSide; from: string; to: string }) {
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const list = useFetch<Page<GatewayCall>>('/sharing/usage/calls', { side, from, to, page, pageSize })
  return (
    <CallsTable
      calls={list.data?.items ?? []}
      loading={list.loading}
      error={list.error}
      pagination={{
        current: page,
        pageSize,
        total: list.data?.total ?? 0,
        onChange: (next, size) => {
          setPage(size === pageSize ? next : 1)
          setPageSize(size)
        },
      }}
    />
  )
}

/**
 * 接口调用: gateway usage. Providers see who used their data, consumers their own calls, bureaus and auditors
 * their region; charts per day, app, resource and status, the recent calls, and 数据溯源 for auditors.
 */
export default function UsagePage() {
  const { hasRole } = useAuth()
  const [side, setSide] = useState<UsageSide>('all')
  const [range, setRange] = useState<[string, string]>([
    beijingToday().subtract(29, 'day').format(DAY),
    beijingToday().format(DAY),
  ])
  const [from, to] = range
  const summary = useFetch<UsageSummary>('/sharing/usage', { side, from, to })
  const data = summary.data

  const tabs = [
    { key: 'calls', label: '调用明细', children: <RecentCalls side={side} from={from} to={to} /> },
    ...(hasRole('auditor')
      ? [{ key: 'trace', label: '数据溯源', children: <TracePanel from={from} to={to} /> }]
      : []),
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="接口调用"
        extra={
          <Space wrap>
            <Segmented<UsageSide>
              value={side}
              onChange={setSide}
              options={[
                { value: 'all', label: '全部' },
                { value: 'provider', label: '本单位数据被调用' },
                { value: 'consumer', label: '本单位的调用' },
              ]}
            />
            <DatePicker.RangePicker
              value={[dayjs(from), dayjs(to)]}
              allowClear={false}
              onChange={(values) => {
                if (values?.[0] && values[1]) setRange([values[0].format(DAY), values[1].format(DAY)])
              }}
            />
          </Space>
        }
      >
        <LoadState
          loading={summary.loading && !data}
          error={summary.error}
          what="接口调用统计"
          onRetry={summary.reload}
        >
          {data && (
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Statistic title="调用次数" value={data.totals.calls} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="拒绝/失败" value={data.totals.denied} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title="成功率"
                  value={
                    data.totals.calls
                      ? ((data.totals.calls - data.totals.denied) / data.totals.calls) * 100
                      : 0
                  }
                  precision={1}
                  suffix="%"
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title="返回记录数" value={data.totals.rows} />
              </Col>
            </Row>
          )}
        </LoadState>
      </Card>
      {data && <UsageCharts summary={data} />}
      {data && (
        <Card size="small">
          <Tabs items={tabs} />
        </Card>
      )}
    </Space>
  )
}
