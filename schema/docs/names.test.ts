import { describe, expect, it } from 'vitest'
import { parseDocName } from './names.ts'

const ORG = '0b7c1f7e-3c1a-4a53-9d1e-1d6c1f0f2a10'
const ID = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b'

describe('document names', () => {
  it('parses the kinds', () => {
    for (const kind of ['case', 'thread', 'board', 'calendar']) {
      expect(parseDocName(`${ORG}/${kind}/${ID}`)).toEqual({
        ok: true,
        doc: { kind, orgId: ORG, id: ID, name: `${ORG}/${kind}/${ID}` },
      })
    }
    expect(parseDocName(`user/${ID}/inbox`)).toEqual({
      ok: true,
      doc: { kind: 'inbox', userId: ID, name: `user/${ID}/inbox` },
    })
  })

  const refused = [
    '',
    `${ORG}/thread`,
    `${ORG}/thread/${ID}/extra`,
    `${ORG}/chat/${ID}`,
    `${ORG.toUpperCase()}/thread/${ID}`,
    `${ORG}/thread/not-a-uuid`,
    `${ORG}/thread/${ID} `,
    `user/${ID}/outbox`,
    `user/../inbox`,
    `../${ORG}/thread/${ID}`,
    `${ORG}/thread/${ID}\0x`,
    'x'.repeat(500),
  ]
  for (const name of refused) {
    it(`refuses ${JSON.stringify(name.slice(0, 60))}`, () => {
      const result = parseDocName(name)
      expect(result.ok).toBe(false)
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0)
    })
  }
})
