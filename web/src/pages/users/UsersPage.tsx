import { EditOutlined, KeyOutlined, PlusOutlined } from '@ant-design/icons'
import { Button, Card, Input, Popconfirm, Select, Space, Table, Typography } from 'antd'
import type { ColumnsType } from 'antd/es/table'
import { useState } from 'react'
import { api } from '../../api'
import { useUser } from '../../auth'
import OneTimeSecretModal from '../../components/OneTimeSecretModal'
import OrgSelect from '../../components/OrgSelect'
import { RoleTags, StatusTag } from '../../components/tags'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { useDebounced, useFetch } from '../../hooks'
import { roleOptions } from '../../labels'
import type { Page, Role, Status, User } from '../../types'
import UserFormModal from './UserFormModal'

interface Revealed {
  username: string
  password: string
}

export default function UsersPage() {
  const me = useUser()
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const [orgId, setOrgId] = useState<string>()
  const [role, setRole] = useState<Role>()
  const [status, setStatus] = useState<Status>()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [refreshKey, setRefreshKey] = useState(0)
  const [editing, setEditing] = useState<{ user: User | null } | null>(null)
  const [revealed, setRevealed] = useState<Revealed | null>(null)
  const list = useFetch<Page<User>>('/users', { q, orgId, role, status, page, pageSize }, refreshKey)
  const reload = () => setRefreshKey((n) => n + 1)

  const setUserStatus = async (user: User, next: Status) => {
    try {
      await api.patch<User>(`/users/${user.id}`, { status: next })
      showSuccess(next === 'active' ? '已启用' : '已停用')
      reload()
    } catch (err) {
      showError(err)
    }
  }

  const resetPassword = async (user: User) => {
    try {
      const res = await api.post<{ initialPassword: string }>(`/users/${user.id}/reset-password`)
      setRevealed({ username: user.username, password: res.initialPassword })
    } catch (err) {
      showError(err)
    }
  }

  const columns: ColumnsType<User> = [
    { title: '用户名', dataIndex: 'username', key: 'username', render: (v: string) => <strong>{v}</strong> },
    { title: '姓名', dataIndex: 'displayName', key: 'displayName' },
    { title: '所属单位', dataIndex: 'orgName', key: 'orgName' },
    {
      title: '角色',
      dataIndex: 'roles',
      key: 'roles',
      render: (roles: Role[]) => <RoleTags roles={roles} />,
    },
    {
      title: '状态',
      dataIndex: 'status',
      key: 'status',
      width: 80,
      render: (s: Status) => <StatusTag status={s} />,
    },
    { title: '最近登录', dataIndex: 'lastLoginAt', key: 'lastLoginAt', width: 170, render: formatTime },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_, user) => (
        <Space size={0} wrap>
          <Button type="link" size="small" icon={<EditOutlined />} onClick={() => setEditing({ user })}>
            编辑
          </Button>
          {user.id !== me.id && (
            <Popconfirm
              title={
                user.status === 'active'
                  ? `停用用户「${user.displayName}」？`
                  : `启用用户「${user.displayName}」？`
              }
              description={user.status === 'active' ? '停用后该用户将无法登录。' : undefined}
              onConfirm={() => setUserStatus(user, user.status === 'active' ? 'disabled' : 'active')}
            >
              <Button type="link" size="small" danger={user.status === 'active'}>
                {user.status === 'active' ? '停用' : '启用'}
              </Button>
            </Popconfirm>
          )}
          <Popconfirm
            title={`重置「${user.displayName}」的密码？`}
            description="将生成新的初始密码，原密码立即失效。"
            onConfirm={() => resetPassword(user)}
          >
            <Button type="link" size="small" icon={<KeyOutlined />}>
              重置密码
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ]

  return (
    <Card
      title="用户管理"
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ user: null })}>
          新建用户
        </Button>
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder="搜索用户名或姓名"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value)
            setPage(1)
          }}
          style={{ width: 220 }}
        />
        <OrgSelect
          value={orgId}
          onChange={(value) => {
            setOrgId(value)
            setPage(1)
          }}
          placeholder="全部单位"
          style={{ width: 240 }}
        />
        <Select<Role>
          allowClear
          placeholder="全部角色"
          options={roleOptions()}
          value={role}
          onChange={(value) => {
            setRole(value)
            setPage(1)
          }}
          style={{ width: 160 }}
        />
        <Select<Status>
          allowClear
          placeholder="全部状态"
          options={[
            { value: 'active', label: '启用' },
            { value: 'disabled', label: '停用' },
          ]}
          value={status}
          onChange={(value) => {
            setStatus(value)
            setPage(1)
          }}
          style={{ width: 120 }}
        />
      </Space>
      <Table<User>
        rowKey="id"
        size="middle"
        loading={list.loading}
        columns={columns}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1000 }}
        locale={{ emptyText: list.error ? `加载失败：${list.error.message}` : '暂无用户' }}
        pagination={{
          current: page,
          pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => `共 ${total} 个用户`,
          onChange: (nextPage, nextSize) => {
            setPage(nextSize === pageSize ? nextPage : 1)
            setPageSize(nextSize)
          },
        }}
      />
      <UserFormModal
        open={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={(user, initialPassword) => {
          setEditing(null)
          reload()
          if (initialPassword) setRevealed({ username: user.username, password: initialPassword })
        }}
      />
      <OneTimeSecretModal
        open={revealed !== null}
        title="初始密码"
        fields={
          revealed
            ? [
                { label: '用户名', value: revealed.username },
                { label: '初始密码', value: revealed.password, secret: true },
              ]
            : []
        }
        onClose={() => setRevealed(null)}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, fontSize: 12 }}>
        初始密码仅显示一次；用户首次登录后须修改密码。
      </Typography.Paragraph>
    </Card>
  )
}
