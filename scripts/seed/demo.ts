import type { Role } from '../../schema/roles.ts'
import { hashPassword } from '../../server/auth/passwords.ts'
import type { DB } from '../../server/db/connect.ts'
import { seedDemoBoards } from './demoBoards.ts'
import { seedDemoBookings } from './demoBookings.ts'
import { seedDemoCases } from './demoCases.ts'
import { seedDemoChannels } from './demoChannels.ts'
import { seedDemoCommunications } from './demoCommunications.ts'
import { seedDemoDocuments } from './demoDocuments.ts'
import { seedDemoFinance } from './demoFinance.ts'
import { seedDemoFinanceDocuments } from './demoFinanceDocuments.ts'
import { seedDemoInfo } from './demoInfo.ts'
import { seedDemoKb } from './demoKb.ts'
import { seedDemoMeters } from './demoMeters.ts'
import { seedDemoReports } from './demoReports.ts'
import { seedDemoServiceHistory } from './demoServiceHistory.ts'

export const DEMO_PASSWORD = 'kotipiha-demo'

/** One demo person per role; README lists them. Emails are at example.com. */
export const DEMO_USERS: ReadonlyArray<{
  email: string
  name: string
  org: DemoOrgKey
  role: Role | 'platform_admin'
  apartment?: string
}> = [
  { email: 'owner@example.com', name: 'Olli Omistaja', org: 'koivukuja', role: 'owner', apartment: 'A 1' },
  {
    email: 'owner.rep@example.com',
    name: 'Outi Edustaja',
    org: 'koivukuja',
    role: 'owner_representative',
    apartment: 'A 2',
  },
  {
    email: 'resident@example.com',
    name: 'Riikka Asukas',
    org: 'koivukuja',
    role: 'resident',
    apartment: 'A 3',
  },
  {
    email: 'resident.kuusi@example.com',
    name: 'Kalle Kuusela',
    org: 'kuusirinne',
    role: 'resident',
    apartment: 'A 1',
  },
  {
    email: 'board@example.com',
    name: 'Hanna Hallitus',
    org: 'koivukuja',
    role: 'board_member',
    apartment: 'B 1',
  },
  { email: 'manager@example.com', name: 'Iiro Isännöitsijä', org: 'isannointi', role: 'property_manager' },
  { email: 'accountant@example.com', name: 'Kaisa Kirjanpitäjä', org: 'isannointi', role: 'accountant' },
  { email: 'contractor@example.com', name: 'Pekka Putkimies', org: 'putkityo', role: 'contractor' },
  {
    email: 'contractor.rep@example.com',
    name: 'Paula Putkityö',
    org: 'putkityo',
    role: 'contractor_representative',
  },
  { email: 'investor@example.com', name: 'Ilona Sijoittaja', org: 'portfolio', role: 'investor' },
  { email: 'portfolio@example.com', name: 'Petri Salkku', org: 'portfolio', role: 'portfolio_manager' },
  {
    email: 'investor.rep@example.com',
    name: 'Ville Edustaja',
    org: 'portfolio',
    role: 'investor_representative',
  },
  { email: 'auditor@example.com', name: 'Tiina Tilintarkastaja', org: 'koivukuja', role: 'auditor' },
  { email: 'maintenance@example.com', name: 'Matti Huolto', org: 'isannointi', role: 'maintenance_staff' },
  { email: 'orgadmin@example.com', name: 'Anna Ylläpito', org: 'isannointi', role: 'org_admin' },
  { email: 'admin@example.com', name: 'Pirjo Alusta', org: 'isannointi', role: 'platform_admin' },
]

type DemoOrgKey = 'isannointi' | 'koivukuja' | 'kuusirinne' | 'putkityo' | 'portfolio'

