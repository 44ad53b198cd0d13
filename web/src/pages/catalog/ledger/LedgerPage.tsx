import { Card, Col, Row, Segmented, Space, Statistic, Table } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useEffect, useState } from 'react'
import { useUser } from '../../../auth'
import RegionTreeSelect from '../../../components/RegionTreeSelect'
import { fetchRegion } from '../../../components/regionTree'
import { useFetch } from '../../../hooks'
import type { Ledger, LedgerOrg, LedgerRegion } from '../../../types'
import { LoadState } from '../states'
import LedgerCharts from './LedgerCharts'
import { countColumns } from './ledgerColumns'

type By = 'org' | 'region'

/** Names of the regions in the table (cached by regionTree; at most 80 lookups). */
function useRegionNames(codes: string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({})
  const key = codes.slice(0, 80).join(',')
  useEffect(() => {
    let cancelled = false
    for (const code of key ? key.split(',') : []) {
      fetchRegion(code)
        .then((r) => {
          if (!cancelled) setNames((prev) => (prev[code] ? prev : { ...prev, [code]: r.name }))
        })
        .catch(() => undefined)
    }
    return () => {
      cancelled = true
    }
  }, [key])
  return names
}

/** 目录一本账: per org and per region counts, publish and mount rates, with charts. */
export default function LedgerPage() {
  const user = useUser()
  const [regionCode, setRegionCode] = useState<string | undefined>(user.scopeRegionCode ?? undefined)
  const [by, setBy] = useState<By>('org')
  const ledger = useFetch<Ledger>('/catalog/ledger', { regionCode })
  const data = ledger.data
  const names = useRegionNames([...new Set((data?.regions ?? []).map((r) => r.regionCode))])

  const orgColumns: ColumnsType<LedgerOrg> = [
    { title: '单位', dataIndex: 'orgName', key: 'orgName', width: 200, fixed: 'left' },
    { title: '行政区划', key: 'region', width: 110, render: (_, r) => names[r.regionCode] ?? r.regionCode },
    ...countColumns<LedgerOrg>(),
  ]
  const regionColumns: ColumnsType<LedgerRegion> = [
    {
      title: '行政区划',
      key: 'region',
      width: 160,
      fixed: 'left',
      render: (_, r) => names[r.regionCode] ?? r.regionCode,
    },
    { title: '单位数', dataIndex: 'orgCount', key: 'orgCount', width: 80 },
    ...countColumns<LedgerRegion>(),
  ]

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title="目录一本账"
        extra={
          <Space>
            <RegionTreeSelect
              value={regionCode}
              onChange={setRegionCode}
              allowClear
              placeholder="全部区划"
              style={{ width: 240 }}
            />
          </Space>
        }
      >
        <LoadState
          loading={ledger.loading && !data}
          error={ledger.error}
          what="目录一本账"
          onRetry={ledger.reload}
        >
          {data && (
            <Row gutter={16}>
              <Col span={4}>
                <Statistic title="单位数" value={data.total.orgCount} />
              </Col>
              <Col span={4}>
                <Statistic title="资源数" value={data.total.resources} />
              </Col>
              <Col span={4}>
                <Statistic title="信息项数" value={data.total.fields} />
              </Col>
              <Col span={4}>
                <Statistic title="已发布" value={data.total.published} />
              </Col>
              <Col span={4}>
                <Statistic title="发布率" value={data.total.publishedPct} suffix="%" precision={1} />
              </Col>
              <Col span={4}>
                <Statistic title="挂接率" value={data.total.mountedPct} suffix="%" precision={1} />
              </Col>
            </Row>
          )}
        </LoadState>
      </Card>
      {data && <LedgerCharts orgs={data.orgs} total={data.total} />}
      {data && (
        <Card
          size="small"
          title="明细"
          extra={
            <Segmented<By>
              value={by}
              onChange={setBy}
              options={[
                { value: 'org', label: '按单位' },
                { value: 'region', label: '按地区' },
              ]}
            />
          }
        >
          {by === 'org' ? (
            <Table<LedgerOrg>
              rowKey="orgId"
              size="small"
              loading={ledger.loading}
              columns={orgColumns}
              dataSource={data.orgs}
              scroll={{ x: 1500 }}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: '暂无数据资源' }}
            />
          ) : (
            <Table<LedgerRegion>
              rowKey="regionCode"
              size="small"
              loading={ledger.loading}
              columns={regionColumns}
              dataSource={data.regions}
              scroll={{ x: 1450 }}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: '暂无数据资源' }}
            />
          )}
        </Card>
      )}
    </Space>
  )
}
