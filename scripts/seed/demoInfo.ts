import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'

/**
 * Demo information pages and links (issue 17) for both cooperatives: who to call (the manager,
 * the maintenance company, the board chair), the emergency number, office hours, house rules, and
 * two external links.
 */
const COOPS = ['2345678-0', '3456780-6']

export async function seedDemoInfo(db: DB): Promise<void> {
  const coops = await db.selectFrom('organisations').select('id').where('business_id', 'in', COOPS).execute()
  const manager = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@example.com')
    .executeTakeFirst()
  for (const coop of coops) {
    await db
      .insertInto('org_info')
      .values({
        org_id: coop.id,
        contacts: jsonb([
          {
            role: 'Isännöitsijä',
            name: 'Iiro Isännöitsijä',
            phone: '+358 40 123 4567',
            email: 'manager@example.com',
            note: 'Arkisin 9–15',
          },
          {
            role: 'Huoltoyhtiö',
            name: 'Huolto Matti Oy',
            phone: '020 123 4560',
            email: '',
            note: 'Vikailmoitukset myös sovelluksessa',
          },
          {
            role: 'Hallituksen puheenjohtaja',
            name: 'Hanna Hallitus',
            phone: '',
            email: 'board@example.com',
            note: '',
          },
        ]),
        office_hours: 'Ma–pe 9–15, puhelinaika 9–11',
        emergency_phone: '020 123 4569',
        house_rules:
          'Hiljaisuus klo 22–7.\nTupakointi parvekkeilla on kielletty.\nPyörät säilytetään pyörävarastossa.',
        updated_by: manager?.id ?? null,
        updated_at: new Date(),
      })
      .onConflict((oc) => oc.column('org_id').doNothing())
      .execute()
    await db
      .insertInto('org_links')
      .values([
        {
          org_id: coop.id,
          title: 'Sähköyhtiön asiakasportaali',
          url: 'https://www.example.com/sahko',
          description: 'Oman sähkösopimuksen ja kulutuksen tiedot',
          icon: 'power',
          position: 0,
          created_by: manager?.id ?? null,
        },
        {
          org_id: coop.id,
          title: 'Jätteiden lajitteluohje',
          url: 'https://www.example.com/lajittelu',
          description: 'Mikä kuuluu mihinkin astiaan',
          icon: 'recycle',
          position: 1,
          created_by: manager?.id ?? null,
        },
      ])
      .execute()
  }
}
