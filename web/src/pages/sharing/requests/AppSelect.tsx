import { Input, Select } from 'antd'
import { useAuth, useUser } from '../../../auth'
import { useFetch } from '../../../hooks'
import type { ApiApp, Page } from '../../../types'
import type { ShareRequest } from './types'

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
}

/**
 * The consumer org's API app the grant will bind. Org admins list their org's apps; a data steward (who may not
 * list apps) picks from apps the org has used in earlier requests, or enters the app ID from the org admin.
 */
export default function AppSelect({ id, value, onChange }: Props) {
  const user = useUser()
  const { hasRole } = useAuth()
  const admin = hasRole('org_admin', 'bureau_admin')
  const apps = useFetch<Page<ApiApp>>(admin ? '/apps' : null, { orgId: user.orgId, pageSize: 100 })
  const earlier = useFetch<Page<ShareRequest>>(admin ? null : '/share-requests', {
    box: 'mine',
    pageSize: 200,
  })
  const options = admin
    ? (apps.data?.items ?? [])
        .filter((a) => a.status === 'active')
        .map((a) => ({ value: a.id, label: `${a.name}（${a.clientId}）` }))
    : [...new Map((earlier.data?.items ?? []).map((r) => [r.appId, r.appName])).entries()].map(
        ([v, label]) => ({
          value: v,
          label,
        }),
      )
  const loading = apps.loading || earlier.loading
  if (!loading && options.length === 0 && !admin)
    return (
      <Input
        id={id}
        value={value}
        onChange={(e) => onChange?.(e.target.value.trim() || undefined)}
        placeholder="请向本单位管理员获取 API 应用 ID"
      />
    )
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={loading}
      options={options}
      placeholder={
        options.length || loading
          ? '选择本单位的 API 应用'
          : '本单位暂无启用的 API 应用，请先在「API应用」中注册'
      }
      notFoundContent="暂无可用应用"
    />
  )
}
