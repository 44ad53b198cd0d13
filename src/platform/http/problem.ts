import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, type FieldIssue, type Lang, platformError } from '../errors.ts'

export function requestLang(header: string | string[] | undefined): Lang {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return 'zh-CN'
  // The first listed language wins; anything that is not English gets Chinese.
  const first = value.split(',')[0]?.trim().toLowerCase() ?? ''
  return first.startsWith('en') ? 'en' : 'zh-CN'
}

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail?: string
  code: string
  errors?: FieldIssue[]
  requestId: string
  [extra: string]: unknown
}

export function problemBody(error: DomainError, lang: Lang, requestId: string): ProblemBody {
  const en = lang === 'en'
  const body: ProblemBody = {
    type: `urn:shuhui:error:${error.code}`,
    title: en ? error.def.en : error.def.zh,
    status: error.status,
    code: error.code,
    requestId,
  }
  if (error.detail) body.detail = en ? error.detail.en : error.detail.zh
  if (error.fields?.length) {
    body.errors = error.fields.map((f) => ({
      field: f.field,
      message: en ? f.message : (f.messageZh ?? f.message),
    }))
  }
  if (error.extra) {
    for (const [k, v] of Object.entries(error.extra)) if (!(k in body)) body[k] = v
  }
  return body
}

interface AjvIssue {
  instancePath?: string
  message?: string
  keyword?: string
  params?: Record<string, unknown>
}

function fieldIssues(error: FastifyError): FieldIssue[] {
  const raw = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body'
  const context = raw === 'querystring' ? 'query' : raw
  return ((error.validation ?? []) as AjvIssue[]).map((issue) => {
    const path = (issue.instancePath ?? '').split('/').filter(Boolean)
    const params = issue.params ?? {}
    if (typeof params.missingProperty === 'string') path.push(params.missingProperty)
    if (typeof params.additionalProperty === 'string') path.push(params.additionalProperty)
    const field = [context, ...path].join('.')
    let message = issue.message ?? 'is invalid'
    if (issue.keyword === 'additionalProperties') message = 'is not an allowed field'
    if (issue.keyword === 'required') message = 'is required'
    return { field, message, messageZh: chineseMessage(issue) }
  })
}

function chineseMessage(issue: AjvIssue): string {
  const p = issue.params ?? {}
  switch (issue.keyword) {
    case 'required':
      return '必填'
    case 'additionalProperties':
      return '不允许的字段'
    case 'type':
      return `类型错误，应为 ${String(p.type ?? '')}`
    case 'minLength':
      return `长度不能少于 ${String(p.limit ?? '')}`
    case 'maxLength':
      return `长度不能超过 ${String(p.limit ?? '')}`
    case 'minimum':
      return `不能小于 ${String(p.limit ?? '')}`
    case 'maximum':
      return `不能大于 ${String(p.limit ?? '')}`
    case 'minItems':
      return `至少 ${String(p.limit ?? '')} 项`
    case 'maxItems':
      return `最多 ${String(p.limit ?? '')} 项`
    case 'uniqueItems':
      return '不能有重复项'
    case 'minProperties':
      return '至少提供一个字段'
    case 'pattern':
    case 'format':
      return '格式不正确'
    default:
      return '取值不在允许范围内'
  }
}

/** Maps anything thrown while handling a request to a DomainError; unknown errors become internal.error. */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error
  const fe = error as Partial<FastifyError>
  if (fe && typeof fe === 'object') {
    if (Array.isArray(fe.validation)) {
      const fields = fieldIssues(fe as FastifyError)
      return platformError('request.invalid', {
        fields,
        detail: {
          zh: `参数不合法：${fields.map((f) => f.field).join('、')}`,
          en: `Invalid: ${fields.map((f) => `${f.field} ${f.message}`).join('; ')}`,
        },
      })
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return platformError('request.malformed_json')
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return platformError('request.body_too_large')
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return platformError('request.unsupported_media_type')
    }
    const sqlState = (error as { code?: unknown; severity?: unknown }).severity ? String(fe.code ?? '') : ''
    // A database constraint is the last line of defence; when a race gets past the service checks the
    // client still learns it was their input, not a server fault.
    if (sqlState === '23505' || sqlState === '23503')
      return platformError('resource.conflict', { cause: error })
    if (sqlState.startsWith('22')) return platformError('request.invalid', { cause: error })
    if (error instanceof SyntaxError && fe.statusCode === 400) return platformError('request.malformed_json')
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (fe.statusCode === 404) return platformError('route.not_found')
      if (fe.statusCode === 413) return platformError('request.body_too_large')
      if (fe.statusCode === 415) return platformError('request.unsupported_media_type')
      return platformError('request.invalid', {
        detail: { zh: '请求不合法', en: fe.message ?? 'Bad request' },
      })
    }
  }
  return platformError('internal.error', { cause: error })
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: DomainError): FastifyReply {
  if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter))
  return reply
    .code(error.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemBody(error, requestLang(request.headers['accept-language']), request.id)))
}
