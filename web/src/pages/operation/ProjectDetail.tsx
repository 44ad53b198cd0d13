import {
  Button,
  Card,
  Collapse,
  Descriptions,
  Empty,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Typography,
  Upload,
} from 'antd'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { api } from '../../api'
import { useUser } from '../../auth'
import { showError, showSuccess } from '../../feedback'
import { useDebounced, useFetch } from '../../hooks'
import type { Page } from '../../types'
import {
  AGREEMENT_CLAUSES,
  MandateStatusTag,
  MODE_LABELS,
  PLAN_FIELDS,
  ProjectStatusTag,
  ScopeStatusTag,
  SELECTION_LABELS,
} from './labels'
import MandateModal from './MandateModal'
import type { ProjectView } from './types'

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

export default function ProjectDetailView({ id }: { id: string }) {
  const user = useUser()
  const [tick, setTick] = useState(0)
  const detail = useFetch<ProjectView>(`/operation/projects/${id}`, undefined, tick)
  const [search, setSearch] = useState('')
  const q = useDebounced(search)
  const candidates = useFetch<Page<{ id: string; name: string; code: string }>>('/catalog/resources', {
    view: 'operation',
    q: q || undefined,
    pageSize: 20,
  })
  const [mandateOpen, setMandateOpen] = useState(false)
  const [approval, setApproval] = useState('')
  const p = detail.data
  if (!p)
    return (
      <Card loading={detail.loading}>{detail.error && <Empty description="项目不存在或无权查看" />}</Card>
    )
  const isAuthorizer = user.roles.includes('bureau_admin')
  const reload = () => setTick((n) => n + 1)
  const act = async (fn: () => Promise<unknown>, ok: string) => {
    try {
      await fn()
      showSuccess(ok)
      reload()
    } catch (err) {
      showError(err)
    }
  }
  const upload = (owner: 'projects' | 'mandates', ownerId: string) => async (file: File) => {
    await act(
      async () =>
        api.post(`/operation/${owner}/${ownerId}/attachments`, {
          name: file.name,
          contentType: file.type || 'application/pdf',
          content: await toBase64(file),
        }),
      '附件已上传',
    )
    return false
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card
        title={
          <Space>
            {p.name}
            <ProjectStatusTag status={p.status} />
          </Space>
        }
        extra={<Link to="/operation/projects">返回列表</Link>}
      >
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label="项目编号">{p.code}</Descriptions.Item>
          <Descriptions.Item label="授权方">{p.authorizerOrgName}</Descriptions.Item>
          <Descriptions.Item label="实施机构">{p.implementingOrgName}</Descriptions.Item>
          <Descriptions.Item label="授权模式">
            {MODE_LABELS[p.mode]} {p.domain ?? p.scenario ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label="授权期限">
            {p.termStart} 至 {p.termEnd}
          </Descriptions.Item>
          <Descriptions.Item label="选择方式">{SELECTION_LABELS[p.selectionMethod]}</Descriptions.Item>
          <Descriptions.Item label="遴选记录" span={2}>
            {p.selectionRecord}
          </Descriptions.Item>
          <Descriptions.Item label="决策记录" span={2}>
            {p.approvalRecord ?? '尚未批准实施'}
          </Descriptions.Item>
        </Descriptions>
        <Collapse
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'plan',
              label: '实施方案',
              children: (
                <Descriptions column={1} size="small">
                  {PLAN_FIELDS.map(([k, label]) => (
                    <Descriptions.Item key={k} label={label}>
                      {p.plan[k]}
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              ),
            },
          ]}
        />
        {isAuthorizer && p.status === 'draft' && (
          <Space style={{ marginTop: 12 }}>
            <Input
              placeholder="“三重一大”决策记录，如：市政府常务会议审议通过"
              value={approval}
              onChange={(e) => setApproval(e.target.value)}
              style={{ width: 360 }}
            />
            <Button
              type="primary"
              disabled={!approval.trim()}
              onClick={() =>
                act(
                  () => api.post(`/operation/projects/${id}/activate`, { approvalRecord: approval }),
                  '项目已批准实施，沙箱已开通',
                )
              }
            >
              批准实施
            </Button>
          </Space>
        )}
        {p.sandbox && (
          <Space style={{ marginTop: 12 }}>
            <span>项目沙箱查询须经授权方审批</span>
            <Switch
              checked={p.sandbox.requiresApproval}
              disabled={!isAuthorizer}
              onChange={(required) =>
                act(
                  () => api.put(`/operation/projects/${id}/sandbox`, { requiresApproval: required }),
                  required ? '沙箱查询改为须审批' : '沙箱查询无需审批',
                )
              }
            />
            <Typography.Text type="secondary">已用隐私预算 ε {p.sandbox.epsilonSpent}</Typography.Text>
          </Space>
        )}
      </Card>
      <Card title="数据资源范围" size="small">
        {isAuthorizer && p.status === 'draft' && (
          <Space style={{ marginBottom: 12 }}>
            <Select
              showSearch
              filterOption={false}
              onSearch={setSearch}
              placeholder="检索授权运营目录中的资源（须已分级）"
              style={{ width: 420 }}
              options={(candidates.data?.items ?? []).map((r) => ({
                value: r.id,
                label: `${r.name}（${r.code}）`,
              }))}
              onSelect={(resourceId: string) =>
                act(
                  () => api.post(`/operation/projects/${id}/resources`, { resourceId }),
                  '已纳入（他单位资源待提供方同意）',
                )
              }
            />
          </Space>
        )}
        <Table
          rowKey="resourceId"
          size="small"
          pagination={false}
          dataSource={p.resources}
          locale={{ emptyText: <Empty description="尚未纳入数据资源" /> }}
          columns={[
            { title: '资源', key: 'r', render: (_, r) => `${r.resourceName}（${r.resourceCode}）` },
            { title: '提供单位', dataIndex: 'providerOrgName', key: 'provider' },
            {
              title: '状态',
              dataIndex: 'status',
              key: 'status',
              render: (s: string) => <ScopeStatusTag status={s} />,
            },
            ...(isAuthorizer && p.status === 'draft'
              ? [
                  {
                    title: '操作',
                    key: 'op',
                    render: (_: unknown, r: ProjectView['resources'][number]) => (
                      <Popconfirm
                        title="移出该资源？"
                        onConfirm={() =>
                          act(
                            () => api.delete(`/operation/projects/${id}/resources/${r.resourceId}`),
                            '已移出',
                          )
                        }
                      >
                        <Button size="small" danger>
                          移出
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title="授权与授权协议"
        size="small"
        extra={
          isAuthorizer &&
          p.status !== 'ended' && <Button onClick={() => setMandateOpen(true)}>授权运营机构</Button>
        }
      >
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.mandates}
          locale={{ emptyText: <Empty description="尚未授权运营机构" /> }}
          expandable={{
            expandedRowRender: (m) => (
              <Descriptions column={1} size="small">
                {AGREEMENT_CLAUSES.map(([k, label]) => (
                  <Descriptions.Item key={k} label={label}>
                    {m.agreement[k]}
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ),
          }}
          columns={[
            { title: '运营机构', dataIndex: 'operatorOrgName', key: 'op' },
            { title: '授权内容', dataIndex: 'content', key: 'content', ellipsis: true },
            { title: '期限', key: 'term', render: (_, m) => `${m.termStart} 至 ${m.termEnd}` },
            { title: '协议编号', dataIndex: 'agreementNo', key: 'no' },
            {
              title: '授权方分成',
              key: 'share',
              render: (_, m) => `${(m.authorizerShareBp / 100).toFixed(2)}%`,
            },
            {
              title: '状态',
              dataIndex: 'status',
              key: 'status',
              render: (s: string) => <MandateStatusTag status={s} />,
            },
            ...(isAuthorizer
              ? [
                  {
                    title: '操作',
                    key: 'ops',
                    render: (_: unknown, m: ProjectView['mandates'][number]) => (
                      <Space size={4}>
                        {m.status === 'active' && (
                          <Button
                            size="small"
                            onClick={() =>
                              act(() => api.post(`/operation/mandates/${m.id}/suspend`), '已暂停')
                            }
                          >
                            暂停
                          </Button>
                        )}
                        {m.status === 'suspended' && (
                          <Button
                            size="small"
                            onClick={() =>
                              act(() => api.post(`/operation/mandates/${m.id}/resume`), '已恢复')
                            }
                          >
                            恢复
                          </Button>
                        )}
                        <Upload showUploadList={false} beforeUpload={upload('mandates', m.id)}>
                          <Button size="small">上传协议</Button>
                        </Upload>
                      </Space>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Card
        title="附件"
        size="small"
        extra={
          isAuthorizer && (
            <Upload showUploadList={false} beforeUpload={upload('projects', id)}>
              <Button size="small">上传项目附件</Button>
            </Upload>
          )
        }
      >
        {p.attachments.length === 0 ? (
          <Empty description="暂无附件" />
        ) : (
          p.attachments.map((a) => (
            <div key={a.id}>
              <a href={`/api/v1/operation/attachments/${a.id}`}>{a.name}</a>{' '}
              <Typography.Text type="secondary">{Math.ceil(a.size / 1024)} KB</Typography.Text>
            </div>
          ))
        )}
      </Card>
      <MandateModal
        project={p}
        open={mandateOpen}
        onClose={() => {
          setMandateOpen(false)
          reload()
        }}
      />
    </Space>
  )
}
