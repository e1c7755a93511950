import { electronicFormatIBAN, friendlyFormatIBAN, isValidIBAN } from 'ibantools'

/** IBANs through ibantools (country lengths, BBAN formats and the mod-97 check). */

/** The IBAN as stored (upper case, no spaces), or null when it is not a valid one. */
export function normaliseIban(input: string): string | null {
  const electronic = electronicFormatIBAN(input)
  return electronic && isValidIBAN(electronic) ? electronic : null
}

/** Groups of four, as printed on an invoice: "FI21 1234 5600 0007 85". */
export function formatIban(iban: string): string {
  return friendlyFormatIBAN(iban) ?? iban
}
