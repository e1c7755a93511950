import { ApiError } from '../api.ts'
import { type MessageKey, type PluralKey, t, tPlural } from '../i18n/index.ts'
import { errorMessage } from '../ui/errors.ts'

export type StructureKind = 'building' | 'staircase' | 'apartment'

/** `/orgs/:id/buildings/:buildingId` and its siblings (api/onboarding/structureEditRoutes.ts). */
export const itemPath = (orgId: string, kind: StructureKind, id: string) => `/orgs/${orgId}/${kind}s/${id}`

const KNOWN = new Set([
  'apartments',
  'staircases',
  'memberships',
  'invitations',
  'cases',
  'bookings',
  'finance_invoices',
  'finance_payments',
])

/**
 * A refused removal in the user's language: the API's 409 carries what still refers to the item
 * (`details.references`, table → count), which becomes "3 apartments, 1 membership".
 */
export function removalError(error: unknown): string {
  const refs = error instanceof ApiError ? error.details.references : undefined
  if (!refs || typeof refs !== 'object') return errorMessage(error)
  const list = Object.entries(refs as Record<string, number>)
    .map(([table, n]) => tPlural(`orgSettings.refs.${KNOWN.has(table) ? table : 'other'}` as PluralKey, n))
    .join(', ')
  return t('orgSettings.referenced', { list })
}

const RESTORE_REASONS = new Set(['restored', 'taken', 'parent_removed'])

/** A refused undo in the user's language, from the API's `details.reason` (structureRestore.ts). */
export function restoreError(error: unknown, name: string): string {
  const reason = error instanceof ApiError ? error.details.reason : undefined
  if (typeof reason !== 'string' || !RESTORE_REASONS.has(reason)) return errorMessage(error)
  return t(`orgSettings.restoreRefused.${reason}` as MessageKey, { name })
}

/** "45,5" or "45.5" → 45.5; undefined when not a positive number. */
export function parseDecimal(raw: string): number | undefined {
  const s = raw.trim().replace(',', '.')
  if (!/^\d+(\.\d+)?$/.test(s)) return undefined
  const n = Number(s)
  return n > 0 ? n : undefined
}
