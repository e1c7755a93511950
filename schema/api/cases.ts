import { z } from 'zod'
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  CATEGORY_KEY,
  type CaseCategory,
  type CasePriority,
  type CaseStatus,
  MAX_CASE_DESCRIPTION_LENGTH,
  MAX_CASE_TITLE_LENGTH,
} from '../cases.ts'
import type { CaseAction } from '../policy.ts'
import { Email, Uuid } from './common.ts'

/** Requests and responses of /api/cases. Strict objects: unknown fields are an error. */
export const CaseCreateBody = z.strictObject({
  org: Uuid,
  title: z.string().trim().min(1).max(MAX_CASE_TITLE_LENGTH),
  description: z.string().max(MAX_CASE_DESCRIPTION_LENGTH).default(''),
  category: z.string().regex(CATEGORY_KEY),
  priority: z.enum(CASE_PRIORITIES).default('normal'),
  /** Defaults to the reporter's own building/apartment in that cooperative. */
  buildingId: Uuid.optional(),
  staircaseId: Uuid.optional(),
  apartmentId: Uuid.optional(),
  sharedWithBuilding: z.boolean().default(false),
})

const csv = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).max(values.length))

export const CASE_SORTS = ['created', 'updated', 'priority', 'due', 'number', 'status'] as const
export const CaseListQuery = z.strictObject({
  /** Without an organisation: the caller's own cases (reported, assigned, participating) everywhere. */
  org: Uuid.optional(),
  status: csv(CASE_STATUSES).optional(),
  category: z.string().regex(CATEGORY_KEY).optional(),
  building: Uuid.optional(),
  assignee: z.union([Uuid, z.literal('me'), z.literal('none')]).optional(),
  mine: z.enum(['1', 'true']).optional(),
  q: z.string().trim().max(100).optional(),
  sort: z.enum(CASE_SORTS).default('created'),
  order: z.enum(['asc', 'desc']).default('desc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})

export const CasePatchBody = z.strictObject({ sharedWithBuilding: z.boolean() })
export const ParticipantBody = z.strictObject({ email: Email })
export const CaseParticipantParams = z.strictObject({ id: Uuid, userId: Uuid })
export const CategoriesQuery = z.strictObject({
  org: Uuid,
  /** '1': retired categories too (lists and settings name old cases by them). */
  all: z.enum(['1']).optional(),
})
const CategoryName = z.string().trim().min(1).max(100)
/** Add a category: the server derives its key from the name. */
export const CategoryCreateBody = z.strictObject({ org: Uuid, name: CategoryName })
export const CategoryParams = z.strictObject({ key: z.string().regex(CATEGORY_KEY) })
/** Rename (null: back to the translated default name) or retire / bring back. */
export const CategoryPatchBody = z
  .strictObject({ org: Uuid, name: CategoryName.nullable().optional(), active: z.boolean().optional() })
  .refine((b) => b.name !== undefined || b.active !== undefined, { message: 'Nothing to change.' })
export const CategoriesBody = z.strictObject({
  org: Uuid,
  categories: z
    .array(
      z.strictObject({
        key: z.string().regex(CATEGORY_KEY),
        name: z.string().trim().min(1).max(100).nullable(),
      }),
    )
    .min(1)
    .max(50),
})

export interface PersonRef {
  id: string
  name: string
}

export interface CaseSummary {
  id: string
  orgId: string
  number: number
  title: string
  category: string
  priority: CasePriority
  status: CaseStatus
  assignee: PersonRef | null
  reporter: PersonRef
  dueDate: string | null
  building: { id: string; name: string } | null
  apartment: { id: string; number: string } | null
  sharedWithBuilding: boolean
  createdAt: string
  updatedAt: string
  /** Messages in the case thread (and internal notes, for those who see them) not yet read. */
  unread: number
}

export interface CaseList {
  cases: CaseSummary[]
  total: number
  page: number
  pageSize: number
  abilities: { create: boolean }
  /**
   * With an organisation: what the building and assignee filters offer, taken from the cases the
   * caller may see there (so they name nothing the list would not show).
   */
  filterOptions?: CaseFilterOptions
}

export interface CaseFilterOptions {
  buildings: Array<{ id: string; name: string }>
  assignees: PersonRef[]
}

export interface CaseDetail extends CaseSummary {
  staircase: { id: string; name: string } | null
  participants: PersonRef[]
  history: Array<{ status: CaseStatus; by: PersonRef | null; at: string }>
  /** Every change of the description and checklist, oldest first (projected from the update log). */
  changes: CaseRecordEntry[]
  /** Live documents the caller may open. `notes` is absent for those who may not see internal notes. */
  documents: { case: string; thread: string; notes?: string }
  threads: { case: string; notes?: string }
  /** People who may be assigned (handlers and participants). Empty for those who cannot assign. */
  assignable: PersonRef[]
  /** Names for the people who write in this case's documents. */
  people: PersonRef[]
  abilities: CaseAction[]
}

/**
 * One change of a case's record: the description (`before`/`after` its whole text) or a checklist
 * item (`itemText` its text then; `before`/`after` the old and new text of an edit).
 */
export interface CaseRecordEntry {
  kind:
    | 'description'
    | 'checklist_added'
    | 'checklist_edited'
    | 'checklist_ticked'
    | 'checklist_unticked'
    | 'checklist_removed'
  itemText: string | null
  before: string | null
  after: string | null
  by: PersonRef | null
  at: string
}

export interface CaseCategories {
  categories: CaseCategory[]
  custom: boolean
  /** Whether the caller may add, rename and retire categories (staff and board). */
  abilities?: { manage: boolean }
}

export type CaseCreateInput = z.input<typeof CaseCreateBody>
export type CaseListQuery = z.output<typeof CaseListQuery>
