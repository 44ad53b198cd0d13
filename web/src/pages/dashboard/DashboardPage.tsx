import { ApartmentOutlined, ApiOutlined, TeamOutlined } from '@ant-design/icons'
import { Button, Card, Col, Descriptions, Row, Space, Typography } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useUser } from '../../auth'
import { RoleTags } from '../../components/tags'
import { formatTime } from '../../format'
import { canSee, NAV_ITEMS, visibleNavItems } from '../../layout/nav'
import StatCard from './StatCard'

function greeting(): string {
  const hour = new Date().getHours()
  if (hour < 6) return '夜深了'
  if (hour < 12) return '上午好'
  if (hour < 18) return '下午好'
  return '晚上好'
}

export default function DashboardPage() {
  const user = useUser()
  const navigate = useNavigate()
  const links = visibleNavItems(user.roles).filter((item) => item.path !== '/')
  const allowed = (key: string) => {
    const item = NAV_ITEMS.find((nav) => nav.key === key)
    return !!item && canSee(item, user.roles)
  }

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {greeting()}，{user.displayName}
        </Typography.Title>
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          size="small"
          items={[
            { key: 'org', label: '所属单位', children: user.orgName },
            { key: 'roles', label: '角色', children: <RoleTags roles={user.roles} /> },
            { key: 'login', label: '上次登录', children: formatTime(user.lastLoginAt) },
          ]}
        />
        <Space wrap style={{ marginTop: 12 }}>
          {links.map((item) => (
            <Button key={item.key} icon={item.icon} onClick={() => navigate(item.path)}>
              {item.label}
            </Button>
          ))}
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <StatCard title="单位总数" icon={<ApartmentOutlined />} path="/orgs" link="/orgs" enabled />
        </Col>
        <Col xs={24} md={8}>
          <StatCard
            title="用户总数"
            icon={<TeamOutlined />}
            path="/users"
            link="/users"
            enabled={allowed('users')}
          />
        </Col>
        <Col xs={24} md={8}>
          <StatCard
            title="API应用总数"
            icon={<ApiOutlined />}
            path="/apps"
            link="/apps"
            enabled={allowed('apps')}
          />
        </Col>
      </Row>
    </Space>
  )
}
