import { TreeSelect } from 'antd'
import type { CSSProperties } from 'react'
import { useUser } from '../auth'
import { useRegionTree } from './regionTree'

interface Props {
  /** Injected by Form.Item so the label points at the input. */
  id?: string
  value?: string | null
  onChange?: (value: string | undefined) => void
  placeholder?: string
  disabled?: boolean
  allowClear?: boolean
  style?: CSSProperties
  /** Defaults to the signed-in user's scope region. */
  rootCode?: string | null
}

/** Region picker for forms: lazily loads the region tree below the user's scope. */
export default function RegionTreeSelect({
  id,
  value,
  onChange,
  placeholder = '请选择行政区划',
  disabled,
  allowClear,
  style,
  rootCode,
}: Props) {
  const user = useUser()
  const root = rootCode === undefined ? user.scopeRegionCode : rootCode
  const tree = useRegionTree(root, value ?? null)

  return (
    <TreeSelect
      id={id}
      value={value ?? undefined}
      onChange={(next: string | undefined) => onChange?.(next)}
      treeData={tree.treeData}
      loadData={(node) => tree.loadChildren(String(node.value))}
      treeLoadedKeys={tree.loadedKeys}
      treeExpandedKeys={tree.expandedKeys}
      onTreeExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
      placeholder={placeholder}
      disabled={disabled}
      allowClear={allowClear}
      loading={tree.loading}
      showSearch={{ treeNodeFilterProp: 'title' }}
      style={{ width: '100%', ...style }}
      notFoundContent={tree.loading ? '加载中…' : '暂无行政区划'}
    />
  )
}
