import { PlusOutlined } from '@ant-design/icons'
import { Button, Card, Empty, Form, Input, Modal, Segmented, Select, Space, Table } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showFormError, showSuccess } from '../../feedback'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { KIND_LABELS, ProductStatusTag, UNIT_LABELS, USE_LABELS, yuan } from './labels'
import ProductDetailView from './ProductDetail'
import type { ProductItem, ProjectItem, ProjectView } from './types'

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }))

function CreateProductModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const user = useUser()
  const [form] = Form.useForm()
  const [saving, setSaving] = useState(false)
  const navigate = useNavigate()
  const projects = useFetch<Page<ProjectItem>>(open ? '/operation/projects' : null, {
    status: 'active',
    pageSize: 100,
  })
  const projectId = Form.useWatch('projectId', form)
  const kind = Form.useWatch('kind', form)
  const project = useFetch<ProjectView>(projectId ? `/operation/projects/${projectId}` : null)
  const market = useFetch<Page<ProductItem>>(open ? '/operation/products' : null, {
    scope: 'market',
    pageSize: 100,
  })
  const mandate = project.data?.mandates.find((m) => m.operatorOrgId === user.orgId)
  const included = (project.data?.resources ?? []).filter((r) => r.status === 'included')
  const submit = async () => {
    const v = await form.validateFields()
    if (!mandate) return
    setSaving(true)
    try {
      const res = await api.post<{ id: string }>('/operation/products', {
        mandateId: mandate.id,
        name: v.name,
        kind: v.kind,
        useClass: v.useClass,
        chargingUnit: v.chargingUnit,
        unitLabel: v.unitLabel,
        description: v.description ?? '',
        resourceInputs: v.resourceInputs ?? [],
        productInputs: v.productInputs ?? [],
        apiResourceId: v.kind === 'api' ? v.apiResourceId : null,
        apiFields:
          v.kind === 'api'
            ? String(v.apiFields ?? '')
                .split(/[,，\s]+/)
                .filter(Boolean)
            : [],
      })
      showSuccess('产品已创建')
      onClose()
      navigate(`/operation/products/${res.id}`)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      title="新建产品和服务"
      open={open}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      width={680}
      okText="创建"
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'api', useClass: 'industry', chargingUnit: 'call', unitLabel: '次' }}
      >
        <Form.Item
          name="projectId"
          label="授权运营项目"
          rules={[{ required: true }]}
          extra={projectId && !mandate ? '本机构在该项目中没有授权' : undefined}
        >
          <Select options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} />
        </Form.Item>
        <Form.Item name="name" label="产品名称" rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label="类型" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={options(KIND_LABELS)} />
          </Form.Item>
          <Form.Item name="useClass" label="用途类别" rules={[{ required: true }]}>
            <Select style={{ width: 200 }} options={options(USE_LABELS)} />
          </Form.Item>
          <Form.Item name="chargingUnit" label="计费方式" rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={options(UNIT_LABELS)} />
          </Form.Item>
          <Form.Item name="unitLabel" label="计费单位" rules={[{ required: true }]}>
            <Input style={{ width: 90 }} maxLength={20} />
          </Form.Item>
        </Space>
        <Form.Item name="resourceInputs" label="数据来源（项目范围内的资源）">
          <Select
            mode="multiple"
            options={included.map((r) => ({ value: r.resourceId, label: r.resourceName }))}
          />
        </Form.Item>
        <Form.Item name="productInputs" label="数据来源（其他产品；不得为本机构已交付的产品）">
          <Select
            mode="multiple"
            options={(market.data?.items ?? []).map((p) => ({
              value: p.id,
              label: `${p.name}（${p.operatorOrgName}）`,
            }))}
          />
        </Form.Item>
        {kind === 'api' && (
          <Space wrap>
            <Form.Item name="apiResourceId" label="接口数据资源" rules={[{ required: true }]}>
              <Select
                style={{ width: 260 }}
                options={included.map((r) => ({ value: r.resourceId, label: r.resourceName }))}
              />
            </Form.Item>
            <Form.Item name="apiFields" label="开放信息项（代码，逗号分隔）" rules={[{ required: true }]}>
              <Input style={{ width: 260 }} />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="description" label="说明">
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
      </Form>
    </Modal>
  )
}

function ProductList() {
  const user = useUser()
  const isOperator = user.roles.includes('operator_staff')
  const bureau = user.roles.some((r) => r === 'bureau_admin' || r === 'reviewer' || r === 'auditor')
  const [scope, setScope] = useState<string>(isOperator ? 'mine' : bureau ? 'region' : 'market')
  const [page, setPage] = useState(1)
  const [q, setQ] = useState('')
  const query = useDebounced(q)
  const [creating, setCreating] = useState(false)
  const list = useFetch<Page<ProductItem>>('/operation/products', {
    scope,
    page,
    pageSize: 20,
    q: query || undefined,
  })
  const columns: ColumnsType<ProductItem> = [
    {
      title: '产品',
      key: 'name',
      render: (_, p) => <Link to={`/operation/products/${p.id}`}>{p.name}</Link>,
    },
    {
      title: '类型',
      dataIndex: 'kind',
      key: 'kind',
      width: 90,
      render: (k: ProductItem['kind']) => KIND_LABELS[k],
    },
    {
      title: '用途',
      dataIndex: 'useClass',
      key: 'use',
      width: 170,
      render: (u: ProductItem['useClass']) => USE_LABELS[u],
    },
    { title: '执行价', key: 'price', width: 110, render: (_, p) => `${yuan(p.price)}/${p.unitLabel}` },
    { title: '上限价', key: 'cap', width: 110, render: (_, p) => yuan(p.priceCap) },
    { title: '运营机构', dataIndex: 'operatorOrgName', key: 'op', width: 170 },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: ProductItem['status']) => <ProductStatusTag status={s} />,
    },
  ]
  const scopes = [
    ...(isOperator ? [{ value: 'mine', label: '本机构产品' }] : []),
    { value: 'market', label: '已上架产品' },
    ...(bureau ? [{ value: 'region', label: '辖区全部' }] : []),
  ]
  return (
    <Card
      title="产品和服务"
      extra={
        isOperator && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建产品
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={scope}
          options={scopes}
          onChange={(v) => {
            setScope(String(v))
            setPage(1)
          }}
        />
        <Input.Search
          allowClear
          placeholder="产品名称或编号"
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
        locale={{ emptyText: <Empty description="暂无产品" /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 项`,
        }}
      />
      <CreateProductModal
        open={creating}
        onClose={() => {
          setCreating(false)
          list.reload()
        }}
      />
    </Card>
  )
}

export default function ProductsPage() {
  const { id } = useParams()
  return id ? <ProductDetailView id={id} /> : <ProductList />
}
