import type { FieldIssue } from '../../platform/errors.ts'
import {
  CATEGORY_DIGIT,
  type Category,
  CLASS_CODE_RE,
  type FieldDataType,
  type OpenType,
  RESOURCE_CODE_RE,
  type ResourceFormat,
  type ShareType,
  type UpdateFrequency,
} from './vocabulary.ts'

export interface FieldInput {
  name: string
  code: string
  dataType: FieldDataType
  length?: number | null | undefined
  description?: string | undefined
  isKey?: boolean | undefined
  elementCode?: string | null | undefined
  authoritative?: boolean | undefined
}

export interface ResourceInput {
  orgId?: string | undefined
  code?: string | undefined
  name: string
  summary?: string | undefined
  category: Category
  classCode: string
  className?: string | undefined
  format: ResourceFormat
  shareType: ShareType
  shareCondition?: string | null | undefined
  shareMethod?: string | null | undefined
  openType: OpenType
  openCondition?: string | null | undefined
  operable?: boolean | undefined
  updateFrequency: UpdateFrequency
  publishDate?: string | null | undefined
  relatedCodes?: string[] | undefined
  sourceOrgId?: string | null | undefined
  fields?: FieldInput[] | undefined
}

const COLUMN_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function issue(field: string, message: string, messageZh: string): FieldIssue {
  return { field, message, messageZh }
}

/**
 * The national catalogue rules a resource must satisfy to be saved: conditions or a basis unless unconditional,
 * open conditions when conditionally open, a class code matching its category, unique column names.
 * Returns every problem at once, so a form or a spreadsheet row can show them together.
 */
export function resourceIssues(input: ResourceInput, prefix = 'body'): FieldIssue[] {
  const out: FieldIssue[] = []
  const p = (k: string) => `${prefix}.${k}`
  if (!input.name.trim()) out.push(issue(p('name'), 'is required', '必填'))
  if (input.shareType !== 'unconditional' && !input.shareCondition?.trim()) {
    out.push(
      issue(
        p('shareCondition'),
        'conditions or a legal basis are required unless sharing is unconditional',
        '有条件共享须填写共享条件，不予共享须填写依据',
      ),
    )
  }
  if (input.openType === 'conditional' && !input.openCondition?.trim()) {
    out.push(
      issue(
        p('openCondition'),
        'open conditions are required for conditional opening',
        '有条件开放须填写开放条件',
      ),
    )
  }
  if (!CLASS_CODE_RE.test(input.classCode)) {
    out.push(
      issue(p('classCode'), 'must be 类(1)+项(2)+目(3)+细目 digits', '分类码应为 类1位+项2位+目3位+细目'),
    )
  } else if (input.classCode[0] !== CATEGORY_DIGIT[input.category]) {
    out.push(
      issue(
        p('classCode'),
        `must start with ${CATEGORY_DIGIT[input.category]} for this category`,
        `分类码首位应为 ${CATEGORY_DIGIT[input.category]}（与资源分类一致）`,
      ),
    )
  }
  if (input.code !== undefined) {
    const m = RESOURCE_CODE_RE.exec(input.code)
    if (!m) out.push(issue(p('code'), 'must look like 101001/000001', '资源代码应形如 101001/000001'))
    else if (m[1] !== input.classCode)
      out.push(issue(p('code'), 'must start with the class code', '资源代码须以分类码开头'))
  }
  for (const [i, code] of (input.relatedCodes ?? []).entries()) {
    if (!RESOURCE_CODE_RE.test(code))
      out.push(issue(p(`relatedCodes.${i}`), 'is not a resource code', '关联资源代码格式不正确'))
  }
  if (input.publishDate && !/^\d{4}-\d{2}-\d{2}$/.test(input.publishDate)) {
    out.push(issue(p('publishDate'), 'must be YYYY-MM-DD', '日期格式应为 YYYY-MM-DD'))
  }
  const seen = new Set<string>()
  for (const [i, f] of (input.fields ?? []).entries()) {
    const fp = (k: string) => p(`fields.${i}.${k}`)
    if (!f.name.trim()) out.push(issue(fp('name'), 'is required', '信息项名称必填'))
    if (!COLUMN_RE.test(f.code))
      out.push(
        issue(
          fp('code'),
          'must be a column name (letters, digits, _)',
          '信息项代码应为字母、数字、下划线组成的列名',
        ),
      )
    const key = f.code.toLowerCase()
    if (seen.has(key)) out.push(issue(fp('code'), 'is repeated', '信息项代码重复'))
    seen.add(key)
    if (f.length !== undefined && f.length !== null && (!Number.isInteger(f.length) || f.length <= 0)) {
      out.push(issue(fp('length'), 'must be a positive integer', '长度应为正整数'))
    }
    if (f.authoritative && !f.elementCode) {
      out.push(
        issue(
          fp('authoritative'),
          'only a field linked to a standard data element can be authoritative',
          '须关联标准数据元才能标记为权威来源',
        ),
      )
    }
  }
  return out
}

/** What publishing additionally needs: something to share. */
export function publishIssues(input: { fields: readonly unknown[] }): FieldIssue[] {
  return input.fields.length === 0
    ? [issue('fields', 'a published resource needs at least one field', '发布前至少需要一个信息项')]
    : []
}
