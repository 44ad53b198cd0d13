import { Alert, Empty, Table, Tag, Typography } from 'antd'
import { useFetch } from '../../../hooks'
import { GradeTag, MASKING_MODES, SENSITIVE_TYPES, STRATEGIES } from './labels'
import type { MaskingPreview } from './types'

const strategy = (s: string | null) =>
  s ? <Tag color="orange">{STRATEGIES[s] ?? s}</Tag> : <Tag color="green">明文</Tag>

/** 脱敏预览: each field's strategy with and without a reviewed grant, and sample rows as consumers get them. */
export default function MaskingPreviewPanel({
  resourceId,
  refreshKey,
}: {
  resourceId: string
  refreshKey: number
}) {
  const preview = useFetch<MaskingPreview>(
    `/governance/resources/${resourceId}/masking-preview`,
    undefined,
    refreshKey,
  )
  if (preview.error) return <Alert type="error" showIcon message={preview.error.message} />
  const data = preview.data
  return (
    <>
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        loading={preview.loading}
        dataSource={data?.fields ?? []}
        columns={[
          { title: '信息项', key: 'name', render: (_, f) => `${f.name}（${f.code}）` },
          { title: '级别', key: 'grade', render: (_, f) => <GradeTag grade={f.grade} /> },
          { title: '级别策略', key: 'mode', render: (_, f) => MASKING_MODES[f.mode] ?? f.mode },
          {
            title: '敏感类型',
            key: 'type',
            render: (_, f) =>
              f.sensitiveType
                ? `${SENSITIVE_TYPES[f.sensitiveType]}${f.confirmed ? '（已确认）' : '（按名称）'}`
                : '—',
          },
          { title: '一般授权/预览/下载', key: 'unreviewed', render: (_, f) => strategy(f.unreviewed) },
          { title: '经审核的授权', key: 'reviewed', render: (_, f) => strategy(f.reviewed) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        脱敏后的样例（前 {data?.sampledRows ?? 0} 行）
      </Typography.Title>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data?.rows ?? []}
        locale={{ emptyText: <Empty description="没有平台库表数据可预览" /> }}
        columns={(data?.fields ?? []).map((f) => ({
          title: f.name,
          key: f.code,
          render: (_: unknown, r: Record<string, string | number | boolean | null>) =>
            String(r[f.code] ?? ''),
        }))}
      />
    </>
  )
}
