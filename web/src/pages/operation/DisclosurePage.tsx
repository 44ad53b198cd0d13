import { Card, Empty, Input, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { beijingToday } from '../../format'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { KIND_LABELS, UNIT_LABELS, USE_LABELS, yuan } from './labels'

interface MandateItem {
  id: string
  projectCode: string
  projectName: string
  modeLabel: string
  domain: string | null
  scenario: string | null
  authorizerOrgName: string
  implementingOrgName: string
  operatorOrgName: string
  content: string
  termStart: string
  termEnd: string
  status: string
  resources: { code: string; name: string }[]
}

interface OperatorItem {
  orgId: string
  name: string
  products: {
    code: string
    name: string
    kind: keyof typeof KIND_LABELS
    useClass: keyof typeof USE_LABELS
    chargingUnit: keyof typeof UNIT_LABELS
    unitLabel: string
    price: string
    priceCap: string | null
    exchangeName: string | null
    exchangeListingNo: string | null
  }[]
}

interface UsageItem {
  operatorOrgName: string
  productCode: string
  productName: string
  unitLabel: string
  orders: number
  buyers: number
  quantity: string
}

function Mandates() {
  const [page, setPage] = useState(1)
  const [q, setQ] = useState('')
  const query = useDebounced(q)
  const list = useFetch<Page<MandateItem>>('/public/operation/mandates', {
    page,
    pageSize: 10,
    q: query || undefined,
  })
  return (
    <>
      <Input.Search
        allowClear
        placeholder="搜索项目或授权内容"
        value={q}
        onChange={(e) => {
          setQ(e.target.value)
          setPage(1)
        }}
        style={{ maxWidth: 320, marginBottom: 12 }}
      />
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        locale={{ emptyText: <Empty description="暂无公开的授权" /> }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: '授权对象', dataIndex: 'operatorOrgName', key: 'o', width: 180 },
          {
            title: '授权内容',
            key: 'c',
            render: (_, m) => (
              <div>
                {m.content}
                <div>
                  <Typography.Text type="secondary">
                    {m.projectName}（{m.modeLabel}
                    {(m.domain ?? m.scenario) ? `：${m.domain ?? m.scenario}` : ''}）
                  </Typography.Text>
                </div>
              </div>
            ),
          },
          {
            title: '授权范围',
            key: 'r',
            width: 240,
            render: (_, m) => m.resources.map((r) => <Tag key={r.code}>{r.name}</Tag>),
          },
          { title: '授权时限', key: 't', width: 200, render: (_, m) => `${m.termStart} 至 ${m.termEnd}` },
          { title: '授权方', dataIndex: 'authorizerOrgName', key: 'a', width: 140 },
        ]}
      />
    </>
  )
}

function Operators() {
  const list = useFetch<{ items: OperatorItem[] }>('/public/operation/operators')
  if (!list.loading && !list.data?.items.length) return <Empty description="暂无运营机构" />
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {(list.data?.items ?? []).map((o) => (
        <Card key={o.orgId} title={o.name} size="small">
          <Table
            rowKey="code"
            size="small"
            pagination={false}
            dataSource={o.products}
            scroll={{ x: 700 }}
            locale={{ emptyText: <Empty description="暂无上架产品" /> }}
            columns={[
              { title: '产品和服务', dataIndex: 'name', key: 'n' },
              {
                title: '类型',
                dataIndex: 'kind',
                key: 'k',
                render: (k: keyof typeof KIND_LABELS) => KIND_LABELS[k],
              },
              {
                title: '用途类别',
                dataIndex: 'useClass',
                key: 'u',
                render: (u: keyof typeof USE_LABELS) => USE_LABELS[u],
              },
              {
                title: '价格',
                key: 'p',
                render: (_, p) => `${yuan(p.price)}/${p.unitLabel}（${UNIT_LABELS[p.chargingUnit]}）`,
              },
              { title: '政府指导价上限', dataIndex: 'priceCap', key: 'c', render: yuan },
              {
                title: '交易所挂牌',
                key: 'x',
                render: (_, p) => (p.exchangeName ? `${p.exchangeName} ${p.exchangeListingNo}` : '—'),
              },
            ]}
          />
        </Card>
      ))}
    </Space>
  )
}

function Usage() {
  const [year, setYear] = useState(beijingToday().year())
  const list = useFetch<{ items: UsageItem[] }>('/public/operation/usage', { year })
  return (
    <>
      <InputNumber
        value={year}
        min={2000}
        max={2100}
        onChange={(v) => v && setYear(v)}
        addonAfter="年度"
        style={{ marginBottom: 12 }}
      />
      <Table
        rowKey="productCode"
        size="small"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="该年度暂无使用记录" /> }}
        columns={[
          { title: '运营机构', dataIndex: 'operatorOrgName', key: 'o' },
          { title: '产品', dataIndex: 'productName', key: 'p' },
          { title: '订单数', dataIndex: 'orders', key: 'n' },
          { title: '使用单位数', dataIndex: 'buyers', key: 'b' },
          { title: '使用量', key: 'q', render: (_, u) => `${u.quantity} ${u.unitLabel}` },
        ]}
      />
    </>
  )
}

/** Public disclosure of authorized operation (no login). */
export default function DisclosurePage() {
  return (
    <Card
      title="公共数据授权运营情况公开"
      extra={<Link to="/public/enterprises/register">企业注册采购</Link>}
    >
      <Tabs
        items={[
          { key: 'mandates', label: '授权情况', children: <Mandates /> },
          { key: 'operators', label: '产品和服务及价格', children: <Operators /> },
          { key: 'usage', label: '数据使用情况', children: <Usage /> },
        ]}
      />
    </Card>
  )
}
