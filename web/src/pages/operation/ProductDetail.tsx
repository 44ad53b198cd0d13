import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Table,
  Tag,
} from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import { KIND_LABELS, ProductStatusTag, UNIT_LABELS, USE_LABELS, yuan } from './labels'
import type { ProductView } from './types'

function OrderModal({
  product,
  open,
  onClose,
}: {
  product: ProductView
  open: boolean
  onClose: () => void
}) {
  const [form] = Form.useForm()
  const apps = useFetch<{ items: { id: string; name: string }[] }>(
    open && product.kind === 'api' ? '/sharing/apps' : null,
  )
  const submit = async () => {
    const v = await form.validateFields()
    try {
      await api.post('/operation/orders', {
        productId: product.id,
        quantity: v.quantity ?? 0,
        purpose: v.purpose,
        appId: product.kind === 'api' ? v.appId : null,
        validUntil: v.validUntil.format('YYYY-MM-DD'),
      })
      showSuccess('已下单')
      onClose()
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Modal
      title={`采购：${product.name}`}
      open={open}
      onCancel={onClose}
      onOk={submit}
      okText="下单"
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        {product.chargingUnit !== 'call' && (
          <Form.Item name="quantity" label={`数量（${product.unitLabel}）`} rules={[{ required: true }]}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
        )}
        {product.kind === 'api' && (
          <Form.Item name="appId" label="调用应用" rules={[{ required: true }]}>
            <Select options={(apps.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))} />
          </Form.Item>
        )}
        <Form.Item name="purpose" label="用途" rules={[{ required: true }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="validUntil" label="使用截止日" rules={[{ required: true }]}>
          <DatePicker />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** Publication gated on registration (where required), else the initial registration's due day after delivery. */
function RegistrationNotice({ product: p }: { product: ProductView }) {
  const due = p.registrationDue
  if (due.registered) return null
  const register = <Link to="/registrations/new">去办理登记</Link>
  if (due.required)
    return (
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 12 }}
        message="本地区要求数据产品先登记后上架"
        description={<>该产品尚无有效的公共数据资源登记，取得登记证书后方可上架。{register}</>}
      />
    )
  if (!p.deliveredAt)
    return (
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 12 }}
        message={`产品上架（交付）后须在 ${due.workingDays} 个工作日内办理首次登记`}
      />
    )
  return (
    <Alert
      type={due.overdue ? 'error' : 'warning'}
      showIcon
      style={{ marginBottom: 12 }}
      message={
        due.dueOn
          ? due.overdue
            ? `首次登记已超过期限（${due.dueOn}），请尽快办理`
            : `该产品尚未登记：首次登记应于 ${due.dueOn} 前办理（交付后 ${due.workingDays} 个工作日内）`
          : `该产品尚未登记：首次登记应在交付后 ${due.workingDays} 个工作日内办理`
      }
      description={register}
    />
  )
}

