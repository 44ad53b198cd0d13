import { Type } from 'typebox'
import { MAX_PAGE_SIZE } from '../../../platform/http/index.ts'
import { CATEGORIES, UPDATE_FREQUENCIES } from '../../catalog/index.ts'

export const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

export const ResourceCodeParams = Type.Object({
  resourceCode: Type.String({
    minLength: 3,
    maxLength: 64,
    description: '资源代码，如 101001/000001（/ 写作 %2F）',
  }),
})

export const OpenResource = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  summary: Type.String(),
  category: Type.String(),
  format: Type.String(),
  openType: Type.String({ description: 'open 无条件开放，conditional 有条件开放' }),
  openCondition: Type.Union([Type.String(), Type.Null()]),
  updateFrequency: Type.String(),
  orgId: Type.String(),
  orgName: Type.String(),
  regionCode: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  lastDataUpdateAt: Type.Union([Type.String(), Type.Null()]),
})

const FacetValue = Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() })

export const OpenFacets = Type.Object({
  orgs: Type.Array(FacetValue),
  regions: Type.Array(FacetValue),
  openTypes: Type.Array(FacetValue),
  categories: Type.Array(FacetValue),
  updateFrequencies: Type.Array(FacetValue),
})

export const DownloadQuery = Type.Object({
  format: Type.Optional(Type.Enum(['csv', 'json', 'xlsx'], { default: 'csv' })),
})

export const OpenListQuery = Type.Object({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: Math.min(MAX_PAGE_SIZE, 100), default: 20 })),
  q: Type.Optional(Type.String({ maxLength: 100, description: '中文或拼音关键词' })),
  orgId: Type.Optional(Type.String({ format: 'uuid' })),
  regionCode: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })),
  category: Type.Optional(Type.Enum(CATEGORIES.map((c) => c.code))),
  openType: Type.Optional(Type.Enum(['open', 'conditional'])),
  updateFrequency: Type.Optional(Type.Enum(UPDATE_FREQUENCIES.map((c) => c.code))),
  sort: Type.Optional(Type.Enum(['relevance', 'updated', 'name'])),
})

export const OpenListPage = Type.Object({
  items: Type.Array(OpenResource),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  totalExact: Type.Boolean(),
  facets: OpenFacets,
})

export const Usage = Type.Object({
  views: Type.Integer(),
  downloads: Type.Integer(),
  apiCalls: Type.Integer(),
})

export const OpenFieldSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  dataType: Type.String(),
  description: Type.String(),
  masked: Type.Boolean({ description: '公开时是否脱敏' }),
})

export const ChartData = Type.Union([
  Type.Object({
    field: Type.String(),
    fieldName: Type.String(),
    measure: Type.Union([Type.String(), Type.Null()]),
    measureName: Type.Union([Type.String(), Type.Null()]),
    sampled: Type.Integer({ description: '参与统计的行数（前若干行）' }),
    points: Type.Array(Type.Object({ label: Type.String(), value: Type.Number() })),
  }),
  Type.Null(),
])

export const ResourcePage = Type.Object({
  resource: OpenResource,
  fields: Type.Array(OpenFieldSchema),
  usage: Usage,
  downloadable: Type.Boolean({ description: '无条件开放且已有数据时可直接下载' }),
  dataAvailable: Type.Boolean(),
  dataUpdatedAt: Type.Union([Type.String(), Type.Null()], {
    description: '数据更新时间：托管数据为最近一次载入，外部库挂接的资源为开放数据镜像的复制时间',
  }),
  mirror: Type.Union([
    Type.Object({
      status: Type.Enum(['pending', 'running', 'ready', 'failed', 'too_large'], {
        description: '最近一次刷新的状态；已有副本时照常提供数据',
      }),
      rows: Type.Union([Type.Integer(), Type.Null()]),
      refreshedAt: Type.Union([Type.String(), Type.Null()]),
    }),
    Type.Null(),
  ]),
  unavailableReason: Type.Union([
    Type.Enum(['portal.data_unavailable', 'portal.mirror_not_ready']),
    Type.Null(),
  ]),
  formats: Type.Array(Type.String()),
  dcatUrl: Type.String(),
  apiUrl: Type.String(),
  preview: Type.Object({
    rows: Type.Array(Type.Record(Type.String(), Cell)),
    masked: Type.Array(Type.String()),
  }),
  chart: ChartData,
})

export const PortalHome = Type.Object({
  totals: Type.Object({
    resources: Type.Integer(),
    open: Type.Integer(),
    conditional: Type.Integer(),
    orgs: Type.Integer(),
  }),
  mostUsed: Type.Array(Type.Object({ resource: OpenResource, usage: Usage })),
  newest: Type.Array(OpenResource),
  categories: Type.Array(FacetValue),
})
