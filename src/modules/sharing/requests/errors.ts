import { defineErrors } from '../../../platform/errors.ts'

/** Share requests, grants and channels. Codes are permanent: never reuse one for another meaning. */
export const requestError = defineErrors({
  'sharing.resource_not_shareable': {
    status: 422,
    zh: '该数据资源为不予共享，不能申请',
    en: 'The resource is not shareable (share type none)',
  },
  'sharing.resource_unavailable': {
    status: 409,
    zh: '该数据资源未发布，暂不能申请共享',
    en: 'Only published resources can be requested',
  },
  'sharing.stats_forbidden': {
    status: 403,
    zh: '无权查看该地区的共享统计',
    en: 'You may not see the statistics of this region',
  },
  'share_request.not_found': { status: 404, zh: '共享申请不存在', en: 'No such share request' },
  'share_request.invalid': {
    status: 400,
    zh: '共享申请内容不完整或不合法',
    en: 'The share request is incomplete or invalid',
  },
  'share_request.forbidden': {
    status: 403,
    zh: '无权办理该共享申请',
    en: 'You may not act on this share request',
  },
  'share_request.own_resource': {
    status: 422,
    zh: '不能申请本单位自己的数据资源',
    en: 'An org cannot request its own resource',
  },
  'share_request.app_invalid': {
    status: 422,
    zh: '所选应用不属于申请单位或已停用',
    en: 'The app does not belong to the requesting org or is disabled',
  },
  'share_request.duplicate': {
    status: 409,
    zh: '该应用对此资源已有办理中的申请',
    en: 'This app already has an open request for this resource',
  },
  'share_request.transition_invalid': {
    status: 409,
    zh: '共享申请当前状态不允许此操作',
    en: 'This step is not allowed in the current state of the request',
  },
  'share_request.already_arbitrated': {
    status: 409,
    zh: '该申请已经数据局裁决，不能再次申诉',
    en: 'The bureau has already arbitrated this request',
  },
  'share_request.period_passed': {
    status: 409,
    zh: '申请的使用期限已过，不能再授权',
    en: 'The requested period has already ended',
  },
  'share_grant.not_found': { status: 404, zh: '共享授权不存在', en: 'No such grant' },
  'share_grant.forbidden': { status: 403, zh: '无权变更该共享授权', en: 'You may not change this grant' },
  'share_grant.transition_invalid': {
    status: 409,
    zh: '共享授权当前状态不允许此操作',
    en: 'This step is not allowed in the current state of the grant',
  },
  'share_grant.revoked': {
    status: 409,
    zh: '共享授权已撤销，撤销不可恢复',
    en: 'The grant is revoked; revocation is final',
  },
  'share_grant.invalid': { status: 400, zh: '请求内容不合法', en: 'Invalid input' },
  'share_channel.not_found': { status: 404, zh: '点对点通道不存在', en: 'No such channel' },
  'share_channel.invalid': {
    status: 400,
    zh: '点对点通道信息不完整或不合法',
    en: 'The channel is incomplete or invalid',
  },
  'share_channel.forbidden': {
    status: 403,
    zh: '无权登记或修改该通道',
    en: 'You may not manage this channel',
  },
  'share_channel.name_taken': {
    status: 409,
    zh: '这两个单位之间已有同名通道',
    en: 'A channel with this name already links these orgs',
  },
  'share_channel.grant_mismatch': {
    status: 422,
    zh: '所选共享授权与通道的提供方、使用方不一致或已撤销',
    en: 'The grant does not join the same provider and consumer, or it is revoked',
  },
})