/** Seeds the demo when the database has no organisations yet; returns whether it did. */
export async function seedDemo(db: DB, opts: { filesDir?: string } = {}): Promise<boolean> {
  const any = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst()
  if (any) return false
  const passwordHash = await hashPassword(DEMO_PASSWORD)
  await db.transaction().execute(async (trx) => {
    const org = async (
      kind: 'housing_cooperative' | 'management_company' | 'investor_portfolio' | 'partner_company',
      name: string,
      businessId: string | null,
      managedBy: string | null = null,
    ) =>
      (
        await trx
          .insertInto('organisations')
          .values({ kind, name, business_id: businessId, managed_by: managedBy })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
    const isannointi = await org('management_company', 'Isännöinti Demo Oy', '1234567-1')
    const koivukuja = await org('housing_cooperative', 'As Oy Koivukuja', '2345678-0', isannointi)
    const kuusirinne = await org('housing_cooperative', 'As Oy Kuusirinne', '3456780-6', isannointi)
    const putkityo = await org('partner_company', 'Putkityö Demo Oy', '4567890-7')
    const portfolio = await org('investor_portfolio', 'Demo Asuntosijoitus Ky', null)
    await trx
      .insertInto('portfolio_holdings')
      .values({ org_id: portfolio, cooperative_id: kuusirinne })
      .execute()
    const orgIds: Record<DemoOrgKey, string> = { isannointi, koivukuja, kuusirinne, putkityo, portfolio }

    const apartments = new Map<string, { id: string; buildingId: string }>()
    const building = async (orgId: string, key: string, name: string, address: string, count: number) => {
      const b = await trx
        .insertInto('buildings')
        .values({ org_id: orgId, name, address })
        .returning('id')
        .executeTakeFirstOrThrow()
      const stair = await trx
        .insertInto('staircases')
        .values({ org_id: orgId, building_id: b.id, name })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (let i = 1; i <= count; i++) {
        const area = [34.5, 48, 56.5, 72, 81.5, 95][i % 6]!
        const a = await trx
          .insertInto('apartments')
          .values({
            org_id: orgId,
            building_id: b.id,
            staircase_id: stair.id,
            number: `${name} ${i}`,
            area_m2: area,
            share_count: Math.round(area * 10),
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        apartments.set(`${key}:${name} ${i}`, { id: a.id, buildingId: b.id })
      }
    }
    await building(koivukuja, 'koivukuja', 'A', 'Koivukuja 1, 00100 Helsinki', 6)
    await building(koivukuja, 'koivukuja', 'B', 'Koivukuja 3, 00100 Helsinki', 6)
    await building(kuusirinne, 'kuusirinne', 'A', 'Kuusirinne 5, 02100 Espoo', 8)

    for (const u of DEMO_USERS) {
      const user = await trx
        .insertInto('users')
        .values({
          email: u.email,
          name: u.name,
          phone: '+358 40 000 0000',
          language: 'fi',
          password_hash: passwordHash,
          platform_admin: u.role === 'platform_admin',
          totp_key: null,
          totp_pending_key: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      if (u.role === 'platform_admin') continue
      const apt = u.apartment ? apartments.get(`${u.org}:${u.apartment}`) : undefined
      await trx
        .insertInto('memberships')
        .values({
          org_id: orgIds[u.org],
          user_id: user.id,
          role: u.role,
          building_id: apt?.buildingId ?? null,
          apartment_id: apt?.id ?? null,
        })
        .execute()
    }
  })
  await seedDemoChannels(db)
  await seedDemoCases(db)
  await seedDemoServiceHistory(db)
  await seedDemoBookings(db)
  await seedDemoBoards(db)
  await seedDemoKb(db, opts.filesDir)
  await seedDemoDocuments(db, opts.filesDir)
  await seedDemoFinance(db)
  await seedDemoFinanceDocuments(db, opts.filesDir)
  await seedDemoReports(db)
  await seedDemoCommunications(db, DEMO_PASSWORD)
  await seedDemoMeters(db)
  await seedDemoInfo(db)
  return true
}
