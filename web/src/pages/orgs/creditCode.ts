/** 统一社会信用代码 (GB 32100-2015): 18 characters from digits and capital letters without I, O, S, V, Z. */
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export const CREDIT_CODE_FORMAT = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

export function creditCodeChecksumOk(code: string): boolean {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = CHARSET.indexOf(code.charAt(i))
    if (value < 0) return false
    sum += value * (WEIGHTS[i] ?? 0)
  }
  const check = (31 - (sum % 31)) % 31
  return CHARSET.charAt(check) === code.charAt(17)
}
