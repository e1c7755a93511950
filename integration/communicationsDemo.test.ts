import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Segment } from '../schema/communications/api.ts'
import type { OrgRef } from '../schema/policy.ts'
import { seedDemo } from '../scripts/seed/demo.ts'
import { loadOrgRef } from '../server/access/principal.ts'
import { resolveAudience } from '../server/communications/audience.ts'
import { channelsFor } from '../server/communications/channels.ts'
import { audienceFigures } from '../server/communications/plannedAudience.ts'
import { type Connected, connectDatabase } from '../server/db/connect.ts'

/**
 * Targeting against the demo itself (a fresh embedded database seeded as `npm start` does): the
 * building + role combinations a manager of As Oy Koivukuja would use, by the demo people's names.
 */
describe('communications targeting on the demo', () => {
  let c: Connected
  let koivukuja: OrgRef
  let place: (org: string, name: string) => Promise<string>
  beforeAll(async () => {
    c = await connectDatabase({ dataDir: 'memory://' })
    await seedDemo(c.db, { filesDir: mkdtempSync(join(tmpdir(), 'demo-files-')) })
    const id = (
      await c.db
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', 'As Oy Koivukuja')
        .executeTakeFirstOrThrow()
    ).id
    koivukuja = (await loadOrgRef(c.db, id))!
    place = async (org, name) =>
      (
        await c.db
          .selectFrom('buildings as b')
          .innerJoin('organisations as o', 'o.id', 'b.org_id')
          .select('b.id')
          .where('o.name', '=', org)
          .where('b.name', '=', name)
          .executeTakeFirstOrThrow()
      ).id
  }, 120_000)
  afterAll(() => c.close())

  const names = async (...segments: Segment[]) => {
    const people = await resolveAudience(c.db, koivukuja, { segments })
    // The composer's preview and the send plan in SQL: the same number of people.
    expect((await audienceFigures(c.db, koivukuja, { segments })).recipients).toBe(people.length)
    return people.map((r) => r.name).sort()
  }

  it('resolves building and role combinations to the right demo people', async () => {
    const A = await place('As Oy Koivukuja', 'A')
    const B = await place('As Oy Koivukuja', 'B')
    expect(await names({ roles: ['owner'], buildingIds: [B] })).toEqual(['Bertta Bäckman'])
    expect(await names({ roles: ['owner', 'owner_representative', 'resident'], buildingIds: [A] })).toEqual([
      'Olli Omistaja',
      'Outi Edustaja',
      'Riikka Asukas',
    ])
    // "Managers and accountants plus all owners of Koivukuja B": staff through the managing company.
    expect(
      await names({ roles: ['property_manager', 'accountant'] }, { roles: ['owner'], buildingIds: [B] }),
    ).toEqual(['Bertta Bäckman', 'Iiro Isännöitsijä', 'Kaisa Kirjanpitäjä'])
    // Kuusirinne's building in a Koivukuja audience reaches no one; its resident never appears.
    const K = await place('As Oy Kuusirinne', 'A')
    expect(await names({ buildingIds: [K] })).toEqual([])
    expect(await names({})).not.toContain('Kalle Kuusela')
  })

  it('uses each person’s preferences and home address for the channels', async () => {
    const B = await place('As Oy Koivukuja', 'B')
    const [bertta] = await resolveAudience(c.db, koivukuja, {
      segments: [{ roles: ['owner'], buildingIds: [B] }],
    })
    const plan = channelsFor(bertta!)
    expect(plan.channels.map((p) => p.channel).sort()).toEqual(['email', 'letter', 'portal', 'sms'])
    expect(plan.channels.find((p) => p.channel === 'letter')?.address).toBe(
      'Bertta Bäckman\nKoivukuja 3 B 2\n00100 Helsinki',
    )
    // The manager has no home in the cooperative: with email off, a legal notice by letter cannot reach them.
    const [manager] = await resolveAudience(c.db, koivukuja, { segments: [{ roles: ['property_manager'] }] })
    const noEmail = {
      ...manager!,
      prefs: { ...manager!.prefs, announcement: { portal: true, email: false, sms: false, letter: false } },
    }
    expect(channelsFor(noEmail, { letterWithoutEmail: true }).unreachable).toEqual(['letter'])
  })
})
