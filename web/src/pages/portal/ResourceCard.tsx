import { Card, Space, Typography } from 'antd'
import { Link } from 'react-router-dom'
import { encodeCode, OpenTypeTag } from './labels'
import type { OpenResource, Usage } from './types'

/** One open resource in a list: name, provider, open type, summary and (optionally) its usage. */
export default function ResourceCard({ resource, usage }: { resource: OpenResource; usage?: Usage }) {
  return (
    <Card size="small" style={{ height: '100%' }}>
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Link to={`/portal/datasets/${encodeCode(resource.code)}`} style={{ fontWeight: 600, fontSize: 15 }}>
          {resource.name}
        </Link>
        <Space wrap size={4}>
          <OpenTypeTag type={resource.openType} />
          <Typography.Text type="secondary">{resource.orgName}</Typography.Text>
        </Space>
        <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
          {resource.summary || '暂无摘要'}
        </Typography.Paragraph>
        {usage && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            浏览 {usage.views} · 下载 {usage.downloads} · 接口调用 {usage.apiCalls}
          </Typography.Text>
        )}
      </Space>
    </Card>
  )
}
