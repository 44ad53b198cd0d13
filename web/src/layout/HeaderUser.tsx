import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons'
import { Avatar, Dropdown, Space, Typography } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useAuth, useUser } from '../auth'
import { showError } from '../feedback'

export default function HeaderUser({ onChangePassword }: { onChangePassword: () => void }) {
  const user = useUser()
  const { logout } = useAuth()
  const navigate = useNavigate()

  const onLogout = async () => {
    try {
      await logout()
    } catch (err) {
      showError(err)
    }
    navigate('/login', { replace: true })
  }

  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
          { type: 'divider' },
          { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
        ],
        onClick: ({ key }) => {
          if (key === 'password') onChangePassword()
          if (key === 'logout') void onLogout()
        },
      }}
    >
      <Space style={{ cursor: 'pointer' }} data-testid="header-user">
        <Avatar size="small" icon={<UserOutlined />} style={{ backgroundColor: '#1677ff' }} />
        <span>{user.displayName}</span>
        <Typography.Text type="secondary">{user.orgName}</Typography.Text>
        <DownOutlined style={{ fontSize: 12 }} />
      </Space>
    </Dropdown>
  )
}
