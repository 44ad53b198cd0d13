import { Card, Col, DatePicker, Empty, Row, Segmented, Space, Statistic, Table } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { useAuth } from '../../auth'
import RegionTreeSelect from '../../components/RegionTreeSelect'
import type { dayjs } from '../../format'
import { useFetch } from '../../hooks'
import { LoadState } from '../catalog/states'
import StatsChart from './requests/StatsChart'
import type { SharingStats, StatsMetrics } from './requests/types'

type By = SharingStats['by']
const rate = (v: number | null) => (v === null ? '—' : `${v}%`)
const BY_LABEL: Record<By, string> = { org: '提供单位', region: '地区', month: '月份' }

/** 共享统计: fulfilment per provider org, region or month, within the caller's scope. */
export default function StatsPage() {
  const { hasRole } = useAuth()
  const bureau = hasRole('bureau_admin', 'reviewer', 'auditor')
  const [by, setBy] = useState<By>('org')
  const [regionCode, setRegionCode] = useState<string>()
  const [range, setRange] = useState<[dayjs.Dayjs, dayjs.Dayjs] | null>(null)
  const stats = useFetch<SharingStats>('/sharing/stats', {
    by,
    regionCode,
    from: range?.[0].format('YYYY-MM-DD'),
    to: range?.[1].format('YYYY-MM-DD'),
  })
  const t = stats.data?.total
  const columns: ColumnsType<SharingStats['groups'][number]> = [
    { title: BY_LABEL[by], dataIndex: 'label', key: 'label', fixed: 'left', width: 180 },
    { title: '申请数', dataIndex: 'requests', key: 'requests', width: 80 },
    { title: '已同意', dataIndex: 'approved', key: 'approved', width: 80 },
    { title: '不同意', dataIndex: 'rejected', key: 'rejected', width: 80 },
    { title: '满足率', dataIndex: 'fulfilmentRate', key: 'fulfilmentRate', width: 90, render: rate },
    { title: '按期答复率', dataIndex: 'onTimeRate', key: 'onTimeRate', width: 100, render: rate },
    {
      title: '平均答复用时',
      dataIndex: 'avgDecisionWorkingDays',
      key: 'avg',
      width: 120,
      render: (v: number | null) => (v === null ? '—' : `${v} 个工作日`),
    },
    { title: '待审核', dataIndex: 'pending', key: 'pending', width: 80 },
    { title: '超期', dataIndex: 'overdue', key: 'overdue', width: 70 },
    { title: '已升级', dataIndex: 'escalated', key: 'escalated', width: 80 },
    { title: '申诉中', dataIndex: 'disputed', key: 'disputed', width: 80 },
    { title: '已撤回', dataIndex: 'withdrawn', key: 'withdrawn', width: 80 },
  ]
  const card = (title: string, value: string | number, suffix?: string, m?: keyof StatsMetrics) => (
    <Col xs={12} md={6} xl={3} key={title}>
      <Card size="small" data-testid={m ? `stat-${m}` : undefined}>
        <Statistic title={title} value={value} suffix={suffix} />
      </Card>
    </Col>
  )
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="共享统计"
        extra={
          <Space wrap>
            <Segmented
              options={[
                { value: 'org', label: '按单位' },
                { value: 'region', label: '按地区' },
                { value: 'month', label: '按月份' },
              ]}
              value={by}
              onChange={(v) => setBy(v as By)}
            />
            {bureau && (
              <RegionTreeSelect
                allowClear
                value={regionCode}
                onChange={setRegionCode}
                placeholder="辖区（默认全部）"
                style={{ width: 200 }}
              />
            )}
            <DatePicker.RangePicker
              value={range}
              onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
              placeholder={['申请起始日', '申请截止日']}
            />
          </Space>
        }
      >
        <LoadState
          loading={stats.loading && !stats.data}
          error={stats.error}
          what="共享统计"
          onRetry={stats.reload}
        >
          {t && stats.data && (
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Row gutter={[12, 12]}>
                {card('申请数', t.requests)}
                {card(
                  '满足率',
                  t.fulfilmentRate ?? '—',
                  t.fulfilmentRate === null ? undefined : '%',
                  'fulfilmentRate',
                )}
                {card(
                  '按期答复率',
                  t.onTimeRate ?? '—',
                  t.onTimeRate === null ? undefined : '%',
                  'onTimeRate',
                )}
                {card(
                  '平均答复用时',
                  t.avgDecisionWorkingDays ?? '—',
                  t.avgDecisionWorkingDays === null ? undefined : '工作日',
                )}
                {card('待审核', t.pending)}
                {card('超期未答复', t.overdue)}
                {card('已升级数据局', t.escalated)}
                {card('申诉中', t.disputed)}
              </Row>
              <Card size="small" title={`按${BY_LABEL[by]}`}>
                <StatsChart stats={stats.data} />
              </Card>
              <Table
                rowKey="key"
                size="small"
                columns={columns}
                dataSource={stats.data.groups}
                scroll={{ x: 1100 }}
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                locale={{ emptyText: <Empty description="所选范围内暂无共享申请" /> }}
              />
            </Space>
          )}
        </LoadState>
      </Card>
    </Space>
  )
}
