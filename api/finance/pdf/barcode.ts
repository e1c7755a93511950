/**
 * The Finnish bank giro's virtual bar code (pankkiviivakoodi, version 4): 54 digits a bank app
 * reads to fill in account, amount, reference and due date. Only for Finnish IBANs and amounts
 * under a million euros; null otherwise.
 */
export function virtualBarcode(opts: {
  iban: string
  cents: number
  reference: string
  dueDate: string
}): string | null {
  if (!/^FI\d{16}$/.test(opts.iban) || opts.cents < 0 || opts.cents >= 100_000_000) return null
  if (!/^\d{1,20}$/.test(opts.reference)) return null
  const euros = String(Math.floor(opts.cents / 100)).padStart(6, '0')
  const cents = String(opts.cents % 100).padStart(2, '0')
  const due = opts.dueDate.slice(2).replaceAll('-', '')
  return `4${opts.iban.slice(2)}${euros}${cents}000${opts.reference.padStart(20, '0')}${due}`
}
