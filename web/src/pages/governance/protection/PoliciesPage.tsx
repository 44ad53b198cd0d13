import { Button, Card, Modal, Select, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { api } from '../../../api'
import { useAuth } from '../../../auth'
import { showError, showSuccess } from '../../../feedback'
import { formatTime } from '../../../format'
import { useFetch } from '../../../hooks'
import { APPROVERS, GradeTag, MASKING_MODES, OPEN_TYPES, options, SHARE_TYPES } from './labels'
import type { GradePolicy } from './types'

function EditPolicy({ policy, onClose }: { policy: GradePolicy; onClose: (saved: boolean) => void }) {
  const [value, setValue] = useState(policy)
  const [saving, setSaving] = useState(false)
  const save = async () => {
    setSaving(true)
    try {
      const { grade, updatedAt: _u, ...body } = value
      await api.put(`/governance/grade-policies/${grade}`, body)
      showSuccess('分级策略已保存，各访问路径数秒内生效')
      onClose(true)
    } catch (err) {
      showError(err)
    } finally {
      setSaving(false)
    }
  }
  const multi = (key: 'shareTypes' | 'openTypes' | 'approvers', labels: Record<string, string>) => (
    <Select
      mode="multiple"
      style={{ width: '100%' }}
      value={value[key]}
      options={options(labels)}
      onChange={(v: string[]) => setValue({ ...value, [key]: v })}
    />
  )
  return (
    <Modal open title="修改分级策略" onCancel={() => onClose(false)} onOk={save} confirmLoading={saving}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <GradeTag grade={policy.grade} />
        允许的共享类型{multi('shareTypes', SHARE_TYPES)}
        允许的开放类型{multi('openTypes', OPEN_TYPES)}
        脱敏方式
        <Select
          style={{ width: '100%' }}
          value={value.masking}
          options={options(MASKING_MODES)}
          onChange={(masking: string) => setValue({ ...value, masking })}
        />
        审批方{multi('approvers', APPROVERS)}
      </Space>
    </Modal>
  )
}

/** 分级策略: what each grade implies by default; a province-level bureau admin edits it. */
export default function PoliciesPage() {
  const { user } = useAuth()
  const [tick, setTick] = useState(0)
  const [editing, setEditing] = useState<GradePolicy | null>(null)
  const list = useFetch<GradePolicy[]>('/governance/grade-policies', undefined, tick)
  const canEdit = Boolean(user?.roles.includes('bureau_admin') && user.scopeRegionCode?.endsWith('0000'))
  const tags = (xs: string[], labels: Record<string, string>) =>
    xs.map((x) => <Tag key={x}>{labels[x] ?? x}</Tag>)
  return (
    <Card title="分级策略">
      <Table<GradePolicy>
        rowKey="grade"
        loading={list.loading}
        pagination={false}
        dataSource={list.data ?? []}
        columns={[
          { title: '级别', key: 'grade', render: (_, p) => <GradeTag grade={p.grade} /> },
          { title: '共享类型', key: 'share', render: (_, p) => tags(p.shareTypes, SHARE_TYPES) },
          { title: '开放类型', key: 'open', render: (_, p) => tags(p.openTypes, OPEN_TYPES) },
          { title: '脱敏', key: 'masking', render: (_, p) => MASKING_MODES[p.masking] },
          {
            title: '审批',
            key: 'approvers',
            render: (_, p) => (p.approvers.length ? tags(p.approvers, APPROVERS) : '不予共享'),
          },
          { title: '更新', key: 'updated', render: (_, p) => formatTime(p.updatedAt) },
          ...(canEdit
            ? [
                {
                  title: '操作',
                  key: 'edit',
                  render: (_: unknown, p: GradePolicy) => (
                    <Button size="small" onClick={() => setEditing(p)}>
                      修改
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && (
        <EditPolicy
          policy={editing}
          onClose={(saved) => {
            setEditing(null)
            if (saved) setTick((n) => n + 1)
          }}
        />
      )}
    </Card>
  )
}
