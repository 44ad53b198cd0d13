import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import type { Config } from '../config.ts'
import { newId } from '../ids.ts'
import { type AuthResolver, installAuth } from './auth.ts'
import { sendProblem, toDomainError } from './problem.ts'

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{8,80}$/

export interface HttpOptions {
  readonly config: Config
  readonly auth: AuthResolver
  /** Test runs pass false to keep output clean. */
  readonly logger?: boolean
  /** Where log lines go (default stdout); tests capture them to prove nothing sensitive is logged. */
  readonly logStream?: { write(line: string): void }
}

/** Log the path only: query strings can carry ID numbers and tokens. */
function safeUrl(url: string): string {
  const q = url.indexOf('?')
  return q === -1 ? url : `${url.slice(0, q)}?…`
}

export async function createHttpServer(options: HttpOptions): Promise<AppInstance> {
  const { config } = options
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: safeUrl(req.url),
              }),
            },
          },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: (req) => {
      const header = req.headers['x-request-id']
      return typeof header === 'string' && REQUEST_ID_RE.test(header) ? header : newId()
    },
    ajv: {
      customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true },
    },
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Set on arrival rather than in an async onSend hook: errors keep it (Fastify drops only content headers), and
  // a callback hook costs no promise on every request.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })

  app.setErrorHandler((error, request, reply) => {
    const domain = toDomainError(error)
    if (domain.status >= 500) request.log.error({ err: error }, 'request failed')
    return sendProblem(request, reply, domain)
  })

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
      },
    },
  })
  await app.register(cookie)
  await app.register(formbody)
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Shuhui 数惠 API',
        version: '1',
        description:
          '公共数据资源平台接口。Errors are RFC 9457 application/problem+json with a stable `code`; see docs/errors.md.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Login token or API app access token' },
          session: { type: 'apiKey', in: 'cookie', name: 'shuhui_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  })
  // Swagger UI's own asset routes are documentation, readable by anyone.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...(route.config ?? {}), access: 'public' }
    })
    await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true })
  })

  installAuth(app, options.auth)

  app.get('/api/v1/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  )

  return app
}
