/** Response shapes: the services return Dates; the API carries ISO strings (the schemas say so). */
export type Jsonify<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T

function convert(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString()
  if (Array.isArray(v)) return v.map(convert)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]))
  }
  return v
}

export function jsonify<T>(value: T): Jsonify<T> {
  return convert(value) as Jsonify<T>
}
