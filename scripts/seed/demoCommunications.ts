import { hashPassword } from '../../server/auth/passwords.ts'
import type { DB } from '../../server/db/connect.ts'
import { jsonb } from '../../server/db/json.ts'
import { koivukujaId } from './koivukuja.ts'

export const DEMO_OWNER_B = { email: 'owner.b@example.com', name: 'Bertta Bäckman', apartment: 'B 2' }

/**
 * Communications demo (issue 16): an owner in building B of As Oy Koivukuja (so "owners of B"
 * reaches someone other than the board member living there), with a phone and letters on, and
 * one open announcement of the cooperative shown as a banner to its members.
 */
export async function seedDemoCommunications(db: DB, password: string): Promise<void> {
  const coop = await koivukujaId(db)
  const apartment = await db
    .selectFrom('apartments')
    .select(['id', 'building_id'])
    .where('org_id', '=', coop)
    .where('number', '=', DEMO_OWNER_B.apartment)
    .executeTakeFirstOrThrow()
  const user = await db
    .insertInto('users')
    .values({
      email: DEMO_OWNER_B.email,
      name: DEMO_OWNER_B.name,
      phone: '+358 40 000 0002',
      language: 'fi',
      password_hash: await hashPassword(password),
      platform_admin: false,
      totp_key: null,
      totp_pending_key: null,
      notification_prefs: jsonb({ announcement: { portal: true, email: true, sms: true, letter: true } }),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('memberships')
    .values({
      org_id: coop,
      user_id: user.id,
      role: 'owner',
      building_id: apartment.building_id,
      apartment_id: apartment.id,
    })
    .execute()
  const now = Date.now()
  await db
    .insertInto('announcements')
    .values({
      org_id: coop,
      severity: 'info',
      starts_at: new Date(now - 86_400_000),
      ends_at: new Date(now + 14 * 86_400_000),
      signalled_at: new Date(now),
      created_by: null,
      texts: jsonb({
        fi: { title: 'Pihatalkoot lauantaina klo 10', body: 'Tervetuloa haravoimaan, kahvit tarjolla.' },
        sv: { title: 'Gårdstalko på lördag kl. 10', body: 'Välkommen att kratta, kaffe bjuds.' },
        en: { title: 'Yard clean-up on Saturday at 10', body: 'Come and rake, coffee is served.' },
      }),
    })
    .execute()
}
