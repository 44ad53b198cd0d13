import { Alert, Card, Col, Empty, Input, Row, Skeleton, Statistic, Tag, Typography } from 'antd'
import { Link, useNavigate } from 'react-router-dom'
import { errorText } from '../../api'
import { useFetch } from '../../hooks'
import ResourceCard from './ResourceCard'
import type { FacetValue, OpenResource, Usage } from './types'

interface Home {
  totals: { resources: number; open: number; conditional: number; orgs: number }
  mostUsed: { resource: OpenResource; usage: Usage }[]
  newest: OpenResource[]
  categories: FacetValue[]
}

/** The portal home: search, totals, the most used and the newest open resources. */
export default function PortalHome() {
  const navigate = useNavigate()
  const home = useFetch<Home>('/public/portal/home')
  const data = home.data
  return (
    <div style={{ maxWidth: 1200, margin: '0 auto' }}>
      <Card style={{ marginBottom: 16, background: 'linear-gradient(120deg,#e6f4ff,#f6ffed)' }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          公共数据开放
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          检索、浏览、下载和调用政府部门开放的公共数据；有条件开放的数据可在线申请。
        </Typography.Paragraph>
        <Input.Search
          size="large"
          placeholder="搜索数据资源，如：停车场、公交、企业"
          enterButton="搜索"
          allowClear
          onSearch={(q) =>
            navigate(`/portal/datasets${q.trim() ? `?q=${encodeURIComponent(q.trim())}` : ''}`)
          }
        />
        <div style={{ marginTop: 12 }}>
          <Link to="/portal/developer">开发者中心</Link>
          {' · '}
          <Link to="/portal/demands">提出数据需求</Link>
          {' · '}
          <a href="/api/v1/public/catalog/dcat" target="_blank" rel="noreferrer">
            DCAT 开放目录
          </a>
        </div>
      </Card>
      {home.error && (
        <Alert type="error" showIcon message={errorText(home.error)} style={{ marginBottom: 16 }} />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {[
          ['开放数据资源', data?.totals.resources],
          ['无条件开放', data?.totals.open],
          ['有条件开放', data?.totals.conditional],
          ['开放单位', data?.totals.orgs],
        ].map(([label, value]) => (
          <Col xs={12} md={6} key={String(label)}>
            <Card size="small">
              <Statistic title={label} value={value ?? '-'} loading={home.loading} />
            </Card>
          </Col>
        ))}
      </Row>
      {data && data.categories.length > 0 && (
        <div style={{ marginBottom: 16 }}>
          {data.categories.map((c) => (
            <Tag key={c.value} style={{ marginBottom: 8 }}>
              <Link to={`/portal/datasets?category=${c.value}`}>
                {c.label}（{c.count}）
              </Link>
            </Tag>
          ))}
        </div>
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title="最常用" size="small" extra={<Link to="/portal/datasets">全部</Link>}>
            {home.loading ? (
              <Skeleton active />
            ) : data?.mostUsed.length ? (
              <Row gutter={[8, 8]}>
                {data.mostUsed.map((m) => (
                  <Col xs={24} sm={12} key={m.resource.id}>
                    <ResourceCard resource={m.resource} usage={m.usage} />
                  </Col>
                ))}
              </Row>
            ) : (
              <Empty description="近 30 天暂无使用记录" />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card title="最新开放" size="small" extra={<Link to="/portal/datasets?sort=updated">全部</Link>}>
            {home.loading ? (
              <Skeleton active />
            ) : data?.newest.length ? (
              <Row gutter={[8, 8]}>
                {data.newest.map((r) => (
                  <Col xs={24} sm={12} key={r.id}>
                    <ResourceCard resource={r} />
                  </Col>
                ))}
              </Row>
            ) : (
              <Empty description="暂无开放数据" />
            )}
          </Card>
        </Col>
      </Row>
    </div>
  )
}
