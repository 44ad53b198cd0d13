/** HTTP shapes of batch exchange (named like their TypeScript types). */
import { type Static, Type } from 'typebox'
import { Page, PageQuery } from '../../../platform/http/index.ts'

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])
const Uuid = Type.String({ format: 'uuid' })
const DateTime = Type.String({ format: 'date-time' })
const Code = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: '信息项代码' })
const Ident = Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$' })
const Region = Type.String({ pattern: '^[1-9][0-9]{5}$', description: 'GB/T 2260 行政区划代码' })

export const TargetKind = Type.Enum(['postgres', 'file'], {
  description: 'postgres = 交付到使用方的 PostgreSQL 表；file = 生成 gzip 文件供下载',
})
export const FileFormat = Type.Enum(['csv', 'jsonl'], { description: 'csv 或 JSON Lines（均 gzip 压缩）' })
export const ExchangeMode = Type.Enum(['full', 'incremental'], {
  description: 'full = 全量（目标表先清空）；incremental = 按水位字段增量',
})
export const Schedule = Type.Enum(['manual', 'hourly', 'daily', 'cron'], {
  description: 'manual = 仅手动；hourly = 每小时整点；daily = 每天 01:00；cron = 按 cron 表达式（北京时间）',
})
export const RunStatus = Type.Enum(['queued', 'running', 'succeeded', 'failed', 'cancelled'])

const settings = {
  name: Type.String({ minLength: 1, maxLength: 100 }),
  targetKind: TargetKind,
  targetUrl: Type.String({
    minLength: 1,
    maxLength: 2000,
    description: 'postgres://user:password@host:port/db；加密保存，不会返回',
  }),
  targetSchema: Ident,
  targetTable: Ident,
  fileFormat: FileFormat,
  fields: Type.Array(Code, { minItems: 1, maxItems: 500, description: '默认为授权的全部信息项' }),
  mode: ExchangeMode,
  watermarkField: Nullable(Code),
  regionField: Nullable(Code),
  regionCode: Nullable(Region),
  schedule: Schedule,
  cron: Nullable(Type.String({ minLength: 1, maxLength: 100 })),
  chunkSize: Type.Integer({ minimum: 100, maximum: 100_000, description: '每批行数（默认 10000）' }),
  enabled: Type.Boolean(),
}

export const JobCreate = Type.Object(
  {
    grantId: Uuid,
    name: settings.name,
    targetKind: settings.targetKind,
    targetUrl: Type.Optional(settings.targetUrl),
    targetSchema: Type.Optional(settings.targetSchema),
    targetTable: Type.Optional(settings.targetTable),
    fileFormat: Type.Optional(settings.fileFormat),
    fields: Type.Optional(settings.fields),
    mode: settings.mode,
    watermarkField: Type.Optional(settings.watermarkField),
    regionField: Type.Optional(settings.regionField),
    regionCode: Type.Optional(settings.regionCode),
    schedule: Type.Optional(settings.schedule),
    cron: Type.Optional(settings.cron),
    chunkSize: Type.Optional(settings.chunkSize),
    enabled: Type.Optional(settings.enabled),
  },
  { additionalProperties: false },
)
export type JobCreate = Static<typeof JobCreate>

export const JobPatch = Type.Object(
  {
    name: Type.Optional(settings.name),
    targetKind: Type.Optional(settings.targetKind),
    targetUrl: Type.Optional(settings.targetUrl),
    targetSchema: Type.Optional(settings.targetSchema),
    targetTable: Type.Optional(settings.targetTable),
    fileFormat: Type.Optional(settings.fileFormat),
    fields: Type.Optional(settings.fields),
    mode: Type.Optional(settings.mode),
    watermarkField: Type.Optional(settings.watermarkField),
    regionField: Type.Optional(settings.regionField),
    regionCode: Type.Optional(settings.regionCode),
    schedule: Type.Optional(settings.schedule),
    cron: Type.Optional(settings.cron),
    chunkSize: Type.Optional(settings.chunkSize),
    enabled: Type.Optional(settings.enabled),
  },
  { additionalProperties: false, minProperties: 1 },
)
export type JobPatch = Static<typeof JobPatch>

