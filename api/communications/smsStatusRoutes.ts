import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { z } from 'zod'
import { notFound } from '../../schema/errors.ts'
import { recordSmsReport, smsSecretMatches } from '../../server/communications/smsStatus.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'

/**
 * `POST /api/sms-status/:secret?delivery=<id>`: the SMS provider's delivery report (46elks'
 * `whendelivered` form: `id`, `status`, `delivered`). No session: the provider proves itself with
 * the secret in the address (SMS_STATUS_SECRET), and a wrong or unset secret is 404 like any
 * unknown address. A report the rows do not confirm (another delivery, another provider id, a
 * row not sent) is answered 200 and changes nothing, so the provider does not retry it forever.
 */
export const smsStatusRoutes = new Hono<AppEnv>()

const Report = z.object({
  id: z.string().min(1).max(100),
  // "sent" is an intermediate report some providers send; it changes nothing.
  status: z.enum(['delivered', 'failed', 'sent']),
  delivered: z.string().max(64).optional(),
})

smsStatusRoutes.post(
  '/:secret',
  describeRoute({ summary: "The SMS provider's delivery report", tags: ['communications'] }),
  valid('query', z.object({ delivery: z.string().regex(/^\d{1,18}$/, 'must be a delivery id') })),
  valid('form', Report),
  async (c) => {
    const { db, config } = c.get('deps')
    if (!smsSecretMatches(c.req.param('secret'), config.smsStatusSecret)) throw notFound()
    const report = c.req.valid('form')
    if (report.status === 'sent') return c.json({ recorded: false })
    const at = report.delivered ? providerTime(report.delivered) : undefined
    const recorded = await recordSmsReport(db, {
      deliveryId: c.req.valid('query').delivery,
      providerId: report.id,
      status: report.status,
      ...(at && !Number.isNaN(at.getTime()) && at.getTime() <= Date.now() + 60_000 ? { at } : {}),
    })
    return c.json({ recorded })
  },
)

/** 46elks writes UTC without a zone ("2026-12-07T05:40:12.123000"); a zone given is kept. */
function providerTime(text: string): Date {
  const iso = text.trim().replace(' ', 'T')
  return new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`)
}
