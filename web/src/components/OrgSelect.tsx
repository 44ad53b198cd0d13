import { Select, Spin, Typography } from 'antd'
import { type CSSProperties, useRef, useState } from 'react'
import { useDebounced, useFetch } from '../hooks'
import type { Org, Page } from '../types'

interface Props {
  /** Injected by Form.Item so the label points at the input. */
  id?: string
  value?: string | null
  onChange?: (value: string | undefined) => void
  placeholder?: string
  allowClear?: boolean
  disabled?: boolean
  style?: CSSProperties
  /** Label of the current value, so it shows before the options have loaded. */
  initialLabel?: string | null
  /** Leave this org out (an org cannot be its own parent). */
  excludeId?: string
  /** Only offer orgs in this region subtree. */
  regionCode?: string | null
}

/** Org picker that searches `/orgs?q=` on the server as the user types. */
export default function OrgSelect({
  id,
  value,
  onChange,
  placeholder = '搜索并选择单位',
  allowClear = true,
  disabled,
  style,
  initialLabel,
  excludeId,
  regionCode,
}: Props) {
  const [search, setSearch] = useState('')
  const q = useDebounced(search.trim(), 300)
  const { data, loading } = useFetch<Page<Org>>('/orgs', { q, regionCode, pageSize: 20 })
  const labels = useRef(new Map<string, Org | string>())
  if (value && initialLabel && !labels.current.has(value)) labels.current.set(value, initialLabel)
  for (const org of data?.items ?? []) labels.current.set(org.id, org)

  const options = (data?.items ?? [])
    .filter((org) => org.id !== excludeId)
    .map((org) => ({ value: org.id, label: org.name, region: org.regionName }))
  if (value && !options.some((option) => option.value === value)) {
    const known = labels.current.get(value)
    const label = typeof known === 'string' ? known : (known?.name ?? value)
    options.unshift({ value, label, region: typeof known === 'string' ? '' : (known?.regionName ?? '') })
  }

  return (
    <Select
      id={id}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next)}
      options={options}
      placeholder={placeholder}
      allowClear={allowClear}
      disabled={disabled}
      style={{ width: '100%', ...style }}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onOpenChange={(open) => {
        if (!open) setSearch('')
      }}
      notFoundContent={loading ? <Spin size="small" /> : '暂无单位'}
      optionRender={(option) => (
        <span>
          {option.data.label}
          {option.data.region && (
            <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
              {option.data.region}
            </Typography.Text>
          )}
        </span>
      )}
    />
  )
}
