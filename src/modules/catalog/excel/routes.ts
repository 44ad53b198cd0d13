import multipart from '@fastify/multipart'
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import type { Db } from '../../../platform/db/index.ts'
import { platformError } from '../../../platform/errors.ts'
import { type AppInstance, requestContext } from '../../../platform/http/index.ts'
import { ResourceListQuery } from '../routes.ts'
import { excelError } from './errors.ts'
import { exportCatalog } from './export.ts'
import { importCatalog } from './import.ts'
import { templateWorkbook } from './write.ts'

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const Problem = Type.Object({
  sheet: Type.Union([Type.String(), Type.Null()]),
  row: Type.Union([Type.Integer(), Type.Null()]),
  column: Type.Union([Type.String(), Type.Null()], { description: '列字母，如 I' }),
  header: Type.Union([Type.String(), Type.Null()]),
  message: Type.String(),
})

export const ImportReport = Type.Object({
  orgId: Type.String({ format: 'uuid' }),
  mode: Type.Enum(['allOrNothing', 'skipInvalid']),
  dryRun: Type.Boolean(),
  rejected: Type.Boolean({ description: '全部成功才导入模式下因存在问题而未写入' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  skipped: Type.Integer(),
  problems: Type.Array(Problem),
  resources: Type.Array(
    Type.Object({
      sheet: Type.String(),
      row: Type.Integer(),
      id: Type.Union([Type.String(), Type.Null()]),
      code: Type.Union([Type.String(), Type.Null()]),
      name: Type.String(),
      action: Type.Enum(['created', 'updated', 'skipped']),
    }),
  ),
})

const ImportQuery = Type.Object(
  {
    mode: Type.Optional(
      Type.Enum(['allOrNothing', 'skipInvalid'], {
        description: 'allOrNothing（默认）：有任何问题则不写入；skipInvalid：导入有效资源，报告其余',
      }),
    ),
    orgId: Type.Optional(Type.String({ format: 'uuid', description: '提供单位，默认为当前用户所在单位' })),
    dryRun: Type.Optional(Type.Boolean({ description: '只检查不写入（导入向导的报告步骤）' })),
  },
  { additionalProperties: false },
)

/** A Chinese file name for browsers that read filename*, an ASCII one for those that do not. */
function attachment(name: string, ascii: string): string {
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`
}

/** The one uploaded file, or a 4xx: not multipart, no `file` part, too large, malformed stream. */
async function uploadedFile(request: FastifyRequest): Promise<Buffer> {
  if (!request.isMultipart())
    throw platformError('request.unsupported_media_type', {
      detail: {
        zh: '请以 multipart/form-data 上传 .xlsx 文件（字段名 file）',
        en: 'Upload the .xlsx file as multipart/form-data (field "file")',
      },
    })
  try {
    const part = await request.file()
    if (part?.fieldname !== 'file')
      throw excelError('catalog.import_file_invalid', {
        detail: { zh: '缺少文件（字段名 file）', en: 'No file part named "file"' },
      })
    return await part.toBuffer()
  } catch (error) {
    const status = (error as { statusCode?: unknown }).statusCode
    if (status === 413) throw platformError('request.body_too_large', { cause: error })
    if (error instanceof Error && error.name === 'DomainError') throw error
    throw excelError('catalog.import_file_invalid', {
      detail: { zh: '上传内容不完整或格式错误', en: 'The upload is malformed or incomplete' },
      cause: error,
    })
  }
}

/** Template, import and export of the catalogue as Excel; registered by catalogRoutes. */
export async function excelRoutes(app: AppInstance, deps: { db: Db; secretKey: Buffer }): Promise<void> {
  const { db } = deps

  app.get(
    '/api/v1/catalog/template.xlsx',
    {
      schema: {
        tags: ['catalog'],
        summary: '下载数据资源目录导入模板（Excel）',
        produces: [XLSX],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      },
    },
    async (_request, reply) =>
      reply
        .type(XLSX)
        .header('content-disposition', attachment('数据资源目录导入模板.xlsx', 'catalog-template.xlsx'))
        .send(await templateWorkbook()),
  )

  app.get(
    '/api/v1/catalog/export.xlsx',
    {
      schema: {
        tags: ['catalog'],
        summary: '导出数据资源目录（Excel，与导入模板同格式；条件同目录列表）',
        querystring: ResourceListQuery,
        produces: [XLSX],
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...query } = request.query
      const bytes = await exportCatalog(db, request.actor, query)
      const day = new Date().toISOString().slice(0, 10)
      return reply
        .type(XLSX)
        .header('content-disposition', attachment(`数据资源目录-${day}.xlsx`, `catalog-${day}.xlsx`))
        .send(bytes)
    },
  )

  // Multipart parsing lives in its own encapsulated scope so that no other route accepts uploads.
  await app.register(async (scope: AppInstance) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, parts: 20, fieldSize: 1024 },
    })
    scope.post(
      '/api/v1/catalog/import',
      {
        schema: {
          tags: ['catalog'],
          summary: '从 Excel 批量导入数据资源目录（两表或单表格式；默认全部成功才导入）',
          description:
            'multipart/form-data，字段 file 为 .xlsx（≤ 20 MiB）。有问题且为默认模式时返回 422 catalog.import_rejected，报告在 `report` 成员中。',
          consumes: ['multipart/form-data'],
          querystring: ImportQuery,
          body: {
            content: {
              'multipart/form-data': {
                // No `type`/`required`: the handler reads the stream, so the validator must accept an unread body.
                schema: Type.Unsafe<unknown>({
                  anyOf: [
                    {
                      type: 'object',
                      properties: { file: { type: 'string', format: 'binary', description: '.xlsx 文件' } },
                    },
                    { type: 'null' },
                  ],
                }),
              },
            },
          },
          response: { 200: ImportReport },
        },
      },
      async (request) => {
        const bytes = await uploadedFile(request)
        return importCatalog(db, requestContext(request), bytes, {
          orgId: request.query.orgId,
          mode: request.query.mode,
          dryRun: request.query.dryRun,
          via: 'api',
        })
      },
    )
  })
}
