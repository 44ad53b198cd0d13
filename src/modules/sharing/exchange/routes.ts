import type { Readable } from 'node:stream'
import { Type } from 'typebox'
import { type AppInstance, PageQuery, pageWindow, requestContext } from '../../../platform/http/index.ts'
import type { SharingDeps } from '../deps.ts'
import { usableGrants } from './grant-picker.ts'
import { getRun, listRunFiles, openRunFile } from './runs.ts'
import {
  FileParams,
  IdParams,
  Job,
  JobCreate,
  JobListQuery,
  JobPage,
  JobPatch,
  Run,
  RunFiles,
  RunPage,
  UsableGrants,
} from './schemas.ts'
import { createJob, deleteJob, getJob, jobRuns, listJobs, runJobNow, updateJob } from './service.ts'

const GZIP = 'application/gzip'
const TAGS = ['sharing-exchange']

/** Batch exchange (库表交换): jobs, runs with progress, and the files of file runs. */
export async function exchangeRoutes(app: AppInstance, deps: SharingDeps): Promise<void> {
  const { db, config } = deps

  app.get(
    '/api/v1/exchange/grants',
    {
      schema: {
        tags: TAGS,
        summary: '本单位可用于库表交换/文件交付的有效授权（含授权信息项与脱敏标记）',
        response: { 200: UsableGrants },
      },
    },
    async (request) => ({ items: await usableGrants(db, requestContext(request)) }),
  )

  app.get(
    '/api/v1/exchange/jobs',
    {
      schema: {
        tags: TAGS,
        summary: '交换任务列表（使用方、提供方及其区域数据局可见）',
        querystring: JobListQuery,
        response: { 200: JobPage },
      },
    },
    async (request) => {
      const { page, pageSize, ...query } = request.query
      return listJobs(db, requestContext(request), query, pageWindow({ page, pageSize }))
    },
  )

  app.post(
    '/api/v1/exchange/jobs',
    {
      schema: {
        tags: TAGS,
        summary: '新建交换任务（使用方数据专员/单位管理员；授权须有效且为库表或文件交付）',
        body: JobCreate,
        response: { 201: Job },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createJob(db, config, requestContext(request), request.body)),
  )

  app.get(
    '/api/v1/exchange/jobs/:id',
    { schema: { tags: TAGS, summary: '交换任务详情', params: IdParams, response: { 200: Job } } },
    async (request) => getJob(db, requestContext(request), request.params.id),
  )

  app.patch(
    '/api/v1/exchange/jobs/:id',
    {
      schema: {
        tags: TAGS,
        summary: '修改交换任务（改动目标、字段、模式、水位或范围后，下次从头交付）',
        params: IdParams,
        body: JobPatch,
        response: { 200: Job },
      },
    },
    async (request) => updateJob(db, config, requestContext(request), request.params.id, request.body),
  )

  app.delete(
    '/api/v1/exchange/jobs/:id',
    {
      schema: {
        tags: TAGS,
        summary: '删除交换任务（删除其生成的文件）',
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await deleteJob(db, config, requestContext(request), request.params.id)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/v1/exchange/jobs/:id/run',
    {
      schema: {
        tags: TAGS,
        summary: '立即执行（或续跑未完成/失败的批次）；后台执行，返回批次',
        params: IdParams,
        response: { 202: Run },
      },
    },
    async (request, reply) =>
      reply.code(202).send(await runJobNow(db, requestContext(request), request.params.id)),
  )

  app.get(
    '/api/v1/exchange/jobs/:id/runs',
    {
      schema: {
        tags: TAGS,
        summary: '交换任务的执行批次（新的在前）',
        params: IdParams,
        querystring: PageQuery,
        response: { 200: RunPage },
      },
    },
    async (request) => jobRuns(db, requestContext(request), request.params.id, pageWindow(request.query)),
  )

  app.get(
    '/api/v1/exchange/runs/:id',
    {
      config: { access: 'user_or_app' },
      schema: {
        tags: TAGS,
        summary: '批次进度（行数、百分比、速率、预计剩余时间）',
        params: IdParams,
        response: { 200: Run },
      },
    },
    async (request) => getRun(db, requestContext(request), request.params.id),
  )

  app.get(
    '/api/v1/exchange/runs/:id/files',
    {
      config: { access: 'user_or_app' },
      schema: {
        tags: TAGS,
        summary: '文件交付批次已生成的文件',
        params: IdParams,
        response: { 200: RunFiles },
      },
    },
    async (request) => {
      const files = await listRunFiles(db, requestContext(request), request.params.id)
      return {
        items: files.map((f) => ({
          name: f.name,
          seq: f.seq,
          rows: f.rows,
          bytes: f.bytes,
          sm3: f.sm3,
          createdAt: f.createdAt.toISOString(),
        })),
      }
    },
  )

  app.get(
    '/api/v1/exchange/runs/:id/files/:name',
    {
      config: { access: 'user_or_app' },
      schema: {
        tags: TAGS,
        summary: '下载交付文件（gzip；仅使用方及授权绑定的应用；每次下载记入审计）',
        params: FileParams,
        produces: [GZIP],
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }) },
      },
    },
    async (request, reply) => {
      const { stream, bytes, file } = await openRunFile(
        db,
        config,
        requestContext(request),
        request.params.id,
        request.params.name,
      )
      return reply
        .type(GZIP)
        .header('content-length', bytes)
        .header('content-disposition', `attachment; filename="${file.name}"`)
        .header('x-content-sm3', file.sm3)
        .send(stream)
    },
  )
}
