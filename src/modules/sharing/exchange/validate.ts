/**
 * The settings of a job checked against its grant and resource: each refusal has its own problem code so a client
 * can tell a bad cron from a field outside the grant. Pure: no database or network.
 */
import type { FieldIssue } from '../../../platform/errors.ts'
import { nextCronRun } from '../../../platform/jobs/index.ts'
import { isWithinRegion } from '../../../platform/validators/index.ts'
import type { SharedResource } from '../../catalog/index.ts'
import type { GrantRow, RowScope } from '../grants-table.ts'
import { exchangeError } from './errors.ts'
import type { ExchangeMode, FileFormat, Schedule, TargetKind } from './tables.ts'
import { CHECKPOINT_TABLE } from './target-postgres.ts'

export interface JobSettings {
  readonly name: string
  readonly targetKind: TargetKind
  readonly targetSchema: string | null
  readonly targetTable: string | null
  readonly fileFormat: FileFormat | null
  readonly fields: readonly string[] | null
  readonly mode: ExchangeMode
  readonly watermarkField: string | null
  readonly regionField: string | null
  readonly regionCode: string | null
  readonly schedule: Schedule
  readonly cron: string | null
  readonly chunkSize: number
  readonly enabled: boolean
}

export interface CheckedSettings extends JobSettings {
  readonly fields: string[]
  readonly nextRunAt: Date | null
}

export const DEFAULT_CHUNK_SIZE = 10_000
const FIXED_CRON: Record<'hourly' | 'daily', string> = { hourly: '0 * * * *', daily: '0 1 * * *' }
const WATERMARK_TYPES = new Set(['integer', 'decimal', 'date', 'datetime', 'string'])

const issue = (field: string, message: string, messageZh: string): FieldIssue => ({
  field,
  message,
  messageZh,
})

function schedule(s: JobSettings, now: Date): { cron: string | null; nextRunAt: Date | null } {
  if (s.schedule === 'manual') return { cron: null, nextRunAt: null }
  const cron = s.schedule === 'cron' ? (s.cron?.trim() ?? '') : FIXED_CRON[s.schedule]
  const bad = () =>
    exchangeError('exchange.schedule_invalid', {
      fields: [
        issue(
          'body.cron',
          'must be a cron expression of five fields (minute hour day month weekday)',
          '应为 5 段 cron 表达式（分 时 日 月 周），例如 30 2 * * *',
        ),
      ],
    })
  if (!/^\S+(\s+\S+){4}$/.test(cron)) throw bad()
  try {
    return { cron, nextRunAt: nextCronRun(cron, now) }
  } catch {
    throw bad()
  }
}

function target(s: JobSettings, grant: GrantRow, hasUrl: boolean) {
  if (s.targetKind === 'file')
    return { targetSchema: null, targetTable: null, fileFormat: s.fileFormat ?? ('csv' as const) }
  const issues: FieldIssue[] = []
  if (grant.deliveryMode === 'file')
    issues.push(issue('body.targetKind', 'the grant allows file delivery only', '该授权仅允许文件交付'))
  if (!hasUrl)
    issues.push(issue('body.targetUrl', 'is required for a database target', '请填写目标数据库连接串'))
  if (!s.targetTable)
    issues.push(issue('body.targetTable', 'is required for a database target', '请填写目标表名'))
  if (s.targetTable === CHECKPOINT_TABLE)
    issues.push(issue('body.targetTable', 'is reserved for checkpoints', '该表名保留用于交换检查点'))
  if (issues.length) throw exchangeError('exchange.target_invalid', { fields: issues })
  return { targetSchema: s.targetSchema ?? 'public', targetTable: s.targetTable, fileFormat: null }
}

function fields(s: JobSettings, grant: GrantRow, resource: SharedResource): string[] {
  const granted = new Set(grant.fields)
  const declared = new Set(resource.fields.map((f) => f.code))
  const wanted = s.fields ?? grant.fields
  const outside = [...new Set(wanted)].filter((f) => !granted.has(f) || !declared.has(f))
  if (outside.length)
    throw exchangeError('exchange.fields_invalid', {
      detail: { zh: `未获授权的信息项：${outside.join('、')}`, en: `Not granted: ${outside.join(', ')}` },
      fields: [issue('body.fields', `not granted: ${outside.join(', ')}`, `未获授权：${outside.join('、')}`)],
      extra: { notGranted: outside },
    })
  const set = new Set(wanted)
  return resource.fields.filter((f) => set.has(f.code)).map((f) => f.code)
}

function watermark(s: JobSettings, grant: GrantRow, resource: SharedResource): string | null {
  if (s.mode === 'full') return null
  const bad = (message: string, messageZh: string) =>
    exchangeError('exchange.watermark_invalid', {
      fields: [issue('body.watermarkField', message, messageZh)],
    })
  if (!s.watermarkField) throw bad('is required for an incremental job', '增量交换须指定水位字段')
  const field = resource.fields.find((f) => f.code === s.watermarkField)
  if (!field || !grant.fields.includes(field.code))
    throw bad('is not a granted field of the resource', '水位字段不是已授权的信息项')
  if (!WATERMARK_TYPES.has(field.dataType))
    throw bad('must be a number, date, date-time or text field', '水位字段须为数值、日期、日期时间或字符型')
  return field.code
}

function rowScope(s: JobSettings, grant: GrantRow, scope: RowScope | null, resource: SharedResource) {
  if (!s.regionCode) {
    if (s.regionField)
      throw exchangeError('exchange.row_scope_invalid', {
        fields: [
          issue('body.regionCode', 'is required with regionField', '指定区划字段时须同时指定区划代码'),
        ],
      })
    return { regionField: null, regionCode: null }
  }
  const field = scope?.field ?? s.regionField
  const issues: FieldIssue[] = []
  if (!field) issues.push(issue('body.regionField', 'is required', '请指定行政区划字段'))
  else if (scope && s.regionField && s.regionField !== scope.field)
    issues.push(
      issue(
        'body.regionField',
        `must be the grant's ${scope.field}`,
        `须为授权限定的区划字段 ${scope.field}`,
      ),
    )
  else if (!scope && (!grant.fields.includes(field) || !resource.fields.some((f) => f.code === field)))
    issues.push(issue('body.regionField', 'is not a granted field', '区划字段不是已授权的信息项'))
  if (scope && !isWithinRegion(s.regionCode, scope.regionCode))
    issues.push(
      issue(
        'body.regionCode',
        `must lie within the grant's region ${scope.regionCode}`,
        `须在授权范围 ${scope.regionCode} 之内`,
      ),
    )
  if (issues.length) throw exchangeError('exchange.row_scope_invalid', { fields: issues })
  return { regionField: field, regionCode: s.regionCode }
}

export function checkSettings(
  s: JobSettings,
  ctx: { grant: GrantRow; scope: RowScope | null; resource: SharedResource; hasUrl: boolean; now?: Date },
): CheckedSettings {
  const when = schedule(s, ctx.now ?? new Date())
  return {
    ...s,
    ...target(s, ctx.grant, ctx.hasUrl),
    fields: fields(s, ctx.grant, ctx.resource),
    watermarkField: watermark(s, ctx.grant, ctx.resource),
    ...rowScope(s, ctx.grant, ctx.scope, ctx.resource),
    ...when,
  }
}

/** Settings whose change makes earlier deliveries incomparable: the next run starts over. */
export const DELIVERY_SETTINGS = [
  'targetKind',
  'targetUrl',
  'targetSchema',
  'targetTable',
  'fileFormat',
  'fields',
  'mode',
  'watermarkField',
  'regionField',
  'regionCode',
] as const
