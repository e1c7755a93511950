import { Hono } from 'hono'
import { describeRoute } from 'hono-openapi'
import { InvoiceParams, PdfQuery } from '../../schema/api/finance.ts'
import { helsinkiToday } from '../../schema/finance/status.ts'
import type { AppEnv } from '../http/context.ts'
import { valid } from '../http/validate.ts'
import { authorizeInvoice } from './access.ts'
import { invoicesOf } from './apartmentFinance.ts'
import { renderInvoicePdf } from './pdf/invoicePdf.ts'

/** An invoice as a PDF, for whoever may read its apartment's finance (404 for anyone else). */
export const invoicePdfRoutes = new Hono<AppEnv>()

invoicePdfRoutes.get(
  '/:orgId/invoices/:invoiceId/pdf',
  describeRoute({
    summary: 'The invoice as a PDF (with the bank giro details and virtual bar code)',
    tags: ['finance'],
  }),
  valid('param', InvoiceParams),
  valid('query', PdfQuery),
  async (c) => {
    const { orgId, invoiceId } = c.req.valid('param')
    const { org, apartmentId } = await authorizeInvoice(c, orgId, invoiceId)
    const { db } = c.get('deps')
    const [invoice] = await invoicesOf(db, org.id, { invoiceId }, helsinkiToday())
    const place = await db
      .selectFrom('apartments as a')
      .innerJoin('buildings as b', 'b.id', 'a.building_id')
      .innerJoin('organisations as o', 'o.id', 'a.org_id')
      .select(['a.number', 'b.name as building', 'b.address', 'o.name', 'o.business_id'])
      .where('a.id', '=', apartmentId)
      .executeTakeFirstOrThrow()
    const pdf = await renderInvoicePdf({
      invoice: invoice!,
      cooperative: { name: place.name, businessId: place.business_id, address: place.address },
      apartment: { number: place.number, building: place.building },
      lang: c.req.valid('query').lang,
    })
    const name = `invoice-${invoice!.reference}.pdf`
    return new Response(new Uint8Array(pdf), {
      headers: {
        'Content-Type': 'application/pdf',
        'Content-Length': String(pdf.length),
        'Content-Disposition': `attachment; filename="${name}"`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    })
  },
)
