import type { Role } from '../roles.ts'
import { hasAny, isPlatformAdmin, type OrgRef, type Principal, rolesIn } from './principal.ts'

/** Task boards (live documents) and the cards of a board delegated to a contractor company. */

export type BoardAction = 'board.read' | 'board.write' | 'board.create' | 'board.manage'
/** Asked of one card (a `task` resource), never of the board as a whole. */
export type TaskAction = 'task.read' | 'task.comment' | 'task.progress'
export const BOARD_ACTIONS: readonly BoardAction[] = [
  'board.read',
  'board.write',
  'board.create',
  'board.manage',
]

/** Board-only boards are for these; a board published to residents is also read by them. */
export type BoardVisibility = 'board' | 'residents'
export interface BoardFacts {
  readonly id: string
  readonly visibility: BoardVisibility
  readonly archived: boolean
  /** A finance board (budget, fiscal year) is co-edited by the accountant too; absent: general. */
  readonly topic?: BoardTopic
}

/** `board: null` asks about a board that does not exist yet (board.create). */
export type BoardTopic = 'general' | 'finance'

export type BoardResource = { type: 'board'; org: OrgRef; board: BoardFacts | null }

/**
 * One card of a board, as its projection row holds it: the contractor company it is delegated to
 * (loaded from its row, like every org) reaches this card and nothing else of the board.
 */
export type TaskResource = { type: 'task'; org: OrgRef; board: BoardFacts; delegatedTo: OrgRef | null }

/** Who co-edits boards: the board and the management company's people who run the cooperative. */
export const BOARD_EDITORS: readonly Role[] = ['board_member', 'property_manager', 'org_admin']
/** Who reads every board of the cooperative without editing it. */
const BOARD_READERS: readonly Role[] = ['accountant', 'auditor']
/** Who works on every board's cards (read, write, comment) without creating or managing boards. */
export const BOARD_WORKERS: readonly Role[] = ['maintenance_staff']
/** Who reads a board its cooperative has published to residents. */
const RESIDENT_ROLES: readonly Role[] = ['owner', 'owner_representative', 'resident']
/** The people of a partner company who work on the tasks delegated to it. */
export const CONTRACTOR_ROLES: readonly Role[] = ['contractor', 'contractor_representative', 'org_admin']

export function canOnBoard(p: Principal, action: BoardAction, resource: BoardResource): boolean {
  const { org, board } = resource
  if (org.kind !== 'housing_cooperative') return false
  if (isPlatformAdmin(p)) return (BOARD_ACTIONS as readonly string[]).includes(action)
  const roles = rolesIn(p, org)
  if (roles.size === 0) return false
  const editor = hasAny(roles, BOARD_EDITORS)
  if (action === 'board.create') return board === null && editor
  if (board === null) return false
  const worker = hasAny(roles, BOARD_WORKERS) || (board.topic === 'finance' && roles.has('accountant'))
  const reads =
    editor ||
    worker ||
    hasAny(roles, BOARD_READERS) ||
    (board.visibility === 'residents' && hasAny(roles, RESIDENT_ROLES))
  switch (action) {
    case 'board.read':
      return reads
    case 'board.write':
      return (editor || worker) && !board.archived
    case 'board.manage':
      return editor
    default:
      return false
  }
}

/** A contractor of the company a card is delegated to (an active partner company). */
export function isDelegate(p: Principal, delegatedTo: OrgRef | null): boolean {
  if (delegatedTo?.kind !== 'partner_company') return false
  return hasAny(rolesIn(p, delegatedTo), CONTRACTOR_ROLES)
}

export function canOnTask(p: Principal, action: TaskAction, resource: TaskResource): boolean {
  const { org, board, delegatedTo } = resource
  const onBoard = { type: 'board', org, board } as const
  // A suspended cooperative grants nothing, to its contractors either.
  if (org.status !== 'active' && !isPlatformAdmin(p)) return false
  const delegate = isDelegate(p, delegatedTo)
  switch (action) {
    case 'task.read':
      return delegate || canOnBoard(p, 'board.read', onBoard)
    case 'task.comment':
    case 'task.progress':
      return (delegate && !board.archived) || canOnBoard(p, 'board.write', onBoard)
    default:
      return false
  }
}

/** What the client may show for a board. */
export function boardAbilities(p: Principal, org: OrgRef, board: BoardFacts) {
  const resource = { type: 'board', org, board } as const
  return {
    write: canOnBoard(p, 'board.write', resource),
    manage: canOnBoard(p, 'board.manage', resource),
  }
}
