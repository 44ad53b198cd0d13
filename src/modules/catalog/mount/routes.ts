import multipart from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Db } from '../../../platform/db/index.ts'
import { DomainError, platformError } from '../../../platform/errors.ts'
import { type AppInstance, requestContext } from '../../../platform/http/index.ts'
import type { FileFormat } from '../../datastore/index.ts'
import { provideMountColumns } from '../checks/mount-columns.ts'
import { mountedColumns } from './columns.ts'
import { mountError } from './errors.ts'
import { IDENT } from './external.ts'
import { previewData } from './preview.ts'
import { assertMayMount, mountExternal, unmount, uploadData } from './service.ts'
import { getMount } from './view.ts'

/** A million rows of a wide table fit; past this the upload is cut and refused (413). */
export const MAX_DATA_UPLOAD_BYTES = 1024 * 1024 * 1024

const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(s: T) => Type.Union([s, Type.Null()])

const Problem = Type.Object({
  row: Type.Integer(),
  column: Nullable(Type.String()),
  message: Type.String(),
  messageZh: Type.String(),
})

const LoadView = Type.Object({
  id: Type.String(),
  format: Type.Enum(['csv', 'xlsx', 'jsonl']),
  status: Type.Enum(['running', 'succeeded', 'failed']),
  rowsRead: Type.Integer(),
  rowsLoaded: Type.Integer(),
  rowsRejected: Type.Integer(),
  error: Nullable(Type.String()),
  problems: Type.Array(Problem),
  startedAt: Type.String(),
  updatedAt: Type.String(),
  finishedAt: Nullable(Type.String()),
})

const MountView = Type.Object({
  resourceId: Type.String(),
  status: Type.Enum(['unmounted', 'mounted', 'error']),
  kind: Nullable(Type.Enum(['datastore', 'postgres', 'http'])),
  config: Nullable(Type.Record(Type.String(), Type.Unknown())),
  rowCount: Nullable(Type.Integer()),
  lastLoadedAt: Nullable(Type.String()),
  lastDataUpdateAt: Nullable(Type.String()),
  error: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
  lastLoad: Nullable(LoadView),
})

const MountBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('postgres'),
      url: Type.String({
        minLength: 1,
        maxLength: 2000,
        description: 'postgres://user:password@host:port/db',
      }),
      table: Type.String({ pattern: IDENT }),
      schema: Type.Optional(Type.String({ pattern: IDENT })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('http'), url: Type.String({ minLength: 1, maxLength: 2000 }) },
    { additionalProperties: false },
  ),
])

const UploadQuery = Type.Object(
  {
    format: Type.Optional(Type.Enum(['csv', 'xlsx', 'jsonl'], { description: '缺省时按文件扩展名判断' })),
    encoding: Type.Optional(Type.Enum(['utf8', 'gbk'], { description: 'CSV/JSONL 文本编码，默认 utf8' })),
    mode: Type.Optional(
      Type.Enum(['reject', 'skip'], {
        description: 'reject（默认）：有任何不合格行则整个文件不载入；skip：跳过不合格行并计数',
      }),
    ),
  },
  { additionalProperties: false },
)

const CellValue = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])
const Preview = Type.Object({
  kind: Type.Enum(['datastore', 'postgres', 'http']),
  columns: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), dataType: Type.String() })),
  rows: Type.Array(Type.Record(Type.String(), CellValue)),
  masked: Type.Array(Type.String()),
})

const EXTENSIONS: Record<string, FileFormat> = { csv: 'csv', xlsx: 'xlsx', jsonl: 'jsonl', ndjson: 'jsonl' }

