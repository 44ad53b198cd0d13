/** HTTP shapes of the point-to-point channel registry and of the fulfilment statistics. */
import { type Static, Type } from 'typebox'
import { DateString, Nullable, RegionCode, Uuid } from './schemas.ts'

export const ChannelProtocol = Type.Enum(['api', 'database', 'ftp', 'file', 'mq', 'other'], {
  description: 'api 接口，database 数据库直连，ftp 文件传输，file 介质拷贝，mq 消息队列，other 其他',
})
export const ChannelStatus = Type.Enum(['active', 'retired'], {
  description: 'active 在用，retired 已由枢纽替代',
})

export const ChannelCreate = Type.Object(
  {
    name: Type.String({ minLength: 2, maxLength: 100 }),
    providerOrgId: Uuid,
    consumerOrgId: Uuid,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    protocol: ChannelProtocol,
    grantId: Type.Optional(
      Type.String({ format: 'uuid', description: '替代该通道的共享授权（填写即视为已退役）' }),
    ),
  },
  { additionalProperties: false },
)
export type ChannelCreate = Static<typeof ChannelCreate>

export const ChannelPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 2, maxLength: 100 })),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    protocol: Type.Optional(ChannelProtocol),
    grantId: Type.Optional(
      Nullable(Type.String({ format: 'uuid', description: '关联替代授权即退役；置 null 恢复在用' })),
    ),
  },
  { additionalProperties: false },
)
export type ChannelPatch = Static<typeof ChannelPatch>

export const ChannelView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  providerOrgId: Type.String(),
  providerOrgName: Type.String(),
  providerRegionCode: Type.String(),
  consumerOrgId: Type.String(),
  consumerOrgName: Type.String(),
  consumerRegionCode: Type.String(),
  description: Type.String(),
  protocol: ChannelProtocol,
  status: ChannelStatus,
  grantId: Nullable(Type.String()),
  retiredAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  canEdit: Type.Boolean(),
})
export type ChannelView = Static<typeof ChannelView>

const RetiredCounts = {
  total: Type.Integer(),
  retired: Type.Integer(),
  retiredPct: Nullable(Type.Number({ description: '退役率 %（一位小数），无通道时为 null' })),
}

export const ChannelStatsView = Type.Object({
  regionCode: Nullable(Type.String()),
  regions: Type.Array(
    Type.Object({ regionCode: Type.String(), regionName: Type.String(), ...RetiredCounts }),
  ),
  total: Type.Object(RetiredCounts),
})

const Metrics = {
  requests: Type.Integer({ description: '申请数' }),
  pending: Type.Integer({ description: '待审核' }),
  overdue: Type.Integer({ description: '待审核且已超期' }),
  escalated: Type.Integer({ description: '已超期升级至数据局' }),
  approved: Type.Integer(),
  rejected: Type.Integer(),
  withdrawn: Type.Integer(),
  disputed: Type.Integer(),
  decided: Type.Integer({ description: '已办结（同意 + 不同意）' }),
  fulfilmentRate: Nullable(Type.Number({ description: '满足率 %（同意 / 已办结）' })),
  reviewed: Type.Integer({ description: '经审核的有条件申请（已答复）' }),
  onTime: Type.Integer({ description: '按期答复数' }),
  onTimeRate: Nullable(Type.Number({ description: '按期答复率 %' })),
  avgDecisionWorkingDays: Nullable(Type.Number({ description: '平均答复用时（工作日）' })),
}

export const StatsQuery = Type.Object(
  {
    by: Type.Optional(Type.Enum(['org', 'region', 'month'], { description: '按提供单位、地区或月份分组' })),
    regionCode: Type.Optional(RegionCode),
    from: Type.Optional(DateString),
    to: Type.Optional(DateString),
  },
  { additionalProperties: false },
)

export const StatsView = Type.Object({
  by: Type.Enum(['org', 'region', 'month']),
  regionCode: Nullable(Type.String()),
  orgId: Nullable(Type.String()),
  groups: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      regionCode: Nullable(Type.String()),
      ...Metrics,
    }),
  ),
  total: Type.Object(Metrics),
})
