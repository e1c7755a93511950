/**
 * The vocabulary of cases, shared by the API, the collab server (guard, projection) and the
 * client: statuses and the moves between them, priorities, default categories.
 */
export const CASE_STATUSES = ['new', 'in_progress', 'waiting', 'resolved', 'closed'] as const
export type CaseStatus = (typeof CASE_STATUSES)[number]

/**
 * Where a case may go from each status. Anything may be reopened (back to in progress) until it
 * is closed; a closed case is reopened to "in progress" too. Staying put is not a move.
 */
export const CASE_TRANSITIONS: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  new: ['in_progress', 'waiting', 'resolved', 'closed'],
  in_progress: ['waiting', 'resolved', 'closed'],
  waiting: ['in_progress', 'resolved', 'closed'],
  resolved: ['in_progress', 'closed'],
  closed: ['in_progress'],
}

export function isCaseStatus(value: unknown): value is CaseStatus {
  return typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value)
}

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  return CASE_TRANSITIONS[from].includes(to)
}

/** Statuses a case is "open" in (lists default to these; badges count them). */
export const OPEN_CASE_STATUSES: readonly CaseStatus[] = ['new', 'in_progress', 'waiting']

export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export type CasePriority = (typeof CASE_PRIORITIES)[number]

export function isCasePriority(value: unknown): value is CasePriority {
  return typeof value === 'string' && (CASE_PRIORITIES as readonly string[]).includes(value)
}

/** A category key: lowercase letters, digits and underscores. Defaults are translated by key. */
export const CATEGORY_KEY = /^[a-z0-9_]{1,40}$/
export const DEFAULT_CASE_CATEGORIES = [
  'water_damage',
  'heating',
  'electricity',
  'doors_locks',
  'yard',
  'noise',
  'other',
] as const

export interface CaseCategory {
  key: string
  /** A cooperative's own name for it; null for a default category (the client translates the key). */
  name: string | null
  /** A retired category stays on the cases filed under it but is not offered for new ones. */
  active?: boolean
}

export const MAX_CASE_CATEGORIES = 50

export const MAX_CASE_TITLE_LENGTH = 200
export const MAX_CASE_DESCRIPTION_LENGTH = 10_000
export const MAX_CHECKLIST_ITEMS = 100
export const MAX_CHECKLIST_TEXT_LENGTH = 300
/** 'YYYY-MM-DD', a calendar date in Europe/Helsinki. */
export const DUE_DATE = /^\d{4}-\d{2}-\d{2}$/
