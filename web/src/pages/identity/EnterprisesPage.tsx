import {
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Segmented,
  Space,
  Table,
  Typography,
} from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { api } from '../../api'
import { showError, showFormError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import { VERIFICATION_LABELS, VerificationTag } from './labels'
import type { Enterprise, Verification } from './types'

function RejectModal({ target, onClose }: { target: Enterprise | null; onClose: (done: boolean) => void }) {
  const [form] = Form.useForm<{ reason: string }>()
  const [saving, setSaving] = useState(false)
  const submit = async () => {
    const { reason } = await form.validateFields()
    if (!target) return
    setSaving(true)
    try {
      await api.post(`/enterprises/${target.orgId}/reject`, { reason: reason.trim() })
      showSuccess('已退回，企业将在登录时看到未通过认证')
      onClose(true)
    } catch (err) {
      showFormError(form, err)
    } finally {
      setSaving(false)
    }
  }
  return (
    <Modal
      open={target !== null}
      title={`不予认证：${target?.name ?? ''}`}
      okText="确认不通过"
      okButtonProps={{ danger: true }}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="理由"
          rules={[
            { required: true, whitespace: true, message: '请填写不通过的理由' },
            { min: 2, max: 500, message: '理由为 2–500 个字符' },
          ]}
        >
          <Input.TextArea rows={3} placeholder="如：企业名称与统一社会信用代码登记信息不一致" />
        </Form.Item>
      </Form>
    </Modal>
  )
}

/** 企业认证: the bureau admin's queue of enterprises registered in its region subtree. */
export default function EnterprisesPage() {
  const [verification, setVerification] = useState<Verification | 'all'>('pending')
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [rejecting, setRejecting] = useState<Enterprise | null>(null)
  const list = useFetch<Page<Enterprise>>('/enterprises', {
    verification: verification === 'all' ? undefined : verification,
    q: q || undefined,
    page,
    pageSize,
  })
  const verify = async (e: Enterprise) => {
    try {
      await api.post(`/enterprises/${e.orgId}/verify`)
      showSuccess(`「${e.name}」已通过认证，其管理员现在可以登录`)
      list.reload()
    } catch (err) {
      showError(err)
    }
  }
  const columns: ColumnsType<Enterprise> = [
    // A width of its own: the other columns nearly filled the scroll width and squeezed the name to a character a line.
    {
      title: '企业名称',
      dataIndex: 'name',
      key: 'name',
      width: 240,
      render: (v: string) => <strong>{v}</strong>,
    },
    {
      title: '统一社会信用代码',
      dataIndex: 'creditCode',
      key: 'code',
      width: 200,
      render: (v: string) => <Typography.Text copyable>{v}</Typography.Text>,
    },
    { title: '所在地', dataIndex: 'regionName', key: 'region', width: 120 },
    {
      title: '联系人',
      key: 'contact',
      width: 170,
      render: (_, e) => `${e.contactName} ${e.contactMobile}`,
    },
    { title: '管理员账号', dataIndex: 'username', key: 'username', width: 150, render: (v) => v ?? '—' },
    { title: '注册时间', dataIndex: 'createdAt', key: 'created', width: 170, render: formatTime },
    {
      title: '状态',
      key: 'state',
      width: 200,
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <VerificationTag value={e.verification} />
          {e.decidedByName && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {e.decidedByName} · {formatTime(e.decidedAt)}
            </Typography.Text>
          )}
          {e.rejectReason && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              {e.rejectReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: '操作',
      key: 'actions',
      width: 170,
      // Kept in view: on a laptop screen the table scrolls sideways and the decision buttons fell off the right.
      fixed: 'right',
      render: (_, e) =>
        e.verification === 'pending' ? (
          <Space size={0}>
            <Popconfirm
              title={`认证通过「${e.name}」？`}
              description="请先核对营业执照与统一社会信用代码；通过后其管理员即可登录采购。"
              onConfirm={() => verify(e)}
            >
              <Button type="link" size="small">
                认证通过
              </Button>
            </Popconfirm>
            <Button type="link" size="small" danger onClick={() => setRejecting(e)}>
              不通过
            </Button>
          </Space>
        ) : (
          '—'
        ),
    },
  ]
  return (
    <Card title="企业认证">
      <Typography.Paragraph type="secondary">
        企业在公开页面自助注册后，须由所在地数据局核对营业执照与统一社会信用代码。认证通过后，企业管理员可登录采购授权运营产品；不通过须写明理由。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<Verification | 'all'>
          value={verification}
          onChange={(v) => {
            setVerification(v)
            setPage(1)
          }}
          options={[
            { value: 'pending', label: VERIFICATION_LABELS.pending },
            { value: 'verified', label: VERIFICATION_LABELS.verified },
            { value: 'rejected', label: VERIFICATION_LABELS.rejected },
            { value: 'all', label: '全部' },
          ]}
        />
        <Input.Search
          allowClear
          placeholder="企业名称或信用代码"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value)
            setPage(1)
          }}
          style={{ width: 260 }}
        />
      </Space>
      <Table<Enterprise>
        rowKey="orgId"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1420 }}
        locale={{
          emptyText: (
            <Empty
              description={
                list.error
                  ? `加载失败：${list.error.message}`
                  : verification === 'pending'
                    ? '暂无待认证的企业'
                    : '暂无企业'
              }
            />
          ),
        }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 家企业`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1)
            setPageSize(nextSize)
          },
        }}
      />
      <RejectModal
        target={rejecting}
        onClose={(done) => {
          setRejecting(null)
          if (done) list.reload()
        }}
      />
    </Card>
  )
}
