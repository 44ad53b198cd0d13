import {
  Button,
  Card,
  DatePicker,
  Drawer,
  Empty,
  Input,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Tag,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import type { Dayjs } from 'dayjs'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showError, showSuccess } from '../../feedback'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { download } from './download'
import { InvoiceStateTag, yuan } from './labels'
import type { Invoice, OrderItem } from './types'

function Invoices({ order, onClose }: { order: OrderItem | null; onClose: () => void }) {
  const user = useUser()
  const [tick, setTick] = useState(0)
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null)
  const list = useFetch<{ items: Invoice[] }>(
    order ? `/operation/orders/${order.id}/invoices` : null,
    undefined,
    tick,
  )
  const meter = async () => {
    if (!order || !range) return
    try {
      const r = await api.post<{ calls: number }>(`/operation/orders/${order.id}/meter`, {
        from: range[0].format('YYYY-MM-DD'),
        to: range[1].format('YYYY-MM-DD'),
      })
      showSuccess(`已按网关调用日志计量 ${r.calls} 次并出账`)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Drawer
      title={order ? `结算单与收益分配：${order.code}` : ''}
      open={order !== null}
      onClose={onClose}
      width={720}
    >
      {order?.chargingUnit === 'call' && user.roles.includes('operator_staff') && (
        <Space style={{ marginBottom: 12 }}>
          <DatePicker.RangePicker
            value={range}
            onChange={(v) => setRange(v?.[0] && v[1] ? [v[0], v[1]] : null)}
          />
          <Button type="primary" disabled={!range} onClick={meter}>
            计量出账
          </Button>
        </Space>
      )}
      <Table
        rowKey="id"
        size="small"
        loading={list.loading}
        pagination={false}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无结算单" /> }}
        columns={[
          { title: '结算单号', dataIndex: 'number', key: 'n' },
          {
            title: '状态',
            key: 'st',
            render: (_, i) => <InvoiceStateTag state={i.state} overdue={i.overdue} />,
          },
          { title: '到期日', dataIndex: 'dueOn', key: 'due' },
          { title: '计费期', key: 'p', render: (_, i) => `${i.periodStart} 至 ${i.periodEnd}` },
          { title: '数量', dataIndex: 'quantity', key: 'q' },
          { title: '单价', dataIndex: 'unitPrice', key: 'u', render: yuan },
          { title: '金额', dataIndex: 'amount', key: 'a', render: yuan },
          {
            title: '收益分配',
            key: 's',
            render: (_, i) =>
              i.shares.map((s) => (
                <Tag key={s.party} style={s.reversed ? { textDecoration: 'line-through' } : undefined}>
                  {s.party === 'authorizer' ? '授权方' : '运营机构'} {yuan(s.amount)}
                  {s.reversed ? '（已冲销）' : ''}
                </Tag>
              )),
          },
          {
            title: '',
            key: 'pdf',
            render: (_, i) => (
              <Button
                size="small"
                onClick={() =>
                  void download(`/operation/invoices/${i.id}.pdf`, undefined, `结算单-${i.number}.pdf`).catch(
                    showError,
                  )
                }
              >
                PDF
              </Button>
            ),
          },
        ]}
      />
    </Drawer>
  )
}

export default function OrdersPage() {
  const user = useUser()
  const isOperator = user.roles.includes('operator_staff')
  const isBuyer = user.roles.includes('data_steward') || user.roles.includes('org_admin')
  const bureau = user.roles.some((r) => r === 'bureau_admin' || r === 'reviewer' || r === 'auditor')
  const sides = [
    ...(isOperator ? [{ value: 'sales', label: '本机构销售' }] : []),
    ...(isBuyer ? [{ value: 'purchases', label: '本单位采购' }] : []),
    ...(bureau ? [{ value: 'region', label: '辖区全部' }] : []),
  ]
  const [side, setSide] = useState(sides[0]?.value ?? 'purchases')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState('')
  const query = useDebounced(q)
  const [open, setOpen] = useState<OrderItem | null>(null)
  const list = useFetch<Page<OrderItem>>('/operation/orders', {
    side,
    page,
    pageSize: 20,
    q: query || undefined,
  })
  const cancel = async (o: OrderItem) => {
    try {
      await api.post(`/operation/orders/${o.id}/cancel`)
      showSuccess('订单已取消')
      list.reload()
    } catch (err) {
      showError(err)
    }
  }
  const columns: ColumnsType<OrderItem> = [
    { title: '订单号', dataIndex: 'code', key: 'code', width: 170 },
    { title: '产品', dataIndex: 'productName', key: 'product' },
    {
      title: side === 'sales' ? '采购单位' : '运营机构',
      key: 'party',
      render: (_, o) =>
        side === 'sales'
          ? o.buyerOrgName
          : side === 'purchases'
            ? o.operatorOrgName
            : `${o.operatorOrgName} → ${o.buyerOrgName}`,
    },
    { title: '单价', key: 'price', width: 110, render: (_, o) => `${yuan(o.unitPrice)}/${o.unitLabel}` },
    { title: '已出账', dataIndex: 'invoiced', key: 'invoiced', width: 100, render: yuan },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: string) => (
        <Tag color={s === 'active' ? 'green' : 'default'}>
          {s === 'active' ? '有效' : s === 'cancelled' ? '已取消' : '已完成'}
        </Tag>
      ),
    },
    {
      title: '操作',
      key: 'ops',
      width: 170,
      render: (_, o) => (
        <Space size={4}>
          <Button size="small" onClick={() => setOpen(o)}>
            账单
          </Button>
          {o.status === 'active' && (
            <Popconfirm title="取消订单并收回接口授权？" onConfirm={() => cancel(o)}>
              <Button size="small" danger>
                取消
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ]
  return (
    <Card title="订单与收入">
      <Space wrap style={{ marginBottom: 16 }}>
        {sides.length > 1 && (
          <Segmented
            value={side}
            options={sides}
            onChange={(v) => {
              setSide(String(v))
              setPage(1)
            }}
          />
        )}
        <Input.Search
          allowClear
          placeholder="订单号或产品名称"
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setPage(1)
          }}
          style={{ width: 240 }}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description="暂无订单" /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 项`,
        }}
      />
      <Invoices order={open} onClose={() => setOpen(null)} />
    </Card>
  )
}
