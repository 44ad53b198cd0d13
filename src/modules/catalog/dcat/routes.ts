import { Type } from 'typebox'
import type { Db } from '../../../platform/db/index.ts'
import { type AppInstance, PageQuery, pageWindow } from '../../../platform/http/index.ts'
import { toJsonLd, toTurtle } from './rdf.ts'
import { openCatalog } from './service.ts'

const HOST_RE = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/

/**
 * scheme://host the IRIs are built on: the deployment's public base URL when the app is given one, otherwise the
 * request's own host (a malformed Host header falls back to localhost rather than leaking into IRIs).
 */
function baseUrl(configured: string | undefined, request: { protocol: string; host: string }): string {
  if (configured) return configured.replace(/\/+$/, '')
  const host = HOST_RE.test(request.host) ? request.host : 'localhost'
  return `${request.protocol === 'https' ? 'https' : 'http'}://${host}`
}

function wantsTurtle(accept: string | undefined): boolean {
  if (!accept) return false
  const types = accept.split(',').map((part) => {
    const [type = '', ...params] = part.trim().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    return { type: type.trim().toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 }
  })
  const score = (names: string[]) =>
    Math.max(0, ...types.filter((x) => names.includes(x.type)).map((x) => x.q))
  const turtle = score(['text/turtle', 'application/x-turtle'])
  return turtle > 0 && turtle >= score(['application/ld+json', 'application/json'])
}

/** The open catalog as DCAT-AP 3, for anyone: JSON-LD by default, Turtle on `Accept: text/turtle`. */
export async function dcatRoutes(
  app: AppInstance,
  deps: { db: Db; secretKey: Buffer; publicBaseUrl?: string },
): Promise<void> {
  const { db } = deps
  app.get(
    '/api/v1/public/catalog/dcat',
    {
      config: { access: 'public' },
      schema: {
        tags: ['catalog'],
        summary: '开放目录（DCAT-AP 3，JSON-LD 或 Turtle，分页）',
        description:
          '返回已发布且非“不予开放”的数据资源。默认 application/ld+json；Accept: text/turtle 时返回 Turtle。' +
          '分页信息见响应头 X-Total-Count 与 Link（rel="next"/"prev"）。',
        security: [],
        querystring: PageQuery,
        response: {
          200: {
            description: 'DCAT-AP 3 目录',
            content: {
              'application/ld+json': {
                schema: Type.Object(
                  {
                    '@context': Type.Record(Type.String(), Type.String()),
                    '@graph': Type.Array(Type.Unknown()),
                  },
                  { additionalProperties: true },
                ),
              },
              'text/turtle': { schema: Type.String() },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const window = pageWindow(request.query)
      const base = baseUrl(deps.publicBaseUrl, request)
      const page = await openCatalog(db, base, window)
      const self = `${base}/api/v1/public/catalog/dcat`
      const links = []
      if (page.page > 1) links.push(`<${self}?page=${page.page - 1}&pageSize=${page.pageSize}>; rel="prev"`)
      if (page.page * page.pageSize < page.total)
        links.push(`<${self}?page=${page.page + 1}&pageSize=${page.pageSize}>; rel="next"`)
      reply.header('x-total-count', String(page.total)).header('vary', 'Accept')
      if (links.length) reply.header('link', links.join(', '))
      if (wantsTurtle(request.headers.accept)) {
        return reply.type('text/turtle; charset=utf-8').send(await toTurtle(page.nodes))
      }
      return reply.type('application/ld+json; charset=utf-8').send(JSON.stringify(toJsonLd(page.nodes)))
    },
  )
}