export default function ProductDetailView({ id }: { id: string }) {
  const user = useUser()
  const [tick, setTick] = useState(0)
  const detail = useFetch<ProductView>(`/operation/products/${id}`, undefined, tick)
  const [price, setPrice] = useState<string>('')
  const [cap, setCap] = useState<string>('')
  const [ordering, setOrdering] = useState(false)
  const [listing, setListing] = useState({ exchangeName: '', listingNo: '' })
  const p = detail.data
  if (!p)
    return (
      <Card loading={detail.loading}>{detail.error && <Empty description="产品不存在或无权查看" />}</Card>
    )
  const mine = user.roles.includes('operator_staff') && user.orgId === p.operatorOrgId
  const authorizer = user.roles.includes('bureau_admin')
  const buyer =
    (user.roles.includes('data_steward') || user.roles.includes('org_admin')) &&
    !mine &&
    p.status === 'published'
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn()
      showSuccess(ok)
      setTick((n) => n + 1)
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            {p.name}
            <ProductStatusTag status={p.status} />
          </Space>
        }
        extra={<Link to="/operation/products">返回列表</Link>}
      >
        {/* Registering is the operator's task: a buyer gets no link to a page it cannot use. */}
        {!buyer && <RegistrationNotice product={p} />}
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="产品编号">{p.code}</Descriptions.Item>
          <Descriptions.Item label="运营机构">{p.operatorOrgName}</Descriptions.Item>
          <Descriptions.Item label="类型">{KIND_LABELS[p.kind]}</Descriptions.Item>
          <Descriptions.Item label="用途类别">{USE_LABELS[p.useClass]}</Descriptions.Item>
          <Descriptions.Item label="计费方式">
            {UNIT_LABELS[p.chargingUnit]}（{p.unitLabel}）
          </Descriptions.Item>
          <Descriptions.Item label="项目">{p.projectName}</Descriptions.Item>
          <Descriptions.Item label="执行价">
            <span data-testid="product-price">{yuan(p.price)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="上限价">
            <span data-testid="product-cap">{yuan(p.priceCap)}</span>
          </Descriptions.Item>
          <Descriptions.Item label="产品登记">
            {p.registration
              ? `${p.registration.number ?? '办理中'}（${p.registration.status}）`
              : (p.registrationNo ?? '未登记')}
          </Descriptions.Item>
          <Descriptions.Item label="交易所挂牌">
            {p.exchangeName ? `${p.exchangeName} ${p.exchangeListingNo}` : '未挂牌'}
          </Descriptions.Item>
          <Descriptions.Item label="数据来源" span={2}>
            {p.inputs.map((i) => (
              <Tag key={i.id}>
                {i.kind === 'product' ? '产品' : '资源'}：{i.name}
              </Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
        <Space wrap style={{ marginTop: 12 }}>
          {mine && p.status !== 'withdrawn' && (
            <>
              <Input
                placeholder="执行价（元）"
                value={price}
                onChange={(e) => setPrice(e.target.value)}
                style={{ width: 140 }}
                aria-label="执行价"
              />
              <Button
                onClick={() =>
                  act(
                    () => api.post(`/operation/products/${id}/price`, { amount: price.trim() }),
                    '执行价已调整',
                  )
                }
                disabled={!price.trim()}
              >
                调整执行价
              </Button>
            </>
          )}
          {mine && p.status !== 'published' && (
            <Button
              type="primary"
              onClick={() => act(() => api.post(`/operation/products/${id}/publish`), '产品已上架')}
            >
              上架
            </Button>
          )}
          {mine && p.status === 'published' && (
            <Button onClick={() => act(() => api.post(`/operation/products/${id}/withdraw`), '产品已下架')}>
              下架
            </Button>
          )}
          {authorizer && (
            <>
              <Input
                placeholder="上限价（元）"
                value={cap}
                onChange={(e) => setCap(e.target.value)}
                style={{ width: 140 }}
                aria-label="上限价"
              />
              <Button
                onClick={() =>
                  act(() => api.post(`/operation/products/${id}/cap`, { amount: cap.trim() }), '上限价已核定')
                }
                disabled={!cap.trim()}
              >
                核定上限价
              </Button>
            </>
          )}
          {buyer && (
            <Button type="primary" onClick={() => setOrdering(true)}>
              采购
            </Button>
          )}
        </Space>
        {mine && (
          <Space wrap style={{ marginTop: 12 }}>
            <Input
              placeholder="数据交易所"
              value={listing.exchangeName}
              onChange={(e) => setListing({ ...listing, exchangeName: e.target.value })}
              style={{ width: 180 }}
            />
            <Input
              placeholder="挂牌编号"
              value={listing.listingNo}
              onChange={(e) => setListing({ ...listing, listingNo: e.target.value })}
              style={{ width: 180 }}
            />
            <Button
              onClick={() =>
                act(
                  () =>
                    api.put(`/operation/products/${id}/listing`, {
                      exchangeName: listing.exchangeName.trim() || null,
                      listingNo: listing.listingNo.trim() || null,
                    }),
                  '挂牌信息已保存',
                )
              }
            >
              保存挂牌信息
            </Button>
          </Space>
        )}
      </Card>
      <Card title="价格调整记录" size="small">
        <Table
          rowKey={(c) => `${c.kind}-${c.changedAt}`}
          size="small"
          pagination={false}
          dataSource={p.priceChanges}
          locale={{ emptyText: <Empty description="暂无调价记录" /> }}
          columns={[
            {
              title: '时间',
              dataIndex: 'changedAt',
              key: 'at',
              render: formatTime,
            },
            {
              title: '类别',
              dataIndex: 'kind',
              key: 'kind',
              render: (k: string) => (k === 'cap' ? '上限价' : '执行价'),
            },
            { title: '原价', dataIndex: 'old', key: 'old', render: yuan },
            { title: '新价', dataIndex: 'new', key: 'new', render: yuan },
            { title: '原因', dataIndex: 'reason', key: 'reason' },
            {
              title: '操作人',
              dataIndex: 'changedByName',
              key: 'by',
              render: (n: string | null) => n ?? '—',
            },
          ]}
        />
      </Card>
      <OrderModal product={p} open={ordering} onClose={() => setOrdering(false)} />
    </Space>
  )
}
