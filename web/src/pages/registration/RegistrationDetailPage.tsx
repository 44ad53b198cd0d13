import { Alert, App, Button, Card, Descriptions, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { Link, useParams } from 'react-router-dom'
import { api, errorText } from '../../api'
import { useAuth } from '../../auth'
import { formatTime } from '../../format'
import { useFetch } from '../../hooks'
import { DueTag, HISTORY_LABELS, KIND_LABELS, StatusTag } from './labels'
import MaterialsCard from './MaterialsCard'
import ObjectionsCard from './ObjectionsCard'
import StepModal from './StepModal'
import type { RegistrationAction, RegistrationDetail } from './types'

type ModalStep = 'request-supplement' | 'refuse' | 'reject' | 'revoke'
const MODAL_TITLES: Record<ModalStep, string> = {
  'request-supplement': '一次性告知补正',
  refuse: '不予受理',
  reject: '形式审核不通过（终止登记）',
  revoke: '撤销登记',
}
const DIRECT: { action: RegistrationAction; path: string; label: string; primary?: boolean }[] = [
  { action: 'submit', path: 'submit', label: '提交申请', primary: true },
  { action: 'accept', path: 'accept', label: '受理', primary: true },
  { action: 'approve', path: 'approve', label: '通过形式审核', primary: true },
  { action: 'withdraw', path: 'withdraw', label: '撤回' },
]
const WITH_TEXT: { action: RegistrationAction; step: ModalStep; label: string }[] = [
  { action: 'request_supplement', step: 'request-supplement', label: '一次性告知补正' },
  { action: 'refuse', step: 'refuse', label: '不予受理' },
  { action: 'reject', step: 'reject', label: '审核不通过' },
  { action: 'revoke', step: 'revoke', label: '撤销登记' },
]

/** One registration: deadlines, materials, evidence, objections, certificate and every step taken. */
export default function RegistrationDetailPage() {
  const { id = '' } = useParams()
  const { message } = App.useApp()
  const { user } = useAuth()
  const fetched = useFetch<RegistrationDetail>(`/registrations/${id}`)
  const [r, setR] = useState<RegistrationDetail>()
  const [modal, setModal] = useState<ModalStep>()
  useEffect(() => setR(fetched.data), [fetched.data])

  if (fetched.error) return <Alert type="error" showIcon message={errorText(fetched.error)} />
  if (!r) return <Spin />

  async function step(path: string, body?: unknown) {
    try {
      setR(await api.post<RegistrationDetail>(`/registrations/${id}/${path}`, body))
      message.success('已办理')
    } catch (err) {
      message.error(errorText(err))
      throw err
    }
  }
  function textBody(s: ModalStep, text: string) {
    if (s !== 'request-supplement') return { reason: text }
    const names = r?.materialChecklist ?? []
    const gaps = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((line) => ({ material: names.find((m) => line.startsWith(m.name))?.code ?? 'other', note: line }))
    return { gaps }
  }

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span>{r.dataName}</span>
            <StatusTag status={r.status} />
            <Tag>{KIND_LABELS[r.kind]}</Tag>
          </Space>
        }
        extra={<Link to="/registrations">返回列表</Link>}
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="登记编号">
            <Typography.Text code data-testid="registration-number">
              {r.number ?? r.targetNumber ?? '未赋码'}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="当前期限">
            <DueTag r={r} />
          </Descriptions.Item>
          <Descriptions.Item label="登记主体">{r.registrantName}</Descriptions.Item>
          <Descriptions.Item label="登记机构">{r.bodyName}</Descriptions.Item>
          {r.applicantOrgId !== r.registrantOrgId && (
            <Descriptions.Item label="申请人（利害关系人）">{r.applicantName}</Descriptions.Item>
          )}
          <Descriptions.Item label="内容摘要" span={2}>
            {r.summary || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="受理期限">{r.acceptDue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="形式审核期限">{r.reviewDue ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="公示期">
            {r.noticeStartsOn ? `${r.noticeStartsOn} 至 ${r.noticeDue}` : '—'}
          </Descriptions.Item>
          <Descriptions.Item label="有效期">
            {r.validFrom ? `${r.validFrom} 至 ${r.validUntil}` : '—'}
            {r.renewalOpen && (
              <Tag color="warning" style={{ marginLeft: 8 }}>
                可续展
              </Tag>
            )}
          </Descriptions.Item>
          {r.initialDue && <Descriptions.Item label="首次登记期限">{r.initialDue}</Descriptions.Item>}
          {r.reason && <Descriptions.Item label="事由">{r.reason}</Descriptions.Item>}
          {r.statusReason && (
            <Descriptions.Item label="状态说明" span={2}>
              {r.statusReason}
            </Descriptions.Item>
          )}
        </Descriptions>
        <Space wrap style={{ marginTop: 16 }}>
          {DIRECT.filter((d) => r.actions.includes(d.action)).map((d) => (
            <Button
              key={d.action}
              type={d.primary ? 'primary' : 'default'}
              onClick={() => step(d.path, {}).catch(() => {})}
            >
              {d.label}
            </Button>
          ))}
          {WITH_TEXT.filter((d) => r.actions.includes(d.action)).map((d) => (
            <Button key={d.action} danger={d.step !== 'request-supplement'} onClick={() => setModal(d.step)}>
              {d.label}
            </Button>
          ))}
          {r.certificateVersion !== null && (
            <>
              <Button href={`/api/v1/registrations/${r.id}/certificate`}>下载证书 JSON</Button>
              <Button href={`/api/v1/registrations/${r.id}/certificate.pdf`}>下载证书 PDF</Button>
            </>
          )}
          {r.status === 'valid' && r.kind === 'initial' && user?.orgId === r.registrantOrgId && (
            <Link to={`/registrations/new?target=${r.id}`}>
              <Button>变更 / 续展 / 注销</Button>
            </Link>
          )}
        </Space>
      </Card>
      <MaterialsCard r={r} onChange={setR} />
      <ObjectionsCard r={r} onChange={setR} />
      <Card title="办理记录" size="small">
        {r.history.length ? (
          <Timeline
            items={r.history.map((h) => ({
              key: `${h.at}:${h.action}`,
              children: (
                <div>
                  <Typography.Text strong>{HISTORY_LABELS[h.action] ?? h.action}</Typography.Text>
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {formatTime(h.at)} {h.actorName ?? ''}
                  </Typography.Text>
                  {h.reason && <div>{h.reason}</div>}
                </div>
              ),
            }))}
          />
        ) : (
          <Empty />
        )}
      </Card>
      {modal && (
        <StepModal
          title={MODAL_TITLES[modal]}
          open
          gaps={modal === 'request-supplement'}
          onCancel={() => setModal(undefined)}
          onOk={async (text) => {
            await step(modal, textBody(modal, text))
            setModal(undefined)
          }}
        />
      )}
    </Space>
  )
}
