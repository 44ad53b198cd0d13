import type { FastifyReply, FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { type AppInstance, toDomainError } from '../../../platform/http/index.ts'
import { newId } from '../../../platform/ids.ts'
import { RESOURCE_CODE_RE } from '../../catalog/index.ts'
import type { SharingDeps } from '../deps.ts'
import { gatewayError } from './errors.ts'
import { type CallState, Gateway, MAX_LIMIT } from './gateway.ts'
import { beijingDay } from './limits.ts'
import { usageRoutes } from './usage-routes.ts'

const Cell = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])

const GatewayQuery = Type.Object(
  {
    fields: Type.Optional(
      Type.String({ maxLength: 2000, description: '逗号分隔的信息项代码；省略时返回全部已授权信息项' }),
    ),
    limit: Type.Optional(
      Type.Integer({ minimum: 1, maximum: MAX_LIMIT, description: `每页行数（默认 20，最多 ${MAX_LIMIT}）` }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: '上一页返回的 nextCursor' })),
  },
  {
    additionalProperties: Type.String({ maxLength: 200 }),
    maxProperties: 12,
    description: '其余参数为主键过滤条件：<主键信息项代码>=<取值>（可多个，按“且”组合）',
  },
)

const GatewayResponse = Type.Object({
  items: Type.Array(Type.Record(Type.String(), Cell), { description: '按授权信息项返回，已按分级脱敏' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: '下一页游标；null 表示没有更多' }),
  masked: Type.Array(Type.String(), { description: '本次脱敏的信息项' }),
})

const DESCRIPTION =
  '凭 API 应用访问令牌（POST /api/v1/oauth/token）或签名请求头（X-Shuhui-AppKey、X-Shuhui-Timestamp、' +
  'X-Shuhui-Nonce、X-Shuhui-Signature，见 docs/gateway.md）调用。只返回已授权信息项与行范围内的数据，' +
  '超出每秒频率或每日限额返回 429 与 Retry-After。每次调用都记录并纳入审计链。'

const states = new WeakMap<FastifyRequest, CallState>()

function codeOf(params: unknown): string {
  const p = (params ?? {}) as { resourceCode?: string; classCode?: string; seq?: string }
  return p.resourceCode ?? `${p.classCode ?? ''}/${p.seq ?? ''}`
}

function newState(): CallState {
  return {
    fields: [],
    filterFields: [],
    keyHashes: [],
    rowsReturned: 0,
    counted: false,
    errorCode: null,
  }
}

export async function gatewayRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const gateway = new Gateway(deps.db, deps.config, app.log)
  gateway.log.start(deps.config.gatewayLogFlushMs)
  app.addHook('onClose', async () => {
    await gateway.close()
  })

  // Credentials are checked before the query is validated, so an anonymous caller always learns 401 first.
  // Callback-style hooks: a bearer call (the common case) needs no promise here.
  const authenticate = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
    // Machine-to-machine JSON carrying personal data: never cached, never sniffed. The browser-page headers of
    // helmet (CSP, frame and opener policies) mean nothing here and cost ~8 µs a call (ADR 0006).
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff')
    const state = newState()
    states.set(request, state)
    const bearer = gateway.credentials.fromBearer(request)
    if (bearer) {
      state.caller = bearer
      done()
      return
    }
    gateway.credentials.authenticate(request, codeOf(request.params)).then(
      (caller) => {
        state.caller = caller
        done()
      },
      (error: Error) => done(error),
    )
  }
  const noteError = async (request: FastifyRequest, _reply: FastifyReply, error: Error) => {
    const state = states.get(request)
    if (state) state.errorCode = toDomainError(error).code
  }
  const logCall = (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const state = states.get(request) ?? newState()
    const now = Date.now()
    const { caller, resource, grant } = state
    gateway.log.push({
      id: newId(),
      calledAt: now,
      day: beijingDay(now),
      authMethod: caller?.method ?? 'none',
      appId: caller?.appId ?? null,
      clientId: caller?.clientId ?? null,
      consumerOrgId: caller?.orgId ?? null,
      consumerRegionCode: caller?.regionCode ?? null,
      resourceId: resource?.id ?? null,
      resourceCode: resource?.code ?? null,
      providerOrgId: resource?.orgId ?? null,
      providerRegionCode: resource?.regionCode ?? null,
      grantId: grant?.id ?? null,
      purpose: grant?.purpose ?? null,
      fields: state.fields,
      filterFields: state.filterFields,
      keyHashes: state.keyHashes,
      rowsReturned: state.rowsReturned,
      status: reply.statusCode,
      errorCode: reply.statusCode >= 400 ? (state.errorCode ?? 'request.invalid') : null,
      latencyMs: Math.round(reply.elapsedTime * 100) / 100,
      requestId: request.id,
      counted: state.counted,
    })
    done()
  }

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const state = states.get(request)
    if (!state?.caller) throw gatewayError('gateway.credentials_missing')
    const code = codeOf(request.params)
    if (!RESOURCE_CODE_RE.test(code)) throw gatewayError('gateway.resource_not_found')
    const query = request.query as Readonly<Record<string, string | number | undefined>>
    const result = await gateway.call(state.caller, code, query, state)
    // Rows are open-ended records: V8's JSON.stringify beats the schema serializer here (the schema still
    // documents the shape).
    return reply.type('application/json; charset=utf-8').send(JSON.stringify(result))
  }

  const common = {
    config: { access: 'public' as const },
    helmet: false as const,
    // Every call is in the gateway call log already; per-request access lines at info level would double it.
    logLevel: 'warn' as const,
    onRequest: authenticate,
    onError: noteError,
    onResponse: logCall,
  }
  app.get(
    '/gw/v1/:resourceCode',
    {
      ...common,
      schema: {
        tags: ['gateway'],
        summary: '数据网关：按授权查询数据资源（资源代码中的 / 写作 %2F）',
        description: DESCRIPTION,
        params: Type.Object({
          resourceCode: Type.String({ maxLength: 64, description: '如 101001/000001' }),
        }),
        querystring: GatewayQuery,
        response: { 200: GatewayResponse },
      },
    },
    handler,
  )
  app.get(
    '/gw/v1/:classCode/:seq',
    {
      ...common,
      schema: {
        tags: ['gateway'],
        summary: '数据网关：按授权查询数据资源（资源代码分两段写在路径中）',
        description: DESCRIPTION,
        params: Type.Object({
          classCode: Type.String({ maxLength: 40, description: '类+项+目+细目，如 101001' }),
          seq: Type.String({ maxLength: 20, description: '顺序码，如 000001' }),
        }),
        querystring: GatewayQuery,
        response: { 200: GatewayResponse },
      },
    },
    handler,
  )

  await usageRoutes(app, deps, gateway)
}
