import type { FormInstance } from 'antd'
import { ApiError } from '../../../api'
import { showError } from '../../../feedback'

/** `body.fields.2.code` → ['fields', 2, 'code'] (antd needs array paths for list items). */
export function toNamePath(field: string): (string | number)[] {
  return field
    .replace(/^(body|query|params)\./, '')
    .split('.')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part))
}

/**
 * Puts a problem's `errors[]` on the matching form inputs, including nested list items such as a field row's
 * code, and shows the problem text. Returns the number of errors placed on inputs.
 */
export function applyServerErrors(form: FormInstance, err: unknown): number {
  showError(err)
  if (!(err instanceof ApiError) || !err.problem.errors?.length) return 0
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')))
  const fallback = err.problem.detail ?? err.problem.title
  const placed = err.problem.errors
    .map((issue) => ({
      name: toNamePath(issue.field),
      errors: [/[\u4e00-\u9fff]/.test(issue.message) ? issue.message : fallback],
    }))
    .filter((f) => known.has(f.name.join('.')))
  if (placed.length) {
    form.setFields(placed)
    const first = placed[0]
    if (first) form.scrollToField(first.name, { block: 'center' })
  }
  return placed.length
}
