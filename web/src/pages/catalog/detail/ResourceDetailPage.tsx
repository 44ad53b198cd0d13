import { ArrowLeftOutlined } from '@ant-design/icons'
import { Button, Card, Space, Tabs, Tag, Typography } from 'antd'
import { useCallback, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { useAuth, useUser } from '../../../auth'
import { isForbidden, useFetch } from '../../../hooks'
import type { AuditEvent, Page, ResourceDetail } from '../../../types'
import { LoadState } from '../states'
import { MountBadge, ResourceStatusTag } from '../tags'
import ActionBar from './ActionBar'
import AuditTab from './AuditTab'
import FieldsTab from './FieldsTab'
import InfoTab from './InfoTab'
import MountTab from './MountTab'
import { permissionsFor } from './permissions'
import ResourceChecksTab from './ResourceChecksTab'
import VersionsTab from './VersionsTab'

function Detail({ resource, onChanged }: { resource: ResourceDetail; onChanged: () => void }) {
  const user = useUser()
  const { hasRole } = useAuth()
  const can = permissionsFor(user, resource)
  const mayAudit = hasRole('bureau_admin', 'auditor')
  const audit = useFetch<Page<AuditEvent>>(
    mayAudit ? '/audit/events' : null,
    { targetId: resource.id, pageSize: 100 },
    resource.version * 1000 + Date.parse(resource.updatedAt) / 1000,
  )
  const showAudit = mayAudit && !isForbidden(audit.error)
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="resource-title">{resource.name}</span>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', fontWeight: 400 }}>
            {resource.code}
          </Typography.Text>
          <ResourceStatusTag status={resource.status} />
          {resource.version > 0 && <Tag>v{resource.version}</Tag>}
          <MountBadge status={resource.mountStatus} />
        </Space>
      }
      extra={<ActionBar resource={resource} can={can} onChanged={(next) => next && onChanged()} />}
    >
      <Tabs
        items={[
          { key: 'info', label: '基本信息', children: <InfoTab resource={resource} /> },
          {
            key: 'fields',
            label: `信息项（${resource.fields.length}）`,
            children: <FieldsTab fields={resource.fields} />,
          },
          {
            key: 'versions',
            label: '版本',
            children: <VersionsTab id={resource.id} reloadKey={resource.version} />,
          },
          {
            key: 'mount',
            label: '挂接与预览',
            children: (
              <MountTab
                id={resource.id}
                canEdit={can.edit}
                mountStatus={resource.mountStatus}
                onMountChanged={onChanged}
              />
            ),
          },
          {
            key: 'checks',
            label: '质检',
            children: <ResourceChecksTab id={resource.id} orgId={resource.orgId} />,
          },
          ...(showAudit ? [{ key: 'audit', label: '审计', children: <AuditTab events={audit} /> }] : []),
        ]}
        destroyOnHidden
      />
    </Card>
  )
}

/** /catalog/:id */
export default function ResourceDetailPage({ id }: { id: string }) {
  const navigate = useNavigate()
  const [refresh, setRefresh] = useState(0)
  const detail = useFetch<ResourceDetail>(`/catalog/resources/${id}`, undefined, refresh)
  const reload = useCallback(() => setRefresh((n) => n + 1), [])
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0 }}>
        返回
      </Button>
      <LoadState
        loading={detail.loading && !detail.data}
        error={detail.error}
        what="数据资源"
        onRetry={detail.reload}
      >
        {detail.data && <Detail resource={detail.data} onChanged={reload} />}
      </LoadState>
    </Space>
  )
}
