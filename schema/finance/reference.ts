/**
 * Finnish reference numbers (viitenumero, Finanssiala's standard): 3–19 digits and a check digit.
 * The check digit: weigh the digits from the right with 7, 3, 1, 7, 3, 1, …, sum, and take the
 * difference to the next multiple of ten (0 when the sum already is one). Banks show the number
 * in groups of five from the right; spaces are never part of it.
 */
const WEIGHTS = [7, 3, 1] as const

/** The check digit of a base of 3–19 digits. */
export function referenceCheckDigit(base: string): number {
  let sum = 0
  for (let i = 0; i < base.length; i++) {
    sum += Number(base[base.length - 1 - i]) * WEIGHTS[i % 3]!
  }
  return (10 - (sum % 10)) % 10
}

/** The full reference number (base + check digit) for a base of 3–19 digits. */
export function referenceFor(base: string | number): string {
  const digits = String(base)
  if (!/^[0-9]{3,19}$/.test(digits)) throw new Error(`A reference base is 3–19 digits, not "${digits}".`)
  return `${digits}${referenceCheckDigit(digits)}`
}

/** The reference as stored: digits only (spaces removed), or null when it is not a valid one. */
export function normaliseReference(input: string): string | null {
  const digits = input.replace(/\s+/g, '')
  if (!/^[0-9]{4,20}$/.test(digits)) return null
  // Leading zeros are not part of a reference (banks drop them).
  if (digits.startsWith('0')) return null
  const base = digits.slice(0, -1)
  return Number(digits.slice(-1)) === referenceCheckDigit(base) ? digits : null
}

export function isValidReference(input: string): boolean {
  return normaliseReference(input) !== null
}

/** Groups of five from the right, as on a bank giro: "12345 67890 12". */
export function formatReference(reference: string): string {
  const groups: string[] = []
  for (let end = reference.length; end > 0; end -= 5)
    groups.unshift(reference.slice(Math.max(0, end - 5), end))
  return groups.join(' ')
}
