import { describe, expect, it } from 'vitest'
import { insertMention, mentionMatches, mentionQuery } from './mentions.ts'

const people = [
  { id: '1', name: 'Riikka Asukas' },
  { id: '2', name: 'Hanna Hallitus' },
  { id: '3', name: 'Iiro Isännöitsijä' },
]

describe('mentions', () => {
  it('finds the name being typed after an @ at a word start, not inside an address', () => {
    expect(mentionQuery('Hei @Rii', 8)).toEqual({ start: 4, query: 'Rii' })
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQuery('Hei @Riikka A', 13)).toEqual({ start: 4, query: 'Riikka A' })
    expect(mentionQuery('mail riikka@example.fi', 22)).toBeUndefined()
    expect(mentionQuery('Hei @Riikka Asukas kiitos', 25)).toBeUndefined()
  })

  it('matches the first or any later word of a name, case-insensitively', () => {
    expect(mentionMatches(people, 'rii').map((p) => p.id)).toEqual(['1'])
    expect(mentionMatches(people, 'hall').map((p) => p.id)).toEqual(['2'])
    expect(mentionMatches(people, 'riikka a').map((p) => p.id)).toEqual(['1'])
    expect(mentionMatches(people, '').map((p) => p.name)).toEqual([
      'Hanna Hallitus',
      'Iiro Isännöitsijä',
      'Riikka Asukas',
    ])
  })

  it('puts the whole name in place of the query, with a space after it', () => {
    expect(insertMention('Hei @Rii, katso', 4, 8, 'Riikka Asukas')).toEqual({
      text: 'Hei @Riikka Asukas , katso',
      caret: 19,
    })
  })
})
