import type { InvoiceKind } from '../../../schema/finance/kinds.ts'
import type { Language } from '../../../schema/roles.ts'

/** The words on an invoice PDF, in the three languages of the portal. */
export interface InvoicePdfTexts {
  title: string
  kinds: Record<InvoiceKind, string>
  apartment: string
  payer: string
  period: string
  issued: string
  due: string
  reference: string
  iban: string
  amount: string
  vat: string
  paid: string
  credited: string
  open: string
  barcode: string
  businessId: string
  footer: string
}

export const INVOICE_PDF_TEXTS: Record<Language, InvoicePdfTexts> = {
  fi: {
    title: 'LASKU',
    kinds: {
      maintenance: 'Hoitovastike',
      financing: 'Rahoitusvastike',
      water: 'Vesimaksu',
      sauna: 'Saunamaksu',
      parking: 'Autopaikkamaksu',
      other: 'Muu maksu',
    },
    apartment: 'Huoneisto',
    payer: 'Maksaja',
    period: 'Kausi',
    issued: 'Laskun päivä',
    due: 'Eräpäivä',
    reference: 'Viitenumero',
    iban: 'Saajan tilinumero (IBAN)',
    amount: 'Yhteensä',
    vat: 'josta ALV',
    paid: 'Maksettu',
    credited: 'Hyvitetty',
    open: 'Maksettavaa',
    barcode: 'Virtuaaliviivakoodi',
    businessId: 'Y-tunnus',
    footer: 'Maksa viitenumerolla. Tiedot ovat Kotipihassa kohdassa Omat raha-asiat.',
  },
  sv: {
    title: 'FAKTURA',
    kinds: {
      maintenance: 'Skötselvederlag',
      financing: 'Finansieringsvederlag',
      water: 'Vattenavgift',
      sauna: 'Bastuavgift',
      parking: 'Bilplatsavgift',
      other: 'Övrig avgift',
    },
    apartment: 'Lägenhet',
    payer: 'Betalare',
    period: 'Period',
    issued: 'Fakturadatum',
    due: 'Förfallodag',
    reference: 'Referensnummer',
    iban: 'Mottagarens kontonummer (IBAN)',
    amount: 'Totalt',
    vat: 'varav moms',
    paid: 'Betalt',
    credited: 'Krediterat',
    open: 'Att betala',
    barcode: 'Virtuell streckkod',
    businessId: 'FO-nummer',
    footer: 'Betala med referensnumret. Uppgifterna finns i Kotipiha under Min ekonomi.',
  },
  en: {
    title: 'INVOICE',
    kinds: {
      maintenance: 'Maintenance charge',
      financing: 'Financing charge',
      water: 'Water charge',
      sauna: 'Sauna charge',
      parking: 'Parking charge',
      other: 'Other charge',
    },
    apartment: 'Apartment',
    payer: 'Payer',
    period: 'Period',
    issued: 'Invoice date',
    due: 'Due date',
    reference: 'Reference number',
    iban: "Payee's account (IBAN)",
    amount: 'Total',
    vat: 'of which VAT',
    paid: 'Paid',
    credited: 'Credited',
    open: 'To pay',
    barcode: 'Virtual bar code',
    businessId: 'Business ID',
    footer: 'Pay with the reference number. The details are in Kotipiha under My finances.',
  },
}
