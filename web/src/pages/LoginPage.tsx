import { LockOutlined, UserOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Typography } from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { ApiError, errorText } from '../api'
import { useAuth } from '../auth'

interface Values {
  username: string
  password: string
}

export default function LoginPage() {
  const { login } = useAuth()
  const [submitting, setSubmitting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const onFinish = async (values: Values) => {
    setSubmitting(true)
    setError(null)
    try {
      // On success the /login route redirects to the page the user came from.
      await login(values.username.trim(), values.password)
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 0 ? '无法连接服务器，请检查网络后重试' : errorText(err),
      )
      setSubmitting(false)
    }
  }

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        background: 'linear-gradient(135deg, #e6f0ff 0%, #f5f7fa 60%, #ffffff 100%)',
        padding: 16,
        boxSizing: 'border-box',
      }}
    >
      <Card style={{ width: 400, boxShadow: '0 8px 24px rgba(22, 119, 255, 0.08)' }}>
        <div style={{ textAlign: 'center', marginBottom: 24 }}>
          <Typography.Title level={3} style={{ marginBottom: 4 }}>
            数惠 · 公共数据资源平台
          </Typography.Title>
          <Typography.Text type="secondary">工作人员登录</Typography.Text>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form<Values>
          layout="vertical"
          size="large"
          requiredMark={false}
          onFinish={onFinish}
          autoComplete="on"
        >
          <Form.Item name="username" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} placeholder="用户名" autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} placeholder="密码" autoComplete="current-password" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 8 }}>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', fontSize: 12, marginBottom: 0 }}>
          如忘记密码，请联系本单位管理员重置
        </Typography.Paragraph>
        <Typography.Paragraph style={{ textAlign: 'center', fontSize: 12, margin: '8px 0 0' }}>
          <Link to="/public/enterprises/register">企业用户注册</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  )
}
