import { defineErrors } from '../../platform/errors.ts'

export const identityError = defineErrors({
  'auth.invalid_credentials': { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  'auth.too_many_attempts': {
    status: 429,
    zh: '登录失败次数过多，请稍后再试',
    en: 'Too many failed logins; try again later',
  },
  'auth.account_disabled': { status: 403, zh: '账号已停用', en: 'The account is disabled' },
  'auth.password_weak': {
    status: 400,
    zh: '新密码至少 8 位，且须同时包含字母和数字',
    en: 'The new password needs at least 8 characters with letters and digits',
  },
  'auth.enterprise_pending': {
    status: 403,
    zh: '企业注册尚待数据局认证，认证通过后方可登录',
    en: 'The enterprise registration awaits verification by the data bureau',
  },
  'auth.enterprise_rejected': {
    status: 403,
    zh: '企业注册未通过认证',
    en: 'The enterprise registration was rejected',
  },
  'auth.password_wrong': { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  'region.not_found': { status: 404, zh: '行政区划不存在', en: 'No such region' },
  'org.not_found': { status: 404, zh: '单位不存在', en: 'No such organization' },
  'org.credit_code_invalid': {
    status: 400,
    zh: '统一社会信用代码不合法',
    en: 'Invalid unified social credit code',
  },
  'org.credit_code_taken': {
    status: 409,
    zh: '统一社会信用代码已被其他单位使用',
    en: 'The credit code is already used by another organization',
  },
  'org.name_taken': {
    status: 409,
    zh: '同一行政区划内已有同名单位',
    en: 'An organization with this name exists in the region',
  },
  'org.parent_invalid': {
    status: 400,
    zh: '上级单位不合法（不存在、形成循环或不在管辖范围内）',
    en: 'Invalid parent organization (missing, cyclic or out of scope)',
  },
  'org.out_of_scope': {
    status: 403,
    zh: '该单位不在您的管辖范围内',
    en: 'This organization is outside your scope',
  },
  'user.not_found': { status: 404, zh: '用户不存在', en: 'No such user' },
  'user.username_taken': { status: 409, zh: '用户名已被使用', en: 'The username is taken' },
  'user.role_not_allowed': {
    status: 403,
    zh: '您无权授予该角色或管辖范围',
    en: 'You may not grant this role or scope',
  },
  'user.self_change_forbidden': {
    status: 400,
    zh: '不能停用自己或修改自己的角色',
    en: 'You cannot disable yourself or change your own roles',
  },
  'org.type_locked': {
    status: 409,
    zh: '企业类型只能由企业注册产生，不能与其他单位类型互换',
    en: 'The enterprise type comes only from self-registration and cannot be exchanged with another type',
  },
  'enterprise.invalid': {
    status: 422,
    zh: '企业注册信息不完整或不正确',
    en: 'The enterprise registration is incomplete or invalid',
  },
  'enterprise.rate_limited': {
    status: 429,
    zh: '注册提交过于频繁，请稍后再试',
    en: 'Too many registrations from this address; try again later',
  },
  'enterprise.not_found': { status: 404, zh: '企业不存在', en: 'No such enterprise' },
  'enterprise.already_decided': {
    status: 409,
    zh: '该企业已完成认证处理',
    en: 'This enterprise has already been verified or rejected',
  },
  'app.not_found': { status: 404, zh: '应用不存在', en: 'No such app' },
  'app.name_taken': {
    status: 409,
    zh: '本单位已有同名应用',
    en: 'The organization already has an app with this name',
  },
  'oauth.invalid_client': { status: 401, zh: '客户端认证失败', en: 'Client authentication failed' },
  'oauth.unsupported_grant_type': {
    status: 400,
    zh: '不支持的授权类型',
    en: 'Unsupported grant_type; use client_credentials',
  },
  'oauth.invalid_request': { status: 400, zh: '令牌请求不完整', en: 'The token request is incomplete' },
})
