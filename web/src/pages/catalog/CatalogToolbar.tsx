import { DownloadOutlined, FileExcelOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons'
import { Button, Space } from 'antd'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import type { Query } from '../../api'
import { useAuth } from '../../auth'
import { showError } from '../../feedback'
import { downloadFile, isNotBuilt } from './http'

/** 新建资源 / 导入 / 导出 / 下载模板; export uses the same filters as the list. */
export default function CatalogToolbar({ exportQuery }: { exportQuery: Query }) {
  const { hasRole } = useAuth()
  const navigate = useNavigate()
  const canCatalog = hasRole('data_steward', 'org_admin')
  const [busy, setBusy] = useState<'export' | 'template' | null>(null)

  const download = async (kind: 'export' | 'template') => {
    setBusy(kind)
    try {
      if (kind === 'export') await downloadFile('/catalog/export.xlsx', exportQuery, '数据资源目录.xlsx')
      else await downloadFile('/catalog/template.xlsx', undefined, '数据资源编目模板.xlsx')
    } catch (err) {
      if (isNotBuilt(err)) showError(new Error(kind === 'export' ? '导出功能建设中' : '模板下载功能建设中'))
      else showError(err)
    } finally {
      setBusy(null)
    }
  }

  return (
    <Space wrap>
      {canCatalog && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/catalog/new')}>
          新建资源
        </Button>
      )}
      {canCatalog && (
        <Button icon={<UploadOutlined />} onClick={() => navigate('/catalog/import')}>
          导入 Excel
        </Button>
      )}
      <Button
        icon={<FileExcelOutlined />}
        loading={busy === 'export'}
        onClick={() => void download('export')}
      >
        导出 Excel
      </Button>
      <Button
        icon={<DownloadOutlined />}
        loading={busy === 'template'}
        onClick={() => void download('template')}
      >
        下载模板
      </Button>
    </Space>
  )
}
