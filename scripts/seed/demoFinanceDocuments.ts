import { addVersion } from '../../api/documents/versions.ts'
import type { Role } from '../../schema/roles.ts'
import { enqueue } from '../../server/access/folders.ts'
import type { DB } from '../../server/db/connect.ts'
import { koivukujaId } from './koivukuja.ts'
import { storeText } from './storeText.ts'

/**
 * Fiscal-year documents (issue 14) as ordinary documents, so they have versions, search, preview
 * and trash like any other: a "Talous" folder for shareholders (owners and their
 * representatives), the board, staff and the auditor — not tenants — with a folder per fiscal
 * year holding its financial statement and the next year's budget.
 */
const FINANCE_AUDIENCE: Role[] = [
  'owner',
  'owner_representative',
  'board_member',
  'property_manager',
  'accountant',
  'auditor',
]

const statement = (year: number) => `TILINPÄÄTÖS ${year}

As Oy Koivukuja, Y-tunnus 2345678-0. Tilikausi 1.1.–31.12.${year}.

Hoitotuotot yhteensä 226 400 €, hoitokulut 214 900 €, hoitokate 11 500 €.
Rahoitustuotot ja -kulut −27 300 €; rahoitusvastikkeet 31 200 €.
Tilikauden tulos 15 400 € ylijäämäinen, siirretään edellisten tilikausien ylijäämään.
Putkiremonttilainaa jäljellä tilikauden lopussa 402 600 €.`

const budget = (year: number) => `TALOUSARVIO ${year}

Lämmitys 62 000 €, vesi 18 500 €, sähkö 9 800 €, siivous 7 200 €, kiinteistönhoito 14 000 €,
korjaukset 25 000 €, isännöintipalkkio 16 800 €, vakuutukset 6 400 €, lainakulut 31 000 €.
Hoitovastike 4,80 €/m² ja rahoitusvastike 2,10 €/m² kuukaudessa.`

export async function seedDemoFinanceDocuments(db: DB, filesDir: string | undefined): Promise<void> {
  if (!filesDir) return
  const orgId = await koivukujaId(db)
  const author = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'accountant@example.com')
    .executeTakeFirst()
  if (!author) return
  const thisYear = new Date().getFullYear()
  const years = [thisYear - 2, thisYear - 1]
  const files = await Promise.all(
    years.map(async (y) => [
      {
        title: `Tilinpäätös ${y}`,
        name: `tilinpaatos-${y}.txt`,
        blob: await storeText(filesDir, statement(y)),
      },
      {
        title: `Talousarvio ${y + 1}`,
        name: `talousarvio-${y + 1}.txt`,
        blob: await storeText(filesDir, budget(y + 1)),
      },
    ]),
  )
  await db.transaction().execute(async (trx) => {
    const folder = async (name: string, parentId: string | null, roles: Role[]) => {
      const row = await trx
        .insertInto('document_folders')
        .values({
          org_id: orgId,
          parent_id: parentId,
          name,
          visible_roles: roles,
          visible_groups: [],
          building_id: null,
          created_by: author.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await enqueue(trx, orgId, 'folder.changed', row.id)
      return row.id
    }
    const root = await folder('Talous', null, FINANCE_AUDIENCE)
    for (const [i, year] of years.entries()) {
      const yearFolder = await folder(`Tilikausi ${year}`, root, [])
      for (const file of files[i] ?? []) {
        const doc = await trx
          .insertInto('documents')
          .values({
            org_id: orgId,
            folder_id: yearFolder,
            title: file.title,
            language: 'fi',
            created_by: author.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await addVersion(trx, {
          orgId,
          documentId: doc.id,
          version: 1,
          actorId: author.id,
          name: file.name,
          blob: file.blob,
        })
        await enqueue(trx, orgId, 'document.changed', doc.id)
      }
    }
  })
}
