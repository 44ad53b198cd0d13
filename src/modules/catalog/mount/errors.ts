import { defineErrors } from '../../../platform/errors.ts'

export const mountError = defineErrors({
  'catalog.mount_invalid': {
    status: 400,
    zh: '挂接参数不合法',
    en: 'The mount settings are invalid',
  },
  'catalog.mount_file_invalid': {
    status: 400,
    zh: '数据文件不合法，未载入任何数据',
    en: 'The data file is invalid; nothing was loaded',
  },
  'catalog.mount_columns_mismatch': {
    status: 422,
    zh: '数据列与信息项不一致',
    en: 'The data columns do not match the declared fields',
  },
  'catalog.mount_connection_failed': {
    status: 422,
    zh: '无法连接外部数据库',
    en: 'Could not connect to the external database',
  },
  'catalog.mount_table_not_found': {
    status: 422,
    zh: '外部数据库中没有该表或无权读取',
    en: 'The external table does not exist or cannot be read',
  },
  'catalog.mount_fields_missing': {
    status: 409,
    zh: '数据资源尚未声明信息项，不能挂接',
    en: 'The resource declares no fields to mount against',
  },
  'catalog.mount_load_running': {
    status: 409,
    zh: '该资源正在载入数据，请稍后再试',
    en: 'A load for this resource is already running',
  },
  'catalog.mount_host_not_allowed': {
    status: 422,
    zh: '该主机不在允许挂接的主机清单中（MOUNT_ALLOWED_HOSTS）',
    en: 'The host is not on the allowlist of mount hosts (MOUNT_ALLOWED_HOSTS)',
  },
  'catalog.mount_not_found': { status: 404, zh: '该资源尚未挂接', en: 'The resource is not mounted' },
  'catalog.preview_unavailable': {
    status: 409,
    zh: '该资源当前不能预览数据',
    en: 'No data preview is available for this resource',
  },
})
