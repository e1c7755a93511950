import { addVersion } from '../../api/documents/versions.ts'
import type { RoleGroup } from '../../schema/roles.ts'
import { enqueue } from '../../server/access/folders.ts'
import type { DB } from '../../server/db/connect.ts'
import { koivukujaId } from './koivukuja.ts'
import { storeText } from './storeText.ts'

/**
 * Demo documents for As Oy Koivukuja, so the Documents page and search show something on a
 * first start: AGM papers every member reads, and board minutes only the board and staff read
 * (a resident demonstrably does not find them). Written with the same rows and outbox topics
 * as an upload, so the indexer extracts and indexes them.
 */
const AGM_NOTICE = `KUTSU VARSINAISEEN YHTIÖKOKOUKSEEN

As Oy Koivukujan varsinainen yhtiökokous pidetään torstaina 7.5.2026 klo 18.00 kerhohuoneessa.

Kokouksessa käsitellään:
1. Tilinpäätös ja toimintakertomus vuodelta 2025
2. Tilintarkastuskertomus
3. Vastuuvapaus hallitukselle ja isännöitsijälle
4. Talousarvio ja hoitovastike vuodelle 2026
5. Hallituksen jäsenten valinta
6. Julkisivuremontin hankesuunnittelu 2027

Valtakirjalla voi valtuuttaa toisen henkilön edustamaan osakkeita.`

const AGM_MINUTES = `PÖYTÄKIRJA, VARSINAINEN YHTIÖKOKOUS 7.5.2026

Läsnä 24 osakasta, 61 % osakkeista. Kokous todettiin lailliseksi ja päätösvaltaiseksi.
Tilinpäätös vahvistettiin ja vastuuvapaus myönnettiin.
Hoitovastikkeeksi päätettiin 4,20 €/m² kuukaudessa.
Hallitukseen valittiin Hanna Hallitus (pj), Oskari Osakas ja Riikka Asukas.
Julkisivuremontin hankesuunnittelu hyväksyttiin, budjetti 35 000 €.`

const BOARD_MINUTES = `HALLITUKSEN KOKOUS 3/2026

Käsiteltiin urakkatarjoukset julkisivuremontin hankesuunnittelusta: kolme tarjousta.
Päätettiin pyytää tarkennukset kahdelta edullisimmalta. Kattoremontin kuntotutkimus tilataan syksyllä.
Saunan kiuas uusitaan maaliskuussa; varausjärjestelmään merkitään huoltokatko.`

export async function seedDemoDocuments(db: DB, filesDir: string | undefined): Promise<void> {
  if (!filesDir) return
  const org = { id: await koivukujaId(db) }
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@example.com')
    .executeTakeFirst()
  if (!author) return
  const folders = [
    {
      name: 'Yhtiökokous 2026',
      groups: [] as RoleGroup[],
      files: [
        { title: 'Kokouskutsu 2026', name: 'kokouskutsu-2026.txt', text: AGM_NOTICE },
        { title: 'Pöytäkirja 7.5.2026', name: 'poytakirja-yhtiokokous-2026.txt', text: AGM_MINUTES },
      ],
    },
    {
      name: 'Hallituksen pöytäkirjat',
      groups: ['board', 'staff'] as RoleGroup[],
      files: [{ title: 'Hallituksen kokous 3/2026', name: 'hallitus-3-2026.txt', text: BOARD_MINUTES }],
    },
  ]
  // Blobs go to disk before the transaction (the same order as an upload).
  const stored = await Promise.all(
    folders.map(async (f) =>
      Promise.all(f.files.map(async (d) => ({ ...d, blob: await storeText(filesDir, d.text) }))),
    ),
  )
  await db.transaction().execute(async (trx) => {
    for (const [i, folder] of folders.entries()) {
      const row = await trx
        .insertInto('document_folders')
        .values({
          org_id: org.id,
          parent_id: null,
          name: folder.name,
          visible_roles: [],
          visible_groups: folder.groups,
          building_id: null,
          created_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await enqueue(trx, org.id, 'folder.changed', row.id)
      for (const file of stored[i] ?? []) {
        const doc = await trx
          .insertInto('documents')
          .values({
            org_id: org.id,
            folder_id: row.id,
            title: file.title,
            language: 'fi',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await addVersion(trx, {
          orgId: org.id,
          documentId: doc.id,
          version: 1,
          actorId: author.id,
          name: file.name,
          blob: file.blob,
        })
        await enqueue(trx, org.id, 'document.changed', doc.id)
      }
    }
  })
}
