import { ApiOutlined, ShopOutlined, ShoppingCartOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Space, Spin, Typography } from 'antd'
import { useNavigate } from 'react-router-dom'
import { useUser } from '../../auth'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import { VerificationTag } from './labels'
import type { Enterprise } from './types'

/** Home of an enterprise user: its registration record and the three things it can do here. */
export default function EnterpriseHome() {
  const user = useUser()
  const navigate = useNavigate()
  const me = useFetch<Enterprise>(`/enterprises/${user.orgId}`)
  const e = me.data
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title={`您好，${user.displayName}`}>
        {me.error && <Alert type="error" showIcon title={`企业信息加载失败：${me.error.message}`} />}
        {!e && !me.error && <Spin />}
        {e && (
          <Descriptions
            column={{ xs: 1, md: 2 }}
            size="small"
            items={[
              { key: 'name', label: '企业名称', children: e.name },
              { key: 'code', label: '统一社会信用代码', children: e.creditCode },
              { key: 'region', label: '所在地', children: e.regionName },
              { key: 'state', label: '认证状态', children: <VerificationTag value={e.verification} /> },
              { key: 'by', label: '认证时间', children: formatTime(e.decidedAt) },
              { key: 'contact', label: '联系人', children: `${e.contactName}（${e.contactMobile}）` },
            ]}
          />
        )}
      </Card>
      <Card title="采购公共数据产品">
        <Typography.Paragraph type="secondary">
          浏览已上架的授权运营产品并下单；API 类产品须先注册一个本企业的 API
          应用，下单后该应用即可按订单调用数据网关，按调用次数计量出账。
        </Typography.Paragraph>
        <Space wrap>
          <Button type="primary" icon={<ShopOutlined />} onClick={() => navigate('/operation/products')}>
            产品市场
          </Button>
          <Button icon={<ShoppingCartOutlined />} onClick={() => navigate('/operation/orders')}>
            我的订单
          </Button>
          <Button icon={<ApiOutlined />} onClick={() => navigate('/apps')}>
            应用凭证
          </Button>
        </Space>
      </Card>
    </Space>
  )
}
