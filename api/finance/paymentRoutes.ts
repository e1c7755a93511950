import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import {
  CreditBody,
  FinanceOrgParam,
  InvoiceParams,
  ManualPaymentBody,
  MatchPaymentBody,
  PaymentParams,
} from '../../schema/api/finance.ts'
import { AppError, notFound } from '../../schema/errors.ts'
import { audit } from '../admin/audit.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeFinance } from './access.ts'
import { dateText, num } from './dates.ts'
import { invoiceForReference, refreshInvoices } from './matching.ts'
import { notifySettled } from './paidNotice.ts'

/**
 * Payments the bank file did not match, and what the accountant and the manager record by hand:
 * a payment (matched by its reference), a match of a waiting payment to an invoice, a credit.
 * Every change is audited in its transaction.
 */
export const paymentRoutes = new Hono<AppEnv>()

paymentRoutes.get(
  '/:orgId/payments/unmatched',
  describeRoute({ summary: 'Payments whose reference matched no invoice', tags: ['finance'] }),
  valid('param', FinanceOrgParam),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'finance.read')
    const rows = await c
      .get('deps')
      .db.selectFrom('finance_payments')
      .select([
        'id',
        'reference',
        'amount_cents',
        'payer_name',
        'source',
        'note',
        dateText('paid_on').as('paid_on'),
      ])
      .where('org_id', '=', org.id)
      .where('invoice_id', 'is', null)
      .orderBy('paid_on', 'desc')
      .limit(500)
      .execute()
    return c.json({
      payments: rows.map((r) => ({
        id: r.id,
        reference: r.reference,
        amountCents: r.amount_cents,
        paidOn: r.paid_on,
        payerName: r.payer_name,
        invoiceId: null,
        source: r.source,
        note: r.note,
      })),
    })
  },
)

paymentRoutes.post(
  '/:orgId/payments',
  describeRoute({
    summary: 'Record a payment by hand (matched to the invoice by its reference)',
    tags: ['finance'],
  }),
  valid('param', FinanceOrgParam),
  valid('json', ManualPaymentBody),
  async (c) => {
    const org = await authorizeFinance(c, c.req.valid('param').orgId, 'finance.record')
    const body = c.req.valid('json')
    const actorId = c.get('session').userId
    const result = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const invoiceId = await invoiceForReference(trx, org.id, body.reference)
        const { id } = await trx
          .insertInto('finance_payments')
          .values({
            org_id: org.id,
            external_id: null,
            reference: body.reference,
            amount_cents: body.amountCents,
            paid_on: body.paidOn,
            payer_name: body.payerName,
            invoice_id: invoiceId,
            source: 'manual',
            recorded_by: actorId,
            note: body.note,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        const settled = await refreshInvoices(trx, org.id, invoiceId ? [invoiceId] : [])
        await notifySettled(trx, org.id, settled)
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'finance.payment.record',
          targetType: 'payment',
          targetId: id,
          details: { reference: body.reference, amountCents: body.amountCents, invoiceId },
        })
        return { id, invoiceId }
      })
    return c.json(result, 201)
  },
)

paymentRoutes.post(
  '/:orgId/payments/:paymentId/match',
  describeRoute({ summary: 'Match a waiting payment to an invoice', tags: ['finance'] }),
  valid('param', PaymentParams),
  valid('json', MatchPaymentBody),
  async (c) => {
    const { orgId, paymentId } = c.req.valid('param')
    const org = await authorizeFinance(c, orgId, 'finance.record')
    const { invoiceId } = c.req.valid('json')
    const actorId = c.get('session').userId
    await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const payment = await trx
          .selectFrom('finance_payments')
          .select(['id', 'invoice_id'])
          .where('org_id', '=', org.id)
          .where('id', '=', paymentId)
          .forUpdate()
          .executeTakeFirst()
        if (!payment) throw notFound('The payment')
        if (payment.invoice_id)
          throw new AppError('conflict', 'The payment is already matched to an invoice.')
        const invoice = await trx
          .selectFrom('finance_invoices')
          .select('id')
          .where('org_id', '=', org.id)
          .where('id', '=', invoiceId)
          .executeTakeFirst()
        if (!invoice)
          throw new AppError('validation_failed', 'invoiceId: no such invoice in this cooperative.')
        await trx
          .updateTable('finance_payments')
          .set({ invoice_id: invoice.id })
          .where('id', '=', payment.id)
          .execute()
        await notifySettled(trx, org.id, await refreshInvoices(trx, org.id, [invoice.id]))
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'finance.payment.match',
          targetType: 'payment',
          targetId: payment.id,
          details: { invoiceId: invoice.id },
        })
      })
    return c.json({ ok: true })
  },
)

paymentRoutes.post(
  '/:orgId/invoices/:invoiceId/credits',
  describeRoute({ summary: 'Credit (part of) an invoice', tags: ['finance'] }),
  valid('param', InvoiceParams),
  valid('json', CreditBody),
  async (c) => {
    const { orgId, invoiceId } = c.req.valid('param')
    const org = await authorizeFinance(c, orgId, 'finance.record')
    const body = c.req.valid('json')
    const actorId = c.get('session').userId
    const id = await c
      .get('deps')
      .db.transaction()
      .execute(async (trx) => {
        const invoice = await trx
          .selectFrom('finance_invoices')
          .select(['id', 'amount_cents', 'credited_cents'])
          .where('org_id', '=', org.id)
          .where('id', '=', invoiceId)
          .forUpdate()
          .executeTakeFirst()
        if (!invoice) throw notFound('The invoice')
        const creditable = invoice.amount_cents - num(invoice.credited_cents)
        if (body.amountCents > creditable) {
          throw new AppError(
            'validation_failed',
            `amountCents: at most ${creditable} cents remain to credit.`,
          )
        }
        const credit = await trx
          .insertInto('finance_credits')
          .values({
            org_id: org.id,
            invoice_id: invoice.id,
            amount_cents: body.amountCents,
            reason: body.reason,
            recorded_by: actorId,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await notifySettled(trx, org.id, await refreshInvoices(trx, org.id, [invoice.id]))
        await audit(trx, {
          orgId: org.id,
          actorId,
          action: 'finance.credit.record',
          targetType: 'invoice',
          targetId: invoice.id,
          details: { amountCents: body.amountCents, reason: body.reason },
        })
        return credit.id
      })
    return c.json({ id }, 201)
  },
)
