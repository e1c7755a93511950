import { parse } from 'csv-parse/sync'
import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { sql } from 'kysely'
import { IdParam } from '../../schema/api/common.ts'
import { ImportQuery } from '../../schema/api/financeImport.ts'
import { BulkInvitationRow, MAX_BULK_INVITATIONS } from '../../schema/api/onboarding.ts'
import { AppError } from '../../schema/errors.ts'
import { ROLES_BY_KIND, SCOPABLE_ROLES } from '../../schema/roles.ts'
import { apartmentIndex } from '../finance/import/kinds/apartments.ts'
import { authorizeOrg } from '../http/access.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { createInvitation } from '../invitations/create.ts'

/**
 * Board members and owners invited in bulk from a CSV (`email,role,apartment,language`), each in
 * their own language, with a report per row: invited, skipped (already a member with that role, or
 * invited and not yet answered) or refused (with the field and the reason). A bad row never stops
 * the good ones; `?dryRun=1` reports without sending anything. Mounted under /api/orgs.
 */
export const bulkInvitationRoutes = new Hono<AppEnv>()

type Outcome = 'invited' | 'skipped' | 'refused'
interface RowResult {
  row: number
  email: string | null
  status: Outcome
  message?: string
  path?: string
}

bulkInvitationRoutes.post(
  '/:id/invitations/bulk',
  describeRoute({
    summary: 'Invite people in bulk from a CSV (email, role, apartment, language), with a per-row report',
    tags: ['orgs'],
  }),
  valid('param', IdParam),
  valid('query', ImportQuery),
  async (c) => {
    const org = await authorizeOrg(c, c.req.valid('param').id, 'members.manage')
    const dryRun = ['1', 'true'].includes(c.req.valid('query').dryRun ?? '')
    const type = c.req.header('content-type') ?? ''
    if (!type.startsWith('text/csv'))
      throw new AppError('unsupported_media_type', 'Send the invitations as text/csv with a header row.')
    let records: Record<string, string>[]
    try {
      records = parse(await c.req.text(), {
        columns: (header: string[]) => header.map((h) => h.trim()),
        bom: true,
        trim: true,
        skip_empty_lines: true,
        max_record_size: 2000,
        to: MAX_BULK_INVITATIONS + 1,
      })
    } catch (error) {
      throw new AppError('bad_request', `The CSV could not be read: ${(error as Error).message}`)
    }
    if (records.length > MAX_BULK_INVITATIONS)
      throw new AppError('payload_too_large', `At most ${MAX_BULK_INVITATIONS} invitations per file.`)

    const { db } = c.get('deps')
    const actorId = c.get('session').userId
    const results: RowResult[] = []
    const work = async (trx: typeof db) => {
      const [orgRow, inviter, apartments] = await Promise.all([
        trx.selectFrom('organisations').select('name').where('id', '=', org.id).executeTakeFirstOrThrow(),
        trx.selectFrom('users').select('name').where('id', '=', actorId).executeTakeFirstOrThrow(),
        apartmentIndex(trx, org.id),
      ])
      const seen = new Set<string>()
      for (const [i, raw] of records.entries()) {
        const row = i + 1
        // An empty optional cell counts as absent.
        const cells = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''))
        const parsed = BulkInvitationRow.safeParse(cells)
        const email = typeof raw.email === 'string' ? raw.email.slice(0, 254) : null
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!
          results.push({
            row,
            email,
            status: 'refused',
            path: issue.path.join('.') || '(row)',
            message: issue.message,
          })
          continue
        }
        const r = parsed.data
        const refuse = (path: string, message: string) =>
          results.push({ row, email: r.email, status: 'refused', path, message })
        if (!ROLES_BY_KIND[org.kind].includes(r.role)) {
          refuse('role', `The role ${r.role} does not exist in this kind of organisation.`)
          continue
        }
        let apartmentId: string | null = null
        let buildingId: string | null = null
        if (r.apartment) {
          if (!SCOPABLE_ROLES.includes(r.role)) {
            refuse('apartment', `The role ${r.role} is not limited to an apartment; leave the cell empty.`)
            continue
          }
          const found = apartments.resolve(r.apartment)
          if ('error' in found) {
            refuse('apartment', found.error)
            continue
          }
          apartmentId = found.id
          const apt = await trx
            .selectFrom('apartments')
            .select('building_id')
            .where('id', '=', found.id)
            .executeTakeFirstOrThrow()
          buildingId = apt.building_id
        }
        const dedupe = `${r.email.toLowerCase()}|${r.role}|${apartmentId ?? ''}`
        if (seen.has(dedupe) || (await alreadyThere(trx, org.id, r.email, r.role))) {
          results.push({ row, email: r.email, status: 'skipped', message: 'Already a member or invited.' })
          continue
        }
        seen.add(dedupe)
        await createInvitation(trx, c.get('deps'), {
          orgId: org.id,
          orgName: orgRow.name,
          actorId,
          inviterName: inviter.name,
          email: r.email,
          role: r.role,
          buildingId,
          apartmentId,
          language: r.language,
        })
        results.push({ row, email: r.email, status: 'invited' })
      }
    }
    // A dry run does the same work in a transaction that is rolled back (no row, no mail).
    await db
      .transaction()
      .execute(async (trx) => {
        await work(trx)
        if (dryRun) throw new DryRun()
      })
      .catch((error: unknown) => {
        if (!(error instanceof DryRun)) throw error
      })
    const counts = { invited: 0, skipped: 0, refused: 0 }
    for (const r of results) counts[r.status]++
    return c.json({ dryRun, counts, rows: results })
  },
)

class DryRun extends Error {}

async function alreadyThere(
  trx: Parameters<typeof apartmentIndex>[0],
  orgId: string,
  email: string,
  role: string,
) {
  const member = await trx
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.id')
    .where('m.org_id', '=', orgId)
    .where('m.role', '=', role as never)
    .where(sql`lower(u.email)`, '=', email.toLowerCase())
    .executeTakeFirst()
  if (member) return true
  const invited = await trx
    .selectFrom('invitations')
    .select('id')
    .where('org_id', '=', orgId)
    .where('role', '=', role as never)
    .where(sql`lower(email)`, '=', email.toLowerCase())
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst()
  return invited !== undefined
}
