import { Alert, Button, Card, Descriptions, Empty, Space, Tabs } from 'antd'
import { Link, useNavigate, useParams } from 'react-router-dom'
import { errorText } from '../../../api'
import { useAuth } from '../../../auth'
import { useFetch } from '../../../hooks'
import type { Resource } from '../../../types'
import ResourcePicker from './ResourcePicker'
import type { FieldOption } from './RuleForm'
import RulesEditor from './RulesEditor'
import RunPage from './RunPage'
import RunsPanel from './RunsPanel'

type ResourceDetail = Resource & {
  fields: FieldOption[]
  mountStatus?: string
  lastDataUpdateAt?: string | null
}

/**
 * 质量稽查: pick a resource, then edit its rules (with suggestions) and run or review its audits. Providers see
 * their own org's resources; the bureau every resource in its region.
 */
export default function QualityPage() {
  const { id, runId } = useParams()
  if (runId) return <RunPage id={runId} />
  return <ResourceQuality id={id} />
}

function ResourceQuality({ id }: { id: string | undefined }) {
  const navigate = useNavigate()
  const { user, hasRole } = useAuth()
  const resource = useFetch<ResourceDetail>(id ? `/catalog/resources/${id}` : null)
  const r = resource.data
  const canManage =
    !!r && ((hasRole('data_steward', 'org_admin') && user?.orgId === r.orgId) || hasRole('bureau_admin'))

  return (
    <Card
      title="质量稽查"
      extra={
        <Space>
          <Link to="/governance/quality-scores">质量评分</Link>
          <Link to="/governance/rectifications">整改工单</Link>
        </Space>
      }
    >
      <Space style={{ marginBottom: 16 }}>
        <ResourcePicker value={id} onChange={(rid) => navigate(`/governance/quality/resources/${rid}`)} />
      </Space>
      {!id && <Empty description="请选择要配置规则或查看稽查结果的数据资源" />}
      {resource.error && <Alert type="error" showIcon message={errorText(resource.error)} />}
      {r && (
        <>
          <Descriptions size="small" column={4} style={{ marginBottom: 12 }}>
            <Descriptions.Item label="资源">{r.name}</Descriptions.Item>
            <Descriptions.Item label="代码">{r.code}</Descriptions.Item>
            <Descriptions.Item label="提供单位">{r.orgName}</Descriptions.Item>
            <Descriptions.Item label="挂接">
              {r.mountStatus === 'mounted' ? '已挂接' : '未挂接（无法稽查）'}
            </Descriptions.Item>
          </Descriptions>
          <Tabs
            destroyOnHidden
            items={[
              {
                key: 'rules',
                label: '质量规则',
                children: <RulesEditor resourceId={r.id} fields={r.fields} canManage={canManage} />,
              },
              {
                key: 'runs',
                label: '稽查记录与趋势',
                children: <RunsPanel resourceId={r.id} canManage={canManage} />,
              },
            ]}
          />
          {!canManage && (
            <Button type="link" onClick={() => navigate(`/governance/rectifications?report=${r.id}`)}>
              发现数据错误？提出纠错
            </Button>
          )}
        </>
      )}
    </Card>
  )
}
