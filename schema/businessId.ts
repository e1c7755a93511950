/**
 * Finnish business ID (Y-tunnus): seven digits, a dash and a check digit. The check digit is
 * 11 - (weighted sum mod 11) with weights 7,9,10,5,8,4,2; a remainder of 1 is never issued.
 * (Six-digit legacy IDs are written with a leading zero.)
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2]

export function isValidBusinessId(value: string): boolean {
  const match = /^(\d{7})-(\d)$/.exec(value.trim())
  if (!match) return false
  const digits = match[1]!.split('').map(Number)
  const sum = digits.reduce((acc, d, i) => acc + d * WEIGHTS[i]!, 0)
  const remainder = sum % 11
  if (remainder === 1) return false
  const check = remainder === 0 ? 0 : 11 - remainder
  return check === Number(match[2])
}

export function normaliseBusinessId(value: string): string {
  const trimmed = value.trim()
  return /^\d{6}-\d$/.test(trimmed) ? `0${trimmed}` : trimmed
}
