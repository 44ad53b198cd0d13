import { PlusOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showFormError, showSuccess } from '../../feedback'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { MODE_LABELS, PLAN_FIELDS, ProjectStatusTag, SELECTION_LABELS } from './labels'
import ProjectDetailView from './ProjectDetail'
import type { ProjectItem } from './types'

function CreateProjectModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm()
  const [saving, setSaving] = useState(false)
  const navigate = useNavigate()
  const mode = Form.useWatch('mode', form)
  const submit = async () => {
    const v = await form.validateFields()
    setSaving(true)
    try {
      const [start, end] = v.term
      const res = await api.post<{ id: string }>('/operation/projects', {
        name: v.name,
        implementingOrgName: v.implementingOrgName,
        mode: v.mode,
        domain: v.mode === 'domain' ? v.domain : null,
        scenario: v.mode === 'scenario' ? v.scenario : null,
        termStart: start.format('YYYY-MM-DD'),
        termEnd: end.format('YYYY-MM-DD'),
        plan: Object.fromEntries(PLAN_FIELDS.map(([k]) => [k, v[`plan_${k}`]])),
        selectionMethod: v.selectionMethod,
        selectionRecord: v.selectionRecord,
      })
      showSuccess('项目已创建')
      onClose()
      navigate(`/operation/projects/${res.id}`)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      title="新建授权运营项目（实施方案）"
      open={open}
      onCancel={onClose}
      onOk={submit}
      confirmLoading={saving}
      width={760}
      okText="创建"
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ mode: 'scenario', selectionMethod: 'open_tender' }}
      >
        <Form.Item name="name" label="项目名称" rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="implementingOrgName" label="实施机构" rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="mode" label="授权模式" rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={Object.entries(MODE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          {mode === 'domain' && (
            <Form.Item name="domain" label="领域" rules={[{ required: true }]}>
              <Input style={{ width: 240 }} />
            </Form.Item>
          )}
          {mode === 'scenario' && (
            <Form.Item name="scenario" label="场景" rules={[{ required: true }]}>
              <Input style={{ width: 240 }} />
            </Form.Item>
          )}
          <Form.Item name="term" label="授权期限（不超过 5 年）" rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="selectionMethod" label="运营机构选择方式" rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={Object.entries(SELECTION_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="selectionRecord" label="遴选过程记录" rules={[{ required: true }]}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Typography.Title level={5}>实施方案</Typography.Title>
        {PLAN_FIELDS.map(([k, label]) => (
          <Form.Item
            key={k}
            name={`plan_${k}`}
            label={label}
            rules={[{ required: true, message: `请填写${label}` }]}
          >
            <Input.TextArea rows={2} maxLength={4000} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  )
}

function ProjectList() {
  const user = useUser()
  const [page, setPage] = useState(1)
  const [status, setStatus] = useState<string>('all')
  const [q, setQ] = useState('')
  const query = useDebounced(q)
  const [creating, setCreating] = useState(false)
  const list = useFetch<Page<ProjectItem>>('/operation/projects', {
    page,
    pageSize: 20,
    q: query || undefined,
    status: status === 'all' ? undefined : status,
  })
  const columns: ColumnsType<ProjectItem> = [
    {
      title: '项目',
      key: 'name',
      render: (_, p) => <Link to={`/operation/projects/${p.id}`}>{p.name}</Link>,
    },
    { title: '编号', dataIndex: 'code', key: 'code', width: 170 },
    {
      title: '模式',
      dataIndex: 'mode',
      key: 'mode',
      width: 110,
      render: (m: ProjectItem['mode']) => MODE_LABELS[m],
    },
    { title: '授权期限', key: 'term', width: 200, render: (_, p) => `${p.termStart} 至 ${p.termEnd}` },
    { title: '资源', dataIndex: 'resources', key: 'resources', width: 70 },
    { title: '运营机构', dataIndex: 'mandates', key: 'mandates', width: 90 },
    { title: '授权方', dataIndex: 'authorizerOrgName', key: 'authorizer', width: 150 },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 90,
      render: (s: ProjectItem['status']) => <ProjectStatusTag status={s} />,
    },
  ]
  return (
    <Card
      title="授权运营项目"
      extra={
        user.roles.includes('bureau_admin') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建项目
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented
          value={status}
          onChange={(v) => {
            setStatus(String(v))
            setPage(1)
          }}
          options={[
            { value: 'all', label: '全部' },
            { value: 'draft', label: '草稿' },
            { value: 'active', label: '实施中' },
            { value: 'ended', label: '已结束' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="项目名称或编号"
          value={q}
          onChange={(e) => {
            setQ(e.target.value)
            setPage(1)
          }}
          style={{ width: 260 }}
        />
      </Space>
      <Table
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty description={list.error ? '无法加载项目' : '暂无授权运营项目'} /> }}
        pagination={{
          current: page,
          pageSize: 20,
          total: list.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => `共 ${n} 项`,
        }}
      />
      <CreateProjectModal
        open={creating}
        onClose={() => {
          setCreating(false)
          list.reload()
        }}
      />
    </Card>
  )
}

export default function ProjectsPage() {
  const { id } = useParams()
  return id ? <ProjectDetailView id={id} /> : <ProjectList />
}
