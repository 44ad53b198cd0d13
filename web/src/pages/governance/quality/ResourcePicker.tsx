import { Select } from 'antd'
import { useState } from 'react'
import { useDebounced, useFetch } from '../../../hooks'
import type { ResourcePage } from '../../../types'

/** Search catalog resources by name or code and pick one. */
export default function ResourcePicker({
  value,
  onChange,
  placeholder = '搜索并选择数据资源（名称或代码）',
  width = 420,
}: {
  value?: string | undefined
  onChange: (id: string, name: string) => void
  placeholder?: string
  width?: number
}) {
  const [text, setText] = useState('')
  const q = useDebounced(text.trim())
  const list = useFetch<ResourcePage>('/catalog/resources', { q: q || undefined, pageSize: 20 })
  return (
    <Select
      showSearch
      value={value}
      placeholder={placeholder}
      style={{ width }}
      filterOption={false}
      onSearch={setText}
      loading={list.loading}
      notFoundContent={list.loading ? '加载中…' : '没有匹配的资源'}
      options={(list.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.name}（${r.code}）` }))}
      onChange={(id: string, option) => {
        const label = Array.isArray(option) ? '' : String(option?.label ?? '')
        onChange(id, label)
      }}
    />
  )
}