function formatOf(asked: FileFormat | undefined, fileName: string): FileFormat {
  if (asked) return asked
  const ext = /\.([A-Za-z]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? ''
  const format = EXTENSIONS[ext]
  if (!format)
    throw mountError('catalog.mount_invalid', {
      fields: [
        {
          field: 'query.format',
          message: 'is required when the file name does not end in .csv, .xlsx or .jsonl',
          messageZh: '无法从文件名判断格式，请指定 format=csv|xlsx|jsonl',
        },
      ],
    })
  return format
}

/** Multipart problems other than our own refusals: a cut or malformed upload is the client's. */
function uploadProblem(error: unknown): unknown {
  if (error instanceof DomainError) return error
  const status = (error as { statusCode?: unknown }).statusCode
  if (status === 413) return platformError('request.body_too_large', { cause: error })
  if (typeof status === 'number' && status >= 400 && status < 500)
    return mountError('catalog.mount_file_invalid', {
      detail: { zh: '上传内容不完整或格式错误', en: 'The upload is malformed or incomplete' },
      cause: error,
    })
  return error
}

interface UploadOptions {
  format?: FileFormat | undefined
  encoding?: 'utf8' | 'gbk' | undefined
  mode?: 'reject' | 'skip' | undefined
}

async function handleUpload(db: Db, request: FastifyRequest, id: string, query: UploadOptions) {
  const ctx = requestContext(request)
  // Permission first: nobody's bytes are read for a resource they may not load.
  await assertMayMount(db, ctx, id)
  if (!request.isMultipart())
    throw platformError('request.unsupported_media_type', {
      detail: {
        zh: '请以 multipart/form-data 上传数据文件（字段名 file）',
        en: 'Upload the data file as multipart/form-data (field "file")',
      },
    })
  let part: Awaited<ReturnType<FastifyRequest['file']>>
  try {
    part = await request.file({ limits: { fileSize: MAX_DATA_UPLOAD_BYTES, files: 1 } })
  } catch (error) {
    throw uploadProblem(error)
  }
  if (!part)
    throw mountError('catalog.mount_file_invalid', {
      detail: { zh: '缺少数据文件（字段名 file）', en: 'No file part' },
    })
  const file = part.file
  try {
    return await uploadData(db, ctx, id, {
      format: formatOf(query.format, part.filename),
      encoding: query.encoding ?? 'utf8',
      mode: query.mode ?? 'reject',
      fileName: part.filename,
      stream: file,
      truncated: () => file.truncated,
    })
  } catch (error) {
    throw uploadProblem(error)
  } finally {
    // Whatever stopped the load, the rest of the upload is read off so the connection stays usable.
    if (!file.readableEnded) file.resume()
  }
}

/** Mounting (挂接) and preview of a resource's real data; registered by catalogRoutes. */
export async function mountRoutes(
  app: AppInstance,
  deps: { db: Db; secretKey: Buffer; allowedHosts?: readonly string[] },
): Promise<void> {
  const { db, secretKey } = deps
  // The catalog checks compare declared fields with the real columns through this hook.
  provideMountColumns(mountedColumns)

  app.get(
    '/api/v1/catalog/resources/:id/mount',
    {
      schema: {
        tags: ['catalog'],
        summary: '挂接状态（方式、配置（不含密钥）、最近一次载入进度）',
        params: IdParams,
        response: { 200: MountView },
      },
    },
    async (request) => getMount(db, requestContext(request), request.params.id),
  )

  app.put(
    '/api/v1/catalog/resources/:id/mount',
    {
      schema: {
        tags: ['catalog'],
        summary: '挂接外部数据库表或外部接口（连接串加密保存，不回显）',
        params: IdParams,
        body: MountBody,
        response: { 200: MountView },
      },
    },
    async (request) =>
      mountExternal(
        db,
        secretKey,
        requestContext(request),
        request.params.id,
        request.body,
        deps.allowedHosts ?? [],
      ),
  )

  app.delete(
    '/api/v1/catalog/resources/:id/mount',
    {
      schema: { tags: ['catalog'], summary: '取消挂接', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await unmount(db, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.get(
    '/api/v1/catalog/resources/:id/preview',
    {
      schema: {
        tags: ['catalog'],
        summary: '数据预览（前 50 行，敏感信息项已脱敏）',
        params: IdParams,
        response: { 200: Preview },
      },
    },
    async (request) => previewData(db, secretKey, requestContext(request), request.params.id),
  )

  // Multipart parsing lives in its own encapsulated scope so that no other route accepts uploads.
  await app.register(async (scope: AppInstance) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_DATA_UPLOAD_BYTES, files: 1, fields: 10, parts: 20, fieldSize: 1024 },
    })
    scope.post(
      '/api/v1/catalog/resources/:id/mount/upload',
      {
        schema: {
          tags: ['catalog'],
          summary: '上传数据文件（CSV、XLSX、JSON Lines）挂接到平台数据表；流式载入，重传即整体替换',
          description:
            'multipart/form-data，字段 file。表头须与信息项代码或名称一致；类型与长度逐格检查。默认任何不合格行都使整个文件不载入（400 catalog.mount_file_invalid，前 100 个问题在 problems 中）；mode=skip 时跳过并计数。载入期间可用 GET …/mount 查看进度。',
          consumes: ['multipart/form-data'],
          params: IdParams,
          querystring: UploadQuery,
          body: {
            content: {
              'multipart/form-data': {
                // No `type`/`required`: the handler reads the stream, so the validator must accept an unread body.
                schema: Type.Unsafe<unknown>({
                  anyOf: [
                    {
                      type: 'object',
                      properties: { file: { type: 'string', format: 'binary', description: '数据文件' } },
                    },
                    { type: 'null' },
                  ],
                }),
              },
            },
          },
          response: { 200: MountView },
        },
      },
      async (request) => handleUpload(db, request, request.params.id, request.query),
    )
  })
}
