import { AppError, notFound } from '../../schema/errors.ts'
import { MAIL } from '../../schema/i18n/mail.ts'
import { audit } from '../admin/audit.ts'
import type { AppDeps } from '../http/context.ts'

interface Decision {
  registrationId: string
  reviewerId: string
  decision: 'approve' | 'reject' | 'block'
  reason?: string | undefined
}

/**
 * Reviews a pending registration in one transaction. Approval creates the partner company and
 * makes the registering person its admin; every outcome is audited and emailed.
 */
export async function decideRegistration(deps: AppDeps, d: Decision) {
  const { db, mailer, config, onAccessChanged } = deps
  const result = await db.transaction().execute(async (trx) => {
    const reg = await trx
      .selectFrom('registrations as r')
      .innerJoin('users as u', 'u.id', 'r.user_id')
      .select(['r.id', 'r.status', 'r.company_name', 'r.business_id', 'r.user_id', 'r.email', 'u.language'])
      .where('r.id', '=', d.registrationId)
      .forUpdate()
      .executeTakeFirst()
    if (!reg) throw notFound('The registration')
    if (reg.status !== 'pending')
      throw new AppError('conflict', `This registration was already ${reg.status}.`)
    const status = d.decision === 'approve' ? 'approved' : d.decision === 'reject' ? 'rejected' : 'blocked'
    let orgId: string | null = null
    if (d.decision === 'approve') {
      const org = await trx
        .insertInto('organisations')
        .values({
          kind: 'partner_company',
          name: reg.company_name,
          business_id: reg.business_id,
          managed_by: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      orgId = org.id
      await trx
        .insertInto('memberships')
        .values({
          org_id: orgId,
          user_id: reg.user_id,
          role: 'org_admin',
          building_id: null,
          apartment_id: null,
        })
        .execute()
    }
    await trx
      .updateTable('registrations')
      .set({
        status,
        reason: d.reason ?? null,
        org_id: orgId,
        reviewed_by: d.reviewerId,
        reviewed_at: new Date(),
      })
      .where('id', '=', reg.id)
      .execute()
    await audit(trx, {
      orgId,
      actorId: d.reviewerId,
      action: `registration.${status}`,
      targetType: 'registration',
      targetId: reg.id,
      details: { company: reg.company_name, businessId: reg.business_id, reason: d.reason ?? null },
    })
    const templates = MAIL[reg.language]
    const mail =
      d.decision === 'approve'
        ? templates.registrationApproved({ company: reg.company_name, link: `${config.publicUrl}/login` })
        : templates.registrationRejected({ company: reg.company_name, reason: d.reason ?? '' })
    await mailer.enqueue(trx, { to: reg.email, ...mail, kind: `registration_${status}` })
    return { id: reg.id, status, orgId, userId: reg.user_id }
  })
  if (result.orgId) onAccessChanged({ kind: 'membership', orgId: result.orgId, userId: result.userId })
  return { registration: { id: result.id, status: result.status, orgId: result.orgId } }
}
