import { describe, expect, it } from 'vitest'
import { isValidBusinessId, normaliseBusinessId } from './businessId.ts'

describe('Finnish business ID', () => {
  it.each(['1234567-1', '2345678-0', '0112038-9', '3456780-6'])('accepts %s', (id) => {
    expect(isValidBusinessId(id)).toBe(true)
  })
  it.each(['1234567-2', '1234567', '123456-1', 'abcdefg-1', '3456789-7', '12345678-1', ''])(
    'rejects %s',
    (id) => {
      expect(isValidBusinessId(id)).toBe(false)
    },
  )
  it('pads six-digit legacy IDs', () => {
    expect(normaliseBusinessId('112038-9')).toBe('0112038-9')
  })
})
