import { Select } from 'antd'
import { useFetch } from '../../../hooks'

interface Props {
  id?: string
  value?: string
  onChange?: (value: string | undefined) => void
}

interface OrgApp {
  id: string
  name: string
  clientId: string
}

/** The consumer org's active API app the grant will bind (listed for data stewards and org admins alike). */
export default function AppSelect({ id, value, onChange }: Props) {
  const apps = useFetch<{ items: OrgApp[] }>('/sharing/apps')
  const options = (apps.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.name}（${a.clientId}）` }))
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      loading={apps.loading}
      options={options}
      placeholder={
        options.length || apps.loading
          ? '选择本单位的 API 应用'
          : '本单位暂无启用的 API 应用，请联系单位管理员在「API应用」中注册'
      }
      notFoundContent="暂无可用应用"
    />
  )
}
