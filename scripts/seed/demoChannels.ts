import type { LocalNames } from '../../schema/localNames.ts'
import type { ThreadAudience } from '../../schema/policy.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { koivukujaId } from './koivukuja.ts'
import { seedThread } from './seedThread.ts'

/**
 * Standing chat channels of the demo cooperative, each with a first message from the board, so
 * the demo has something live to open (`seedThread`). Named in fi, sv and en (issue 20).
 */
const CHANNELS: ReadonlyArray<{ names: Required<LocalNames>; audience: ThreadAudience; welcome: string }> = [
  {
    names: { fi: 'Koivukujan asukkaat', sv: 'Koivukujas invånare', en: 'Koivukuja residents' },
    audience: 'members',
    welcome:
      'Tervetuloa taloyhtiön yhteiselle kanavalle! Täällä voi kysyä ja kertoa asioista, jotka koskevat kaikkia asukkaita.',
  },
  {
    names: { fi: 'Koivukujan hallitus', sv: 'Koivukujas styrelse', en: 'Koivukuja board' },
    audience: 'board',
    welcome: 'Seuraava hallituksen kokous on torstaina klo 18 kerhohuoneessa. Esityslista tulee tänne.',
  },
]

export async function seedDemoChannels(db: DB): Promise<void> {
  const org = { id: await koivukujaId(db) }
  const board = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'board@example.com')
    .executeTakeFirstOrThrow()
  await db.transaction().execute(async (trx) => {
    for (const channel of CHANNELS) {
      const thread = await trx
        .insertInto('threads')
        .values({
          org_id: org.id,
          kind: 'channel',
          title: channel.names.fi,
          names: jsonb(channel.names),
          audience: channel.audience,
          created_by: board.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await seedThread(trx, org.id, thread.id, [{ authorId: board.id, text: channel.welcome }])
    }
  })
}
