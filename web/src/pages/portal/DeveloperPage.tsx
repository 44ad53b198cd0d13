import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import { useCallback, useEffect, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import { errorText } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { formatTime } from '../../format'
import { developerName, devRequest, forgetDeveloper, saveDeveloper } from './devApi'

interface ApiKey {
  id: string
  name: string
  keyPrefix: string
  status: 'active' | 'revoked'
  createdAt: string
  lastUsedAt: string | null
  callsToday: number
  dailyQuota: number
}

function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [busy, setBusy] = useState(false)
  const login = async (values: { account: string; password: string }) => {
    setBusy(true)
    try {
      const res = await devRequest<{ token: string; developer: { displayName: string } }>(
        'POST',
        '/public/developers/login',
        values,
      )
      saveDeveloper(res.token, res.developer.displayName)
      onSignedIn()
    } catch (err) {
      showError(err)
    } finally {
      setBusy(false)
    }
  }
  const register = async (values: { account: string; password: string; displayName: string }) => {
    setBusy(true)
    try {
      await devRequest('POST', '/public/developers', values)
      showSuccess('注册成功，正在登录')
      await login({ account: values.account, password: values.password })
    } catch (err) {
      showError(err)
      setBusy(false)
    }
  }
  const account = (
    <Form.Item
      name="account"
      label="邮箱或手机号"
      rules={[{ required: true, message: '请填写邮箱或 11 位手机号' }]}
    >
      <Input autoComplete="username" />
    </Form.Item>
  )
  return (
    <Card style={{ maxWidth: 420, margin: '24px auto' }} title="开发者中心">
      <Tabs
        items={[
          {
            key: 'login',
            label: '登录',
            children: (
              <Form name="devLogin" layout="vertical" onFinish={login}>
                {account}
                <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
                  <Input.Password autoComplete="current-password" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  登录
                </Button>
              </Form>
            ),
          },
          {
            key: 'register',
            label: '注册',
            children: (
              <Form name="devRegister" layout="vertical" onFinish={register}>
                {account}
                <Form.Item
                  name="displayName"
                  label="昵称"
                  rules={[{ required: true, message: '请填写昵称' }]}
                >
                  <Input maxLength={50} />
                </Form.Item>
                <Form.Item
                  name="password"
                  label="密码"
                  rules={[
                    {
                      required: true,
                      pattern: /^(?=.*[A-Za-z])(?=.*\d).{8,}$/,
                      message: '至少 8 位，须含字母和数字',
                    },
                  ]}
                >
                  <Input.Password autoComplete="new-password" />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>
                  注册并登录
                </Button>
              </Form>
            ),
          },
        ]}
      />
    </Card>
  )
}

function Keys() {
  const [keys, setKeys] = useState<ApiKey[]>()
  const [error, setError] = useState<unknown>(null)
  const [name, setName] = useState('')
  const [shown, setShown] = useState<string | null>(null)
  const load = useCallback(() => {
    devRequest<{ items: ApiKey[] }>('GET', '/public/developers/me/keys')
      .then((r) => setKeys(r.items))
      .catch(setError)
  }, [])
  useEffect(load, [load])
  const create = async () => {
    try {
      const res = await devRequest<{ key: string }>('POST', '/public/developers/me/keys', {
        name: name.trim() || '默认密钥',
      })
      setShown(res.key)
      setName('')
      load()
    } catch (err) {
      showError(err)
    }
  }
  const revoke = async (id: string) => {
    try {
      await devRequest('POST', `/public/developers/me/keys/${id}/revoke`)
      showSuccess('密钥已吊销')
      load()
    } catch (err) {
      showError(err)
    }
  }
  return (
    <Card title="API 密钥" size="small" style={{ marginBottom: 16 }}>
      {error !== null && <Alert type="error" showIcon message={errorText(error)} />}
      <Space wrap style={{ marginBottom: 12 }}>
        <Input
          placeholder="密钥名称"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={50}
          style={{ width: 200 }}
        />
        <Button type="primary" onClick={create}>
          创建密钥
        </Button>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={!keys && error === null}
        dataSource={keys ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: '还没有密钥，创建一个即可调用开放接口' }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          {
            title: '前缀',
            dataIndex: 'keyPrefix',
            render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
          },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: string) => (s === 'active' ? <Tag color="green">有效</Tag> : <Tag>已吊销</Tag>),
          },
          { title: '今日调用', key: 'calls', render: (_, k) => `${k.callsToday} / ${k.dailyQuota}` },
          { title: '最近使用', dataIndex: 'lastUsedAt', render: formatTime },
          {
            title: '操作',
            key: 'op',
            render: (_, k) =>
              k.status === 'active' ? (
                <Popconfirm title="吊销后使用该密钥的调用将被拒绝，确定？" onConfirm={() => revoke(k.id)}>
                  <Button size="small" danger>
                    吊销
                  </Button>
                </Popconfirm>
              ) : null,
          },
        ]}
      />
      <Modal
        open={shown !== null}
        title="请立即保存密钥"
        onOk={() => setShown(null)}
        onCancel={() => setShown(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        destroyOnHidden
        okText="我已保存"
      >
        <Alert
          type="warning"
          showIcon
          message="密钥只显示这一次，关闭后无法再次查看。"
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph copyable code data-testid="new-api-key">
          {shown}
        </Typography.Paragraph>
        <Typography.Text type="secondary">
          调用示例：curl -H "X-API-Key: {shown}" /gw/open/v1/资源代码?page=1
        </Typography.Text>
      </Modal>
    </Card>
  )
}

/** The developer centre: sign up or sign in, API keys with today's calls, links to the applications. */
export default function DeveloperPage() {
  const [name, setName] = useState(developerName())
  const [params] = useSearchParams()
  const navigate = useNavigate()
  if (!name)
    return (
      <SignIn
        onSignedIn={() => {
          setName(developerName())
          const next = params.get('next')
          if (next?.startsWith('/portal/')) navigate(next)
        }}
      />
    )
  const logout = async () => {
    await devRequest('POST', '/public/developers/logout').catch(() => undefined)
    forgetDeveloper()
    setName(null)
  }
  return (
    <div style={{ maxWidth: 1000, margin: '0 auto' }}>
      <Space wrap style={{ marginBottom: 16, width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          开发者中心 · {name}
        </Typography.Title>
        <Space>
          <Link to="/portal/developer/applications">我的开放申请</Link>
          <Button onClick={logout}>退出</Button>
        </Space>
      </Space>
      <Keys />
      <Card size="small" title="调用说明">
        <Typography.Paragraph>
          开放接口：<Typography.Text code>GET /gw/open/v1/资源代码?page=1&pageSize=20</Typography.Text>
          ，请求头 <Typography.Text code>X-API-Key</Typography.Text>。资源代码中的 / 写作
          %2F；只提供无条件开放的数据，个人信息已脱敏；每个密钥每日调用次数有上限。
        </Typography.Paragraph>
      </Card>
    </div>
  )
}
