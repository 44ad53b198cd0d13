/**
 * Test support for mounting: a resource with one field of every data type and multipart upload bodies built
 * as streams (so a large file is never held in memory by the test either).
 */
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'

export const mountedResource = (name: string) => ({
  name,
  summary: '人口基本信息，用于挂接与预览测试。',
  category: 'base',
  classCode: '101001',
  className: '基础信息资源/人口/户籍',
  format: 'database',
  shareType: 'conditional',
  shareCondition: '用于政务服务身份核验',
  shareMethod: '共享平台',
  openType: 'closed',
  updateFrequency: 'daily',
  fields: [
    { name: '姓名', code: 'xm', dataType: 'string', length: 50 },
    { name: '公民身份号码', code: 'sfzh', dataType: 'string', length: 18, isKey: true },
    { name: '手机号码', code: 'sjhm', dataType: 'string', length: 11 },
    { name: '户籍地址', code: 'hjdz', dataType: 'string', length: 200 },
    { name: '年龄', code: 'nl', dataType: 'integer' },
    { name: '身高', code: 'sg', dataType: 'decimal', length: 5 },
    { name: '出生日期', code: 'csrq', dataType: 'date' },
    { name: '登记时间', code: 'djsj', dataType: 'datetime' },
    { name: '是否有效', code: 'sfyx', dataType: 'boolean' },
  ],
})

export const HEADER = 'xm,公民身份号码,sjhm,户籍地址,nl,sg,csrq,djsj,是否有效'

/** A plausible row; `i` varies the ID number and phone so rows differ. */
export function csvRow(i: number, overrides: Partial<Record<'nl' | 'csrq' | 'xm', string>> = {}): string {
  const seq = String(i % 1000).padStart(3, '0')
  const phone = `138${String(i).padStart(8, '0').slice(-8)}`
  return [
    overrides.xm ?? '张三',
    `430302199001${String((i % 28) + 1).padStart(2, '0')}${seq}X`,
    phone,
    '"湖南省湘潭市雨湖区韶山西路1号,2栋"',
    overrides.nl ?? String(20 + (i % 60)),
    '172.5',
    overrides.csrq ?? '1990-01-15',
    '2025-03-01 08:30:00',
    i % 2 ? '是' : 'false',
  ].join(',')
}

export interface Upload {
  headers: Record<string, string>
  payload: Readable
}

/** A multipart/form-data body with one `file` part whose content comes from `content` chunk by chunk. */
export function multipartUpload(
  fileName: string,
  content: string | Buffer | AsyncIterable<Buffer | string>,
  contentType = 'application/octet-stream',
): Upload {
  const boundary = `----shuhui${randomBytes(8).toString('hex')}`
  async function* body(): AsyncGenerator<Buffer> {
    yield Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
        `Content-Type: ${contentType}\r\n\r\n`,
    )
    if (typeof content === 'string' || Buffer.isBuffer(content)) yield Buffer.from(content)
    else for await (const chunk of content) yield Buffer.from(chunk)
    yield Buffer.from(`\r\n--${boundary}--\r\n`)
  }
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Readable.from(body()),
  }
}
