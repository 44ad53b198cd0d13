import { Alert, Descriptions, Space, Tag, Typography } from 'antd'
import { formatTime } from '../../../format'
import type { ResourceDetail } from '../../../types'
import { CATEGORY_LABELS, FORMAT_LABELS, FREQUENCY_LABELS } from '../labels'
import { MountBadge, OpenTypeTag, ResourceStatusTag, ShareTypeTag } from '../tags'

const dash = (v: string | null | undefined) => (v?.trim() ? v : '—')

export default function InfoTab({ resource: r }: { resource: ResourceDetail }) {
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {r.status === 'returned' && r.returnReason && (
        <Alert type="warning" showIcon title="审核退回理由" description={r.returnReason} />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'name', label: '信息资源名称', children: r.name, span: 2 },
          {
            key: 'code',
            label: '信息资源代码',
            children: <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }}>{r.code}</Typography.Text>,
          },
          { key: 'status', label: '状态', children: <ResourceStatusTag status={r.status} /> },
          { key: 'summary', label: '信息资源摘要', children: dash(r.summary), span: 2 },
          { key: 'category', label: '资源分类', children: CATEGORY_LABELS[r.category] ?? r.category },
          {
            key: 'class',
            label: '分类码 / 名称',
            children: `${r.classCode}${r.className ? ` · ${r.className}` : ''}`,
          },
          { key: 'org', label: '信息资源提供方', children: r.orgName },
          { key: 'credit', label: '提供方代码', children: dash(r.orgCreditCode) },
          { key: 'source', label: '数源部门', children: dash(r.sourceOrgName) },
          { key: 'format', label: '资源格式', children: FORMAT_LABELS[r.format] ?? r.format },
          { key: 'share', label: '共享类型', children: <ShareTypeTag value={r.shareType} /> },
          { key: 'shareMethod', label: '共享方式', children: dash(r.shareMethod) },
          {
            key: 'shareCondition',
            label: r.shareType === 'none' ? '不予共享依据' : '共享条件',
            children: dash(r.shareCondition),
            span: 2,
          },
          { key: 'open', label: '开放类型', children: <OpenTypeTag value={r.openType} /> },
          { key: 'openCondition', label: '开放条件', children: dash(r.openCondition) },
          {
            key: 'operable',
            label: '授权运营目录',
            children: r.operable ? <Tag color="purple">是</Tag> : '否',
          },
          {
            key: 'freq',
            label: '更新周期',
            children: FREQUENCY_LABELS[r.updateFrequency] ?? r.updateFrequency,
          },
          { key: 'publishDate', label: '发布日期', children: dash(r.publishDate) },
          { key: 'version', label: '当前版本', children: r.version ? `v${r.version}` : '未发布' },
          {
            key: 'related',
            label: '关联资源代码',
            span: 2,
            children: r.relatedCodes.length ? r.relatedCodes.map((c) => <Tag key={c}>{c}</Tag>) : '—',
          },
          { key: 'mount', label: '挂接状态', children: <MountBadge status={r.mountStatus} /> },
          { key: 'lastData', label: '最近数据更新', children: formatTime(r.lastDataUpdateAt) },
          { key: 'created', label: '创建时间', children: formatTime(r.createdAt) },
          { key: 'updated', label: '修改时间', children: formatTime(r.updatedAt) },
          { key: 'submitted', label: '提交时间', children: formatTime(r.submittedAt) },
          { key: 'published', label: '发布时间', children: formatTime(r.publishedAt) },
        ]}
      />
    </Space>
  )
}
