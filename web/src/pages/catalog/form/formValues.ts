import { dayjs } from '../../../format'
import type { FieldDataType, FieldInput, ResourceDetail, ResourceInput } from '../../../types'

export interface FieldRow {
  name?: string
  code?: string
  dataType?: FieldDataType
  length?: number | null
  description?: string
  isKey?: boolean
  elementCode?: string | null
  authoritative?: boolean
}

/** The form's values: ResourceInput with a dayjs date and loosely filled field rows. */
export type FormValues = Omit<ResourceInput, 'publishDate' | 'fields'> & {
  publishDate?: dayjs.Dayjs | null
  fields?: FieldRow[]
}

export const EMPTY_FIELD: FieldRow = { dataType: 'string', isKey: false, authoritative: false }

export const NEW_RESOURCE: Partial<FormValues> = {
  category: 'department',
  format: 'database',
  shareType: 'conditional',
  openType: 'closed',
  updateFrequency: 'monthly',
  operable: false,
  relatedCodes: [],
  fields: [{ ...EMPTY_FIELD }],
}

export function toFormValues(detail: ResourceDetail): FormValues {
  return {
    name: detail.name,
    summary: detail.summary,
    category: detail.category,
    classCode: detail.classCode,
    className: detail.className,
    format: detail.format,
    shareType: detail.shareType,
    shareCondition: detail.shareCondition,
    shareMethod: detail.shareMethod,
    openType: detail.openType,
    openCondition: detail.openCondition,
    operable: detail.operable,
    updateFrequency: detail.updateFrequency,
    publishDate: detail.publishDate ? dayjs(detail.publishDate) : null,
    relatedCodes: detail.relatedCodes,
    sourceOrgId: detail.sourceOrgId,
    fields: detail.fields.map((f) => ({
      name: f.name,
      code: f.code,
      dataType: f.dataType,
      length: f.length,
      description: f.description,
      isKey: f.isKey,
      elementCode: f.elementCode,
      authoritative: f.authoritative,
    })),
  }
}

const trimOrNull = (s: string | null | undefined) => (s?.trim() ? s.trim() : null)

/** What the API takes: hidden conditional inputs are cleared, blanks become null, fields are trimmed. */
export function toInput(values: FormValues): ResourceInput {
  const fields: FieldInput[] = (values.fields ?? []).map((f) => ({
    name: (f.name ?? '').trim(),
    code: (f.code ?? '').trim(),
    dataType: f.dataType ?? 'string',
    length: f.length ?? null,
    description: f.description?.trim() ?? '',
    isKey: !!f.isKey,
    elementCode: trimOrNull(f.elementCode),
    authoritative: !!f.authoritative,
  }))
  return {
    name: values.name.trim(),
    summary: values.summary?.trim() ?? '',
    category: values.category,
    classCode: values.classCode.trim(),
    className: values.className?.trim() ?? '',
    format: values.format,
    shareType: values.shareType,
    shareCondition: values.shareType === 'unconditional' ? null : trimOrNull(values.shareCondition),
    shareMethod: values.shareType === 'none' ? null : trimOrNull(values.shareMethod),
    openType: values.openType,
    openCondition: values.openType === 'conditional' ? trimOrNull(values.openCondition) : null,
    operable: !!values.operable,
    updateFrequency: values.updateFrequency,
    publishDate: values.publishDate ? values.publishDate.format('YYYY-MM-DD') : null,
    relatedCodes: (values.relatedCodes ?? []).map((c) => c.trim()).filter(Boolean),
    sourceOrgId: values.sourceOrgId ?? null,
    fields,
  }
}
