import { PlusOutlined, SyncOutlined } from '@ant-design/icons'
import { Button, Card, Input, Popconfirm, Space, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import OneTimeSecretModal from '../../components/OneTimeSecretModal'
import OrgSelect from '../../components/OrgSelect'
import { StatusTag } from '../../components/tags'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useDebounced, useFetch } from '../../hooks'
import type { ApiApp, Page, Status } from '../../types'
import AppFormModal, { type CreatedApp } from './AppFormModal'

export default function AppsPage() {
  // An enterprise manages its own apps only, and may stop one but not re-enable it (that is the bureau's).
  const enterprise = useUser().orgType === 'enterprise'
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const [orgId, setOrgId] = useState<string>()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [refreshKey, setRefreshKey] = useState(0)
  const [creating, setCreating] = useState(false)
  const [secret, setSecret] = useState<(CreatedApp & { title: string }) | null>(null)
  const list = useFetch<Page<ApiApp>>('/apps', { q, orgId, page, pageSize }, refreshKey)
  const reload = () => setRefreshKey((n) => n + 1)

  const rotate = async (app: ApiApp) => {
    try {
      const res = await api.post<CreatedApp>(`/apps/${app.id}/rotate-secret`)
      setSecret({ ...res, title: '新的客户端密钥' })
      reload()
    } catch (err) {
      showError(err)
    }
  }

  const toggle = async (app: ApiApp) => {
    const action = app.status === 'active' ? 'disable' : 'enable'
    try {
      await api.post<ApiApp>(`/apps/${app.id}/${action}`)
      showSuccess(action === 'disable' ? '应用已停用' : '应用已启用')
      reload()
    } catch (err) {
      showError(err)
    }
  }

  const columns: ColumnsType<ApiApp> = [
    { title: '应用名称', dataIndex: 'name', key: 'name', render: (v: string) => <strong>{v}</strong> },
    { title: '所属单位', dataIndex: 'orgName', key: 'orgName' },
    {
      title: 'Client ID',
      dataIndex: 'clientId',
      key: 'clientId',
      render: (v: string) => (
        <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }}>
          {v}
        </Typography.Text>
      ),
    },
    {
      title: '描述',
      dataIndex: 'description',
      key: 'description',
      ellipsis: true,
      render: (v: string | null) => v ?? '—',
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (s: Status) => <StatusTag status={s} />,
    },
    { title: '创建时间', dataIndex: 'createdAt', key: 'createdAt', width: 170, render: formatTime },
    {
      title: '密钥轮换时间',
      dataIndex: 'secretRotatedAt',
      key: 'secretRotatedAt',
      width: 170,
      render: formatTime,
    },
    {
      title: '操作',
      key: 'actions',
      width: 180,
      render: (_, app) => (
        <Space size={0}>
          <Popconfirm
            title={`轮换「${app.name}」的客户端密钥？`}
            description="旧密钥将立即失效，使用旧密钥的系统需要更新配置。"
            okText="轮换"
            okButtonProps={{ danger: true }}
            onConfirm={() => rotate(app)}
          >
            <Button type="link" size="small" icon={<SyncOutlined />}>
              轮换密钥
            </Button>
          </Popconfirm>
          {enterprise && app.status !== 'active' ? null : (
            <Popconfirm
              title={app.status === 'active' ? `停用应用「${app.name}」？` : `启用应用「${app.name}」？`}
              description={app.status === 'active' ? '停用后该应用将无法调用接口。' : undefined}
              onConfirm={() => toggle(app)}
            >
              <Button type="link" size="small" danger={app.status === 'active'}>
                {app.status === 'active' ? '停用' : '启用'}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ]

  return (
    <Card
      title="API应用"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          注册应用
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="搜索应用名称"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value)
            setPage(1)
          }}
          style={{ width: 240 }}
        />
        {!enterprise && (
          <OrgSelect
            value={orgId}
            onChange={(value) => {
              setOrgId(value)
              setPage(1)
            }}
            placeholder="全部单位"
            style={{ width: 260 }}
          />
        )}
      </Space>
      <Table<ApiApp>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: list.error ? `加载失败：${list.error.message}` : '暂无应用' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个应用`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1)
            setPageSize(nextSize)
          },
        }}
      />
      <AppFormModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false)
          setSecret({ ...created, title: '应用已注册' })
          reload()
        }}
      />
      <OneTimeSecretModal
        open={secret !== null}
        title={secret?.title ?? ''}
        fields={
          secret
            ? [
                { label: '应用名称', value: secret.app.name },
                { label: 'Client ID', value: secret.app.clientId },
                { label: 'Client Secret', value: secret.clientSecret, secret: true },
              ]
            : []
        }
        onClose={() => setSecret(null)}
      />
    </Card>
  )
}
