import { describe, expect, it } from 'vitest'
import { cleanNames, localName, localNamesBody, storedName } from './localNames.ts'

describe('names in three languages', () => {
  it("picks the reader's language, then fi → en → sv, then the stored name", () => {
    const all = { fi: 'Saunat', sv: 'Bastur', en: 'Saunas' }
    expect(localName(all, 'x', 'sv')).toBe('Bastur')
    expect(localName(all, 'x', 'en')).toBe('Saunas')
    expect(localName({ sv: 'Tvätt', en: 'Laundry' }, 'x', 'fi')).toBe('Laundry')
    expect(localName({ fi: 'Kerho', en: 'Club' }, 'x', 'sv')).toBe('Kerho')
    expect(localName({ sv: 'Gym' }, 'x', 'en')).toBe('Gym')
    expect(localName({ fi: '  ' }, 'Vanha', 'fi')).toBe('Vanha')
    expect(localName(null, 'Vanha', 'sv')).toBe('Vanha')
  })

  it('stores the first of fi → en → sv and drops empty names', () => {
    expect(storedName({ sv: 'Cyklar', en: 'Bikes' })).toBe('Bikes')
    expect(cleanNames({ fi: ' Pyörät ', sv: '', en: '   ' })).toEqual({ fi: 'Pyörät' })
  })

  it('needs a name in at least one known language, within the limit', () => {
    const body = localNamesBody(10)
    expect(body.safeParse({ fi: 'Sauna' }).success).toBe(true)
    expect(body.safeParse({ fi: ' ', sv: '' }).success).toBe(false)
    expect(body.safeParse({}).success).toBe(false)
    expect(body.safeParse({ de: 'Sauna' }).success).toBe(false)
    expect(body.safeParse({ en: 'x'.repeat(11) }).success).toBe(false)
  })
})
