import { ArrowLeftOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Space, Tag, Timeline, Typography } from 'antd'
import { useCallback, useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { LoadState } from '../../catalog/states'
import { ACTION_LABELS, DELIVERY_MODE_LABELS, DeadlineTag, REQUEST_STATUS, RequestStatusTag } from './labels'
import RequestActions from './RequestActions'
import type { ShareRequestDetail } from './types'

const dash = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? '—' : v)

function FieldTags({ codes, names }: { codes: string[]; names: Map<string, string> }) {
  return (
    <Space size={[4, 4]} wrap>
      {codes.map((c) => (
        <Tag key={c}>{names.get(c) ?? c}</Tag>
      ))}
    </Space>
  )
}

function Detail({ r, onChanged }: { r: ShareRequestDetail; onChanged: () => void }) {
  const names = new Map(r.resourceFields.map((f) => [f.code, f.name]))
  const narrowed = r.approvedFields && r.approvedFields.length < r.fields.length
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="request-title">{r.resourceName}</span>
          <RequestStatusTag status={r.status} />
          {r.status === 'pending' && <DeadlineTag request={r} />}
        </Space>
      }
      extra={<RequestActions request={r} onDone={onChanged} />}
    >
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {r.status === 'rejected' && r.decisionReason && (
          <Alert type="error" showIcon title="提供方不同意的理由" description={r.decisionReason} />
        )}
        {r.arbitrationReason && (
          <Alert
            type={r.arbitrationDecision === 'approve' ? 'success' : 'warning'}
            showIcon
            title={`数据局裁决：${r.arbitrationDecision === 'approve' ? '同意共享' : '不同意共享'}`}
            description={r.arbitrationReason}
          />
        )}
        {r.status === 'pending' && r.escalatedAt && (
          <Alert type="warning" showIcon title="已超过答复期限，已升级至数据局督办，数据局可直接裁决" />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'resource', label: '数据资源', children: `${r.resourceName}（${r.resourceCode}）` },
            { key: 'provider', label: '提供单位', children: r.providerOrgName },
            { key: 'consumer', label: '申请单位', children: r.consumerOrgName },
            { key: 'app', label: '使用应用', children: r.appName },
            {
              key: 'fields',
              label: '申请的信息项',
              span: 2,
              children: <FieldTags codes={r.fields} names={names} />,
            },
            ...(r.approvedFields
              ? [
                  {
                    key: 'approved',
                    label: narrowed ? '同意的信息项（少于申请）' : '同意的信息项',
                    span: 2,
                    children: <FieldTags codes={r.approvedFields} names={names} />,
                  },
                ]
              : []),
            { key: 'purpose', label: '用途', span: 2, children: r.purpose },
            { key: 'scenario', label: '应用场景', children: r.scenario },
            { key: 'basis', label: '依据', children: r.legalBasis },
            { key: 'mode', label: '使用方式', children: DELIVERY_MODE_LABELS[r.deliveryMode] },
            {
              key: 'period',
              label: '使用期限',
              children: `${r.periodStart} 至 ${r.approvedPeriodEnd ?? r.periodEnd}${
                r.approvedPeriodEnd && r.approvedPeriodEnd !== r.periodEnd ? `（申请至 ${r.periodEnd}）` : ''
              }`,
            },
            {
              key: 'scope',
              label: '行级范围',
              children: r.rowScope
                ? `${names.get(r.rowScope.field) ?? r.rowScope.field} ∈ ${r.rowScope.regionCode}`
                : '全部记录',
            },
            {
              key: 'limits',
              label: '调用限制',
              children:
                r.quotaPerDay || r.ratePerSecond
                  ? `${r.quotaPerDay ? `每日 ${r.quotaPerDay} 次` : ''} ${r.ratePerSecond ? `每秒 ${r.ratePerSecond} 次` : ''}`
                  : '不限',
            },
            { key: 'created', label: '提交时间', children: formatTime(r.createdAt) },
            { key: 'due', label: '答复期限', children: dash(r.replyDue) },
            {
              key: 'decided',
              label: '答复时间',
              children: r.decidedAt
                ? `${formatTime(r.decidedAt)}（用时 ${dash(r.decisionWorkingDays)} 个工作日，${r.decidedOnTime ? '按期' : '超期'}）`
                : '—',
            },
            { key: 'delivery', label: '交付期限', children: dash(r.deliveryDue) },
            {
              key: 'grant',
              label: '共享授权',
              children: r.grantId ? (
                <Link to={`/sharing/grants?id=${r.grantId}`}>
                  <Typography.Text code>{r.grantId.slice(0, 8)}</Typography.Text> 查看授权
                </Link>
              ) : (
                '—'
              ),
            },
          ]}
        />
        <Card size="small" title="办理历史">
          <Timeline
            items={r.history.map((h) => ({
              color:
                h.toStatus === 'rejected'
                  ? 'red'
                  : h.toStatus === 'approved'
                    ? 'green'
                    : h.action === 'escalate'
                      ? 'orange'
                      : 'blue',
              content: (
                <div>
                  <Space wrap>
                    <strong>{ACTION_LABELS[h.action as keyof typeof ACTION_LABELS] ?? h.action}</strong>
                    <Typography.Text type="secondary">{formatTime(h.at)}</Typography.Text>
                    <span>{h.actorName ?? '系统'}</span>
                    {h.fromStatus !== h.toStatus && <Tag>{REQUEST_STATUS[h.toStatus].label}</Tag>}
                  </Space>
                  {h.reason && <div style={{ color: '#555' }}>{h.reason}</div>}
                </div>
              ),
            }))}
          />
        </Card>
      </Space>
    </Card>
  )
}

/** /sharing/requests/:id */
export default function RequestDetail({ id }: { id: string }) {
  const navigate = useNavigate()
  const [refresh, setRefresh] = useState(0)
  const detail = useFetch<ShareRequestDetail>(`/share-requests/${id}`, undefined, refresh)
  const reload = useCallback(() => setRefresh((n) => n + 1), [])
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0 }}>
        返回
      </Button>
      <LoadState
        loading={detail.loading && !detail.data}
        error={detail.error}
        what="共享申请"
        onRetry={detail.reload}
      >
        {detail.data && <Detail r={detail.data} onChanged={reload} />}
      </LoadState>
    </Space>
  )
}
