/**
 * Turns the cells of one resource into a ResourceInput, and every problem (unreadable cell, unknown term, a rule
 * of resourceIssues) into a report line pointing at sheet, row and column.
 */
import type { FieldIssue } from '../../../platform/errors.ts'
import { type FieldInput, type ResourceInput, resourceIssues } from '../validate.ts'
import {
  CATEGORIES,
  type Category,
  FIELD_DATA_TYPES,
  FORMATS,
  foldText,
  OPEN_TYPES,
  SHARE_TYPES,
  type Term,
  UPDATE_FREQUENCIES,
} from '../vocabulary.ts'
import { asDay, asLength, asText, asYesNo, cleanCode, columnLetter } from './cells.ts'
import { type ColumnKey, columnDef, type FieldColumn, type ResourceColumn } from './layout.ts'
import type { Located, Problem, RawField, RawResource } from './parse.ts'

export interface Converted {
  raw: RawResource
  input: ResourceInput
  /** What the 数源部门 cell said; resolved to an org by the import service. */
  sourceOrgText: string
  problems: Problem[]
}

const CATEGORY_BY_DIGIT: Record<string, Category> = { '1': 'base', '2': 'theme', '3': 'department' }

const LOOKUPS = new WeakMap<readonly Term<string>[], Map<string, string>>()

/** lookupTerm (vocabulary.ts) with the folded spellings computed once per vocabulary; the same first match. */
function lookup<C extends string>(terms: readonly Term<C>[], input: string): C | undefined {
  let index = LOOKUPS.get(terms)
  if (!index) {
    index = new Map()
    for (const t of terms)
      for (const s of [t.code, t.zh, ...(t.synonyms ?? [])]) {
        const k = foldText(s)
        if (!index.has(k)) index.set(k, t.code)
      }
    LOOKUPS.set(terms, index)
  }
  const needle = foldText(input)
  return needle ? (index.get(needle) as C | undefined) : undefined
}

function labels(terms: readonly Term<string>[]): string {
  return terms.map((t) => t.zh).join('、')
}

class Collector {
  readonly problems: Problem[] = []
  constructor(private readonly raw: RawResource) {}

  resourceAt(key: ResourceColumn, message: string): void {
    const cell = this.raw.cells.get(key)
    const col = cell?.col ?? this.raw.columns.get(key) ?? null
    this.push(cell?.sheet ?? this.raw.sheet, cell?.row ?? this.raw.row, col, key, message)
  }

  fieldAt(field: RawField | undefined, key: FieldColumn, message: string): void {
    const cell = field?.cells.get(key)
    const col = cell?.col ?? this.raw.fieldColumns.get(key) ?? null
    this.push(
      cell?.sheet ?? field?.sheet ?? this.raw.sheet,
      cell?.row ?? field?.row ?? this.raw.row,
      col,
      key,
      message,
    )
  }

  private push(sheet: string, row: number, col: number | null, key: ColumnKey, message: string): void {
    const header = columnDef(key).header
    this.problems.push({
      sheet,
      row,
      column: col ? columnLetter(col) : null,
      header,
      message: `${header}：${message}`,
    })
  }
}

function text(cell: Located | undefined): string {
  return cell ? asText(cell.value) : ''
}

function term<C extends string>(
  c: Collector,
  cell: Located | undefined,
  key: ResourceColumn,
  terms: readonly Term<C>[],
): C | undefined {
  const s = text(cell)
  if (!s) {
    c.resourceAt(key, '必填')
    return undefined
  }
  const found = lookup(terms, s)
  if (!found) c.resourceAt(key, `“${s}”不在可选范围内（${labels(terms)}）`)
  return found
}

function convertField(c: Collector, f: RawField): FieldInput {
  const cell = (k: FieldColumn) => f.cells.get(k)
  const dataTypeText = text(cell('dataType'))
  let dataType = lookup(FIELD_DATA_TYPES, dataTypeText)
  if (!dataTypeText) c.fieldAt(f, 'dataType', '必填')
  else if (!dataType)
    c.fieldAt(f, 'dataType', `“${dataTypeText}”不在可选范围内（${labels(FIELD_DATA_TYPES)}）`)
  dataType ??= 'string'
  const length = asLength(cell('length')?.value ?? null)
  if (length === undefined) c.fieldAt(f, 'length', '应为正整数')
  const yesNo = (k: FieldColumn) => {
    const v = asYesNo(cell(k)?.value ?? null)
    if (v === undefined) c.fieldAt(f, k, '应填写 是 或 否')
    return v ?? false
  }
  const elementCode = cleanCode(text(cell('elementCode')))
  return {
    name: text(cell('fieldName')),
    code: cleanCode(text(cell('fieldCode'))),
    dataType,
    length: length ?? null,
    description: text(cell('description')),
    isKey: yesNo('isKey'),
    elementCode: elementCode || null,
    authoritative: yesNo('authoritative'),
  }
}

