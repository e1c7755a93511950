import type * as Y from 'yjs'
import type { DocRef } from '../../schema/docs/names.ts'
import { ARCHIVE_LIMITS, type ArchiveLimits } from '../../schema/docs/thread.ts'
import { boardRules } from './boardRules.ts'
import { caseRules } from './caseRules.ts'
import { inboxRules } from './inboxRules.ts'
import type { Deletion, Insertion } from './inspect.ts'
import { inspectUpdate } from './inspect.ts'
import { scanUpdate } from './scanUpdate.ts'
import { threadRules } from './threadRules.ts'

/** Who is writing, as the rules need it. Decided by the auth extension from `can()`. */
export interface GuardPrincipal {
  readonly userId: string
  readonly moderator: boolean
  /**
   * Case documents: who may be assigned (server/access/assignable.ts), loaded by the guard extension
   * before a manager's update is judged. Absent: no one, so an `assigneeId` other than null is refused.
   */
  readonly assignable?: ReadonlySet<string>
}

/** What the rules need about the server's own settings. */
export interface GuardSettings {
  readonly archive: ArchiveLimits
}
const DEFAULT_SETTINGS: GuardSettings = { archive: ARCHIVE_LIMITS }

/**
 * What an accepted update claims that only the database can confirm: the ids of the messages it
 * creates, which must not be in the live document or the thread's archive (extensions/guard.ts
 * asks guard/usedIds.ts, which knows both). A caller that passes claims takes on that check: the
 * thread rules then refuse only ids repeated within the update.
 */
export interface Claims {
  newIds: string[]
}

export interface KindRules {
  /** Returns why the change is refused, or null when it is allowed. */
  check(
    doc: Y.Doc,
    change: { inserts: Insertion[]; deletes: Deletion[] },
    who: GuardPrincipal,
    settings: GuardSettings,
    claims?: Claims,
  ): string | null
}

/** Kinds without rules yet accept no client writes at all: refusing is the safe default. */
const RULES: Partial<Record<DocRef['kind'], KindRules>> = {
  thread: threadRules,
  case: caseRules,
  inbox: inboxRules,
  board: boardRules,
}

export type Verdict = { ok: true } | { ok: false; rule: string }

/** The whole check for one incoming update: cheap bounds first, then paths, then the kind's rules. */
export function judgeUpdate(
  doc: Y.Doc,
  ref: DocRef,
  update: Uint8Array,
  who: GuardPrincipal,
  settings: GuardSettings = DEFAULT_SETTINGS,
  claims?: Claims,
): Verdict {
  const scan = scanUpdate(update)
  if (!scan.ok) return { ok: false, rule: scan.reason }
  if (scan.structs === 0 && scan.deletes === 0) return { ok: true }
  const rules = RULES[ref.kind]
  if (!rules) return { ok: false, rule: `${ref.kind} documents do not accept writes yet` }
  const inspection = inspectUpdate(doc, update)
  if (!inspection.ok) return { ok: false, rule: inspection.reason }
  if (inspection.inserts.length === 0 && inspection.deletes.length === 0) return { ok: true }
  const refusal = rules.check(doc, inspection, who, settings, claims)
  return refusal ? { ok: false, rule: refusal } : { ok: true }
}
