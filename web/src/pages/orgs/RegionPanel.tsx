import { Card, Empty, Spin, Tree } from 'antd'
import { useRegionTree } from '../../components/regionTree'

interface Props {
  rootCode: string | null
  selected: string | null
  onSelect: (code: string | null, name: string | null) => void
}

/** Left-hand region tree; children load lazily as a node is expanded. */
export default function RegionPanel({ rootCode, selected, onSelect }: Props) {
  const tree = useRegionTree(rootCode)

  return (
    <Card
      title="行政区划"
      size="small"
      styles={{ body: { padding: 8, maxHeight: 'calc(100vh - 200px)', overflow: 'auto' } }}
    >
      {tree.loading && tree.treeData.length === 0 ? (
        <Spin style={{ display: 'block', margin: '32px auto' }} />
      ) : tree.treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无行政区划" />
      ) : (
        <Tree
          blockNode
          showLine
          treeData={tree.treeData}
          loadData={(node) => tree.loadChildren(String(node.key))}
          loadedKeys={tree.loadedKeys}
          expandedKeys={tree.expandedKeys}
          onExpand={(keys) => tree.setExpandedKeys(keys.map(String))}
          selectedKeys={selected ? [selected] : []}
          onSelect={(keys) => {
            const code = keys[0] === undefined ? null : String(keys[0])
            // Clicking the selected region again clears the filter, except at the scope root.
            if (code === null && rootCode) onSelect(rootCode, tree.regionName(rootCode) ?? null)
            else onSelect(code, code ? (tree.regionName(code) ?? null) : null)
          }}
        />
      )}
    </Card>
  )
}