const FIELD_PATH: Record<string, FieldColumn> = {
  name: 'fieldName',
  code: 'fieldCode',
  dataType: 'dataType',
  length: 'length',
  description: 'description',
  isKey: 'isKey',
  elementCode: 'elementCode',
  authoritative: 'authoritative',
}

const RESOURCE_PATH: Record<string, ResourceColumn> = {
  name: 'name',
  code: 'code',
  summary: 'summary',
  category: 'category',
  classCode: 'classCode',
  className: 'className',
  format: 'format',
  shareType: 'shareType',
  shareCondition: 'shareCondition',
  shareMethod: 'shareMethod',
  openType: 'openType',
  openCondition: 'openCondition',
  operable: 'operable',
  updateFrequency: 'updateFrequency',
  publishDate: 'publishDate',
  relatedCodes: 'relatedCodes',
  sourceOrgId: 'sourceOrg',
}

/** Puts a resourceIssues path (`r.fields.2.code`, `r.shareCondition`) back on the sheet. */
function placeIssue(c: Collector, raw: RawResource, issue: FieldIssue): void {
  const parts = issue.field.split('.').slice(1)
  const message = issue.messageZh ?? issue.message
  if (parts[0] === 'fields' && parts.length >= 3) {
    const key = FIELD_PATH[parts[2] ?? ''] ?? 'fieldName'
    c.fieldAt(raw.fields[Number(parts[1])], key, message)
    return
  }
  c.resourceAt(RESOURCE_PATH[parts[0] ?? ''] ?? 'name', message)
}

/** Every value of one resource read and checked; `problems` empty means it may be written. */
export function convertResource(raw: RawResource): Converted {
  const c = new Collector(raw)
  const cell = (k: ResourceColumn) => raw.cells.get(k)
  const name = text(cell('name'))
  const code = cleanCode(text(cell('code')))
  const classCode = cleanCode(text(cell('classCode')))
  const categoryText = text(cell('category'))
  let category = categoryText ? lookup(CATEGORIES, categoryText) : CATEGORY_BY_DIGIT[classCode[0] ?? '']
  if (categoryText && !category)
    c.resourceAt('category', `“${categoryText}”不在可选范围内（${labels(CATEGORIES)}）`)
  if (!classCode) c.resourceAt('classCode', '必填')
  const format = term(c, cell('format'), 'format', FORMATS)
  const shareType = term(c, cell('shareType'), 'shareType', SHARE_TYPES)
  const openType = term(c, cell('openType'), 'openType', OPEN_TYPES)
  const updateFrequency = term(c, cell('updateFrequency'), 'updateFrequency', UPDATE_FREQUENCIES)
  const operable = asYesNo(cell('operable')?.value ?? null)
  if (operable === undefined) c.resourceAt('operable', '应填写 是 或 否')
  const publishDate = asDay(cell('publishDate')?.value ?? null)
  if (publishDate === undefined) c.resourceAt('publishDate', '日期无法识别，应为 YYYY-MM-DD')
  const related = text(cell('relatedCodes'))
    .split(/[,;，；、\s]+/)
    .map(cleanCode)
    .filter(Boolean)
  const fields = raw.fields.map((f) => convertField(c, f))
  const enumFailed = new Set<string>()
  if (!category) enumFailed.add('classCode')
  if (!shareType) enumFailed.add('shareCondition')
  if (!openType) enumFailed.add('openCondition')
  if (!classCode) enumFailed.add('classCode').add('code')
  category ??= 'base'
  const input: ResourceInput = {
    ...(code ? { code } : {}),
    name,
    summary: text(cell('summary')),
    category,
    classCode,
    className: text(cell('className')),
    format: format ?? 'database',
    shareType: shareType ?? 'unconditional',
    shareCondition: text(cell('shareCondition')) || null,
    shareMethod: text(cell('shareMethod')) || null,
    openType: openType ?? 'closed',
    openCondition: text(cell('openCondition')) || null,
    operable: operable ?? false,
    updateFrequency: updateFrequency ?? 'irregular',
    publishDate: publishDate ?? null,
    relatedCodes: related,
    fields,
  }
  for (const issue of resourceIssues(input, 'r')) {
    const top = issue.field.split('.')[1] ?? ''
    if (enumFailed.has(top)) continue
    placeIssue(c, raw, issue)
  }
  if (name.length > 200) c.resourceAt('name', '不能超过 200 个字')
  if (input.summary && input.summary.length > 2000) c.resourceAt('summary', '不能超过 2000 个字')
  for (const [i, f] of fields.entries()) {
    if (f.name.length > 100) c.fieldAt(raw.fields[i], 'fieldName', '不能超过 100 个字')
    if (f.length !== null && f.length !== undefined && f.length > 1_000_000)
      c.fieldAt(raw.fields[i], 'length', '不能大于 1000000')
  }
  return { raw, input, sourceOrgText: text(cell('sourceOrg')), problems: [...raw.problems, ...c.problems] }
}
