import { describe, expect, it } from 'vitest'
import type { Audience, OrgReach } from '../../schema/policy.ts'
import type { Role } from '../../schema/roles.ts'
import { recordId, type SearchAdapter, type Searcher, type SearchRecord } from './types.ts'

/**
 * The one contract every search adapter passes. Each run uses fresh organisation ids, so it can
 * share a database or a Meilisearch index with anything else.
 */
export function searchContract(name: string, adapter: () => SearchAdapter): void {
  const everyone: Audience = { roles: 'members', buildingId: null, participants: [], internal: false }
  const org = crypto.randomUUID()
  const otherOrg = crypto.randomUUID()
  const buildingA = crypto.randomUUID()
  const buildingB = crypto.randomUUID()

  const record = (
    entityId: string,
    title: string,
    body: string,
    extra: Partial<SearchRecord> & { visibility?: Audience } = {},
  ): SearchRecord => ({
    id: recordId(extra.type ?? 'document', `${org}-${entityId}`),
    orgId: org,
    type: 'document',
    entityId: `${org}-${entityId}`,
    title,
    body,
    language: 'fi',
    url: `/documents/${entityId}`,
    updatedAt: new Date('2026-01-01T00:00:00Z'),
    visibility: everyone,
    ...extra,
  })
  const reach = (roles: Role[], buildings: string[] | null = null, orgId = org): OrgReach => ({
    orgId,
    roles,
    buildings,
  })
  const searcher = (userId: string, ...r: OrgReach[]): Searcher => ({ userId, reach: r })
  const staff = searcher('staff-user', reach(['property_manager']))
  const find = async (text: string, who: Searcher = staff, types?: SearchRecord['type'][]) => {
    const page = await adapter().search({ text, searcher: who, limit: 20, types })
    return page.hits
  }
  const ids = async (text: string, who: Searcher = staff) =>
    (await find(text, who)).map((h) => h.entityId.slice(org.length + 1))

  describe(`search contract: ${name}`, () => {
    it('indexes records (setup)', async () => {
      const a = adapter()
      await a.init()
      await a.upsert([
        record(
          'rules',
          'Saunavuorot ja saunan säännöt',
          'Saunavuoro varataan ilmoitustaululta. Löylyhuone siivotaan.',
        ),
        record(
          'minutes',
          'Hallituksen kokous 3/2026',
          'Käsiteltiin julkisivuremontti, piha-alueen valaistus ja lopuksi mainittiin sauna.',
        ),
        record('laundry', 'Pesutupa', 'Pesutuvan koneet uusitaan keväällä.'),
        record('xss', 'Turvallisuus', '<script>alert(1)</script> kellarin ovi lukitaan & tarkistetaan'),
        record('board-only', 'Tilinpäätös luonnos', 'Luottamuksellinen tilinpäätösluonnos', {
          visibility: { ...everyone, roles: ['board_member', 'property_manager'] },
        }),
        record('building-a', 'Porrashuone A siivous', 'Porrashuoneen siivousvuorot talossa A', {
          visibility: { ...everyone, buildingId: buildingA },
        }),
        record('building-b', 'Porrashuone B siivous', 'Porrashuoneen siivousvuorot talossa B', {
          visibility: { ...everyone, buildingId: buildingB },
        }),
        record('internal', 'Vuotovahinko sisäinen muistiinpano', 'Vuotovahingon korvausneuvottelu', {
          type: 'case',
          visibility: {
            ...everyone,
            roles: ['property_manager'],
            participants: ['reporter'],
            internal: true,
          },
        }),
        record('case', 'Vuotovahinko keittiössä', 'Keittiön lattialla vettä', {
          type: 'case',
          visibility: {
            ...everyone,
            roles: ['property_manager', 'board_member'],
            participants: ['reporter'],
          },
        }),
        {
          ...record('foreign', 'Saunavuorot naapuritalossa', 'Toisen taloyhtiön saunavuoro'),
          orgId: otherOrg,
        },
        record('swedish', 'Bastuturer', 'Bastun bokas på anslagstavlan', { language: 'sv' }),
        record(
          'joined',
          'vuosikertomus_2025.pdf',
          'Asunto B-40213377, lisätiedot isannointi@kotipiha.example, mittari 3e5a9c01/7',
        ),
      ])
      await a.settle()
      expect(await ids('pesutupa')).toEqual(['laundry'])
    })

    it('ranks a title match above a passing mention', async () => {
      const got = await ids('sauna')
      expect(got).toContain('rules')
      expect(got).toContain('minutes')
      expect(got.indexOf('rules')).toBeLessThan(got.indexOf('minutes'))
    })

    it('tolerates typos: "saunavuro" finds "saunavuoro"', async () => {
      expect(await ids('saunavuro')).toContain('rules')
    })

    it('understands Finnish inflection: "saunan" finds "sauna", "pesutuvan" finds "pesutupa"', async () => {
      expect(await ids('saunan')).toEqual(expect.arrayContaining(['rules', 'minutes']))
      expect(await ids('pesutuvan')).toContain('laundry')
    })

    it('matches prefixes as you type', async () => {
      expect(await ids('saunav')).toContain('rules')
      expect(await ids('julkisivur')).toEqual(['minutes'])
      expect(await ids('hallituksen ko')).toEqual(['minutes'])
    })

    it('ignores accents and case', async () => {
      expect(await ids('SAANNOT')).toContain('rules')
      expect(await ids('löylyhuone')).toContain('rules')
    })

    it('finds the words of file names, apartment numbers and addresses joined by punctuation', async () => {
      // Postgres' parser reads "B-40213377" as a negative number, "x_2025.pdf" as one file name
      // and "3e5a9c01" as a float and a word; a query word must still find each part.
      for (const q of [
        'vuosikertomus ',
        'vuosikertomus 2025',
        '40213377 ',
        'b 40213377',
        'isannointi ',
        '3e5a9c01 ',
      ]) {
        expect(await ids(q), q).toEqual(['joined'])
      }
    })

    it('searches Swedish records with Swedish stemming', async () => {
      expect(await ids('bastun')).toContain('swedish')
    })

    it('highlights matches in a snippet that is otherwise plain escaped text', async () => {
      const [hit] = await find('kellarin')
      expect(hit?.snippet).toMatch(/<mark>kellarin<\/mark>/i)
      // Engines may drop the tag or keep it escaped; it never comes back as markup.
      expect(hit?.snippet).toContain('&amp; tarkistetaan')
      expect(hit?.snippet).not.toContain('<script>')
      expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/)
    })

    it('filters by type and pages with a cursor', async () => {
      expect((await find('vuotovahinko', staff, ['case'])).every((h) => h.type === 'case')).toBe(true)
      expect(await find('vuotovahinko', staff, ['person'])).toEqual([])
      const first = await adapter().search({ text: 'porrashuone', searcher: staff, limit: 1 })
      expect(first.hits).toHaveLength(1)
      expect(first.nextCursor).not.toBeNull()
      const second = await adapter().search({
        text: 'porrashuone',
        searcher: staff,
        limit: 1,
        cursor: first.nextCursor ?? undefined,
      })
      expect(second.hits).toHaveLength(1)
      expect(second.hits[0]?.id).not.toBe(first.hits[0]?.id)
    })

    it('filters by visibility on the engine side', async () => {
      const resident = searcher('resident-user', reach(['resident']))
      const residentA = searcher('resident-a', reach(['resident'], [buildingA]))
      const board = searcher('board-user', reach(['board_member']))
      const reporter = searcher('reporter', reach(['resident']))
      const outsider = searcher('outsider', reach(['org_admin'], null, otherOrg))
      const nobody = searcher('nobody')

      expect(await ids('tilinpäätös', resident)).toEqual([])
      expect(await ids('tilinpäätös', board)).toEqual(['board-only'])
      expect((await ids('porrashuone', residentA)).sort()).toEqual(['building-a'])
      expect((await ids('porrashuone', resident)).sort()).toEqual(['building-a', 'building-b'])
      // The reporter sees their case but not the staff's internal note on it.
      expect(await ids('vuotovahinko', resident)).toEqual([])
      expect(await ids('vuotovahinko', reporter)).toEqual(['case'])
      expect(await ids('vuotovahinko', board)).toEqual(['case'])
      expect((await ids('vuotovahinko', staff)).sort()).toEqual(['case', 'internal'])
      // Another organisation's member sees only their own organisation's records.
      const foreign = await find('saunavuorot', outsider)
      expect(foreign.map((h) => h.orgId)).toEqual([otherOrg])
      expect((await find('saunavuorot', staff)).every((h) => h.orgId === org)).toBe(true)
      expect(await find('sauna', nobody)).toEqual([])
    })

    it("hides a searcher's hidden records whatever their audience, in member and guest organisations", async () => {
      const caseId = recordId('case', `${org}-case`)
      // The reporter, named on the case, once the policy no longer lets them read it.
      const removed = { ...searcher('reporter', reach(['resident'])), hidden: [caseId] }
      expect(await ids('vuotovahinko', removed)).toEqual([])
      const guest: Searcher = { userId: 'reporter', reach: [], guestOrgs: [org] }
      expect(await ids('vuotovahinko', guest)).toEqual(['case'])
      expect(await ids('vuotovahinko', { ...guest, hidden: [caseId] })).toEqual([])
      // Staff find it by role; hiding one record leaves the others.
      expect(await ids('vuotovahinko', { ...staff, hidden: [caseId] })).toEqual(['internal'])
      expect(await ids('pesutupa', { ...staff, hidden: [caseId] })).toEqual(['laundry'])
    })

    it('upserts idempotently and deletes', async () => {
      const a = adapter()
      const updated = record('laundry', 'Pesutupa', 'Pesutuvan koneet uusittu, kuivausrumpu lisätty.')
      await a.upsert([updated])
      await a.upsert([updated])
      await a.settle()
      expect(await ids('kuivausrumpu')).toEqual(['laundry'])
      expect(await ids('pesutupa')).toEqual(['laundry'])
      await a.delete([updated.id, recordId('document', 'never-indexed')])
      await a.settle()
      expect(await ids('pesutupa')).toEqual([])
      expect(await ids('kuivausrumpu')).toEqual([])
    })
  })
}