export const Run = Type.Object({
  id: Uuid,
  jobId: Uuid,
  trigger: Type.Enum(['manual', 'schedule', 'cli']),
  status: RunStatus,
  rowsTotal: Nullable(Type.Integer()),
  rowsDone: Type.Integer(),
  chunksDone: Type.Integer(),
  percent: Nullable(Type.Number({ description: '0–100' })),
  rowsPerSecond: Nullable(Type.Number()),
  etaSeconds: Nullable(Type.Integer()),
  watermarkFrom: Nullable(Type.String()),
  watermarkTo: Nullable(Type.String()),
  errorCode: Nullable(Type.String()),
  error: Nullable(Type.String()),
  fileCount: Type.Integer(),
  createdAt: DateTime,
  startedAt: Nullable(DateTime),
  updatedAt: DateTime,
  finishedAt: Nullable(DateTime),
})
export type Run = Static<typeof Run>

export const Job = Type.Object({
  id: Uuid,
  name: Type.String(),
  grantId: Uuid,
  grantStatus: Type.Enum(['active', 'suspended', 'revoked', 'expired', 'pending'], {
    description: 'pending = 尚未生效',
  }),
  resourceId: Uuid,
  resourceCode: Type.String(),
  resourceName: Nullable(Type.String()),
  consumerOrgId: Uuid,
  consumerOrgName: Nullable(Type.String()),
  providerOrgId: Uuid,
  providerOrgName: Nullable(Type.String()),
  targetKind: TargetKind,
  target: Nullable(
    Type.Object({
      host: Type.String(),
      port: Type.Integer(),
      database: Type.String(),
      schema: Type.String(),
      table: Type.String(),
    }),
  ),
  fileFormat: Nullable(FileFormat),
  fields: Type.Array(Type.String()),
  maskedFields: Type.Array(Type.String(), { description: '按脱敏规则交付的信息项' }),
  mode: ExchangeMode,
  watermarkField: Nullable(Type.String()),
  lastWatermark: Nullable(Type.String()),
  rowScope: Nullable(Type.Object({ field: Type.String(), regionCode: Type.String() })),
  regionField: Nullable(Type.String()),
  regionCode: Nullable(Type.String()),
  schedule: Schedule,
  cron: Nullable(Type.String()),
  nextRunAt: Nullable(DateTime),
  chunkSize: Type.Integer(),
  enabled: Type.Boolean(),
  canManage: Type.Boolean(),
  canRun: Type.Boolean(),
  lastRun: Nullable(Run),
  createdAt: DateTime,
  updatedAt: DateTime,
})
export type Job = Static<typeof Job>

export const JobListQuery = Type.Intersect([
  PageQuery,
  Type.Object({
    role: Type.Optional(
      Type.Enum(['consumer', 'provider', 'all'], {
        description: 'consumer = 本单位作为使用方；provider = 本单位作为提供方；all（默认）= 可见的全部',
      }),
    ),
    grantId: Type.Optional(Uuid),
  }),
])
export type JobListQuery = Static<typeof JobListQuery>

export const JobPage = Page(Job)
export const RunPage = Page(Run)

export const RunFile = Type.Object({
  name: Type.String(),
  seq: Type.Integer(),
  rows: Type.Integer(),
  bytes: Type.Integer(),
  sm3: Type.String({ description: '文件（gzip 后）的 SM3 摘要' }),
  createdAt: DateTime,
})
export const RunFiles = Type.Object({ items: Type.Array(RunFile) })

export const UsableGrant = Type.Object({
  id: Uuid,
  resourceId: Uuid,
  resourceCode: Type.String(),
  resourceName: Nullable(Type.String()),
  providerOrgName: Nullable(Type.String()),
  deliveryMode: Type.Enum(['batch', 'file']),
  validUntil: DateTime,
  rowScope: Nullable(Type.Object({ field: Type.String(), regionCode: Type.String() })),
  fields: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      dataType: Type.String(),
      isKey: Type.Boolean(),
      masked: Type.Boolean(),
    }),
  ),
})
export type UsableGrant = Static<typeof UsableGrant>
export const UsableGrants = Type.Object({ items: Type.Array(UsableGrant) })

export const IdParams = Type.Object({ id: Uuid }, { additionalProperties: false })
export const FileParams = Type.Object(
  { id: Uuid, name: Type.String({ pattern: '^part-[0-9]{6}\\.(csv|jsonl)\\.gz$' }) },
  { additionalProperties: false },
)
