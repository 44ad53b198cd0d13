import { Table } from 'antd'
import { type Key, useEffect, useMemo, useState } from 'react'
import { useFetch } from '../../hooks'
import type { ItemList, Org, OrgTreeNode, OrgType } from '../../types'
import { orgColumns } from './columns'

interface Row extends Org {
  children?: Row[]
}

interface Props {
  regionCode: string | null
  q: string
  type: OrgType | undefined
  reloadKey: number
  onEdit: ((org: Org) => void) | null
}

/** Keeps matching nodes and the ancestors leading to them; empty child lists become leaves. */
function prune(nodes: OrgTreeNode[], matches: (org: Org) => boolean): Row[] {
  const out: Row[] = []
  for (const node of nodes) {
    const children = prune(node.children ?? [], matches)
    if (matches(node) || children.length) {
      const { children: _ignored, ...org } = node
      out.push(children.length ? { ...org, children } : org)
    }
  }
  return out
}

function allKeys(rows: Row[]): string[] {
  return rows.flatMap((row) => [row.id, ...allKeys(row.children ?? [])])
}

/** The org hierarchy of the selected region, filtered on the client by name and type. */
export default function OrgTreeView({ regionCode, q, type, reloadKey, onEdit }: Props) {
  const { data, loading, error } = useFetch<ItemList<OrgTreeNode>>(
    regionCode ? '/orgs/tree' : null,
    { regionCode },
    reloadKey,
  )
  const [expanded, setExpanded] = useState<readonly Key[]>([])
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase()
    return prune(
      data?.items ?? [],
      (org) => (!needle || org.name.toLowerCase().includes(needle)) && (!type || org.type === type),
    )
  }, [data, q, type])
  useEffect(() => setExpanded(allKeys(rows)), [rows])

  return (
    <Table<Row>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={orgColumns<Row>(onEdit)}
      dataSource={rows}
      pagination={false}
      expandable={{ expandedRowKeys: expanded, onExpandedRowsChange: setExpanded }}
      locale={{
        emptyText: !regionCode ? '请在左侧选择行政区划' : error ? `加载失败：${error.message}` : '暂无单位',
      }}
      scroll={{ x: 900 }}
    />
  )
}
