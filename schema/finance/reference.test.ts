import { describe, expect, it } from 'vitest'
import { formatIban, normaliseIban } from './iban.ts'
import { formatReference, normaliseReference, referenceCheckDigit, referenceFor } from './reference.ts'
import { ageingBucket, invoiceStatus } from './status.ts'

describe('Finnish reference numbers (viitenumero)', () => {
  it('computes the 7-3-1 check digit of known references', () => {
    // The textbook example: base 123456 → 6·7 + 5·3 + 4·1 + 3·7 + 2·3 + 1·1 = 89 → check digit 1.
    expect(referenceCheckDigit('123456')).toBe(1)
    expect(referenceFor('123456')).toBe('1234561')
    expect(referenceFor('123')).toBe('1232')
    expect(referenceFor('1000')).toBe('10003')
  })
  it('accepts valid references with spaces and refuses wrong check digits, letters and lengths', () => {
    expect(normaliseReference('12 34561')).toBe('1234561')
    expect(normaliseReference('1232')).toBe('1232')
    expect(normaliseReference('1233')).toBeNull()
    expect(normaliseReference('12a2')).toBeNull()
    expect(normaliseReference('232')).toBeNull()
    expect(normaliseReference('0001232')).toBeNull()
    expect(normaliseReference(referenceFor('1234567890123456789'))).toHaveLength(20)
  })
  it('formats in groups of five from the right', () => {
    expect(formatReference('123456789012')).toBe('12 34567 89012')
  })
})

describe('IBAN', () => {
  it('normalises valid IBANs and refuses a wrong checksum', () => {
    expect(normaliseIban('fi21 1234 5600 0007 85')).toBe('FI2112345600000785')
    expect(normaliseIban('FI2112345600000786')).toBeNull()
    expect(formatIban('FI2112345600000785')).toBe('FI21 1234 5600 0007 85')
  })
})

describe('invoice status', () => {
  const inv = { amountCents: 10_000, paidCents: 0, creditedCents: 0, dueDate: '2026-03-05' }
  it('derives open, partly paid, paid, overdue and credited', () => {
    expect(invoiceStatus(inv, '2026-03-05')).toBe('open')
    expect(invoiceStatus({ ...inv, paidCents: 4000 }, '2026-03-01')).toBe('partly_paid')
    expect(invoiceStatus({ ...inv, paidCents: 4000 }, '2026-03-06')).toBe('overdue')
    expect(invoiceStatus({ ...inv, paidCents: 10_000 }, '2026-04-01')).toBe('paid')
    expect(invoiceStatus({ ...inv, creditedCents: 10_000 }, '2026-04-01')).toBe('credited')
    expect(invoiceStatus({ ...inv, creditedCents: 4000, paidCents: 6000 }, '2026-04-01')).toBe('paid')
  })
  it('puts days past due into ageing buckets', () => {
    expect([0, 30, 31, 60, 61, 90, 91].map(ageingBucket)).toEqual([
      'd0_30',
      'd0_30',
      'd31_60',
      'd31_60',
      'd61_90',
      'd61_90',
      'd90_plus',
    ])
  })
})
