import type { FormInstance } from 'antd'
import { App } from 'antd'
import { ApiError, errorText, isAbort } from './api'

type MessageApi = ReturnType<typeof App.useApp>['message']

let messageApi: MessageApi | null = null

/** Mounted once inside antd <App>; lets non-component code show themed messages. */
export function FeedbackBridge() {
  const { message } = App.useApp()
  messageApi = message
  return null
}

export function showError(err: unknown): void {
  if (isAbort(err)) return
  const text = errorText(err)
  if (messageApi) messageApi.error(text)
  else console.error(text)
}

export function showSuccess(text: string): void {
  messageApi?.success(text)
}

/**
 * Shows the problem's field errors on the matching form items (`body.name` → `name`) and the problem's
 * text as a message. Returns true when at least one field error was placed on the form.
 */
export function showFormError(form: FormInstance, err: unknown): boolean {
  showError(err)
  if (!(err instanceof ApiError) || !err.problem.errors?.length) return false
  const known = new Set(form.getFieldsError().map((field) => field.name.join('.')))
  // Field messages may be terse machine words ("checksum"); prefer the localized detail for those.
  const fallback = err.problem.detail ?? err.problem.title
  const fields = err.problem.errors
    .map((issue) => ({
      name: issue.field.replace(/^(body|query|params)\./, ''),
      errors: [/[\u4e00-\u9fff]/.test(issue.message) ? issue.message : fallback],
    }))
    .filter((field) => known.has(field.name))
  if (fields.length) form.setFields(fields)
  return fields.length > 0
}
