import type { DB } from '../../server/db/connect.ts'

/** The demo cooperative most of the demo lives in: its id, once the organisations are seeded. */
export async function koivukujaId(db: DB): Promise<string> {
  const org = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', 'As Oy Koivukuja')
    .executeTakeFirstOrThrow()
  return org.id
}
