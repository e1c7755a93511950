import type { Kysely } from 'kysely'
import * as Y from 'yjs'
import type { CaseRecordChangeKind, Database } from '../../schema/db/types.ts'
import { type ChecklistItem, checklistOf, descriptionOf, readChecklistItem } from '../../schema/docs/case.ts'
import type { VersionInput } from './messageVersions.ts'

/**
 * Case document → `case_record_changes`: every change of the description and the checklist, with
 * who and when, and the description before and after. The document cannot say who changed what;
 * the update log can (each row is one accepted update with its writer and the server's time). So
 * compaction hands over the stored state the rows are folded onto (`before`) and the rows, and
 * this replays them one by one, comparing the record before and after each.
 *
 * Typing sends an update per keystroke: consecutive description changes by one person within
 * COALESCE_MS become one entry (the earliest text before, the latest after), across compactions too.
 * Entries are keyed by the log row that made them, so projecting the same rows again adds nothing.
 */
const COALESCE_MS = 10 * 60_000

interface CaseRecord {
  description: string
  checklist: Map<string, ChecklistItem>
}

interface Change {
  kind: CaseRecordChangeKind
  item_id: string | null
  item_text: string | null
  before: string | null
  after: string | null
}

function recordOf(doc: Y.Doc): CaseRecord {
  const checklist = new Map<string, ChecklistItem>()
  for (const map of checklistOf(doc)) {
    if (!(map instanceof Y.Map)) continue
    const item = readChecklistItem(map)
    if (item.id) checklist.set(item.id, item)
  }
  return { description: descriptionOf(doc).toString(), checklist }
}

function changesBetween(a: CaseRecord, b: CaseRecord): Change[] {
  const out: Change[] = []
  if (a.description !== b.description)
    out.push({
      kind: 'description',
      item_id: null,
      item_text: null,
      before: a.description,
      after: b.description,
    })
  const item = (kind: CaseRecordChangeKind, it: ChecklistItem, before: string | null = null) =>
    out.push({ kind, item_id: it.id, item_text: it.text, before, after: before === null ? null : it.text })
  for (const [id, next] of b.checklist) {
    const prev = a.checklist.get(id)
    if (!prev) {
      item('checklist_added', next)
      continue
    }
    if (prev.text !== next.text) item('checklist_edited', next, prev.text)
    if (prev.done !== next.done) item(next.done ? 'checklist_ticked' : 'checklist_unticked', next)
  }
  for (const [id, prev] of a.checklist) if (!b.checklist.has(id)) item('checklist_removed', prev)
  return out
}

type Row = Change & { entry: string; changed_by: string | null; changed_at: Date }

export async function projectCaseRecord(
  trx: Kysely<Database>,
  ref: { orgId: string; id: string },
  input: VersionInput | undefined,
): Promise<void> {
  if (!input?.before || input.log.length === 0) return
  const doc = new Y.Doc()
  Y.applyUpdate(doc, input.before)
  let prev = recordOf(doc)
  const rows: Row[] = []
  for (const logged of input.log) {
    Y.applyUpdate(doc, logged.update)
    const next = recordOf(doc)
    if (logged.id === undefined) {
      prev = next
      continue
    }
    changesBetween(prev, next).forEach((change, i) => {
      const row = { ...change, entry: `${logged.id}:${i}`, changed_by: logged.userId, changed_at: logged.at }
      const last = rows.at(-1)
      if (last && mergesInto(last, row)) {
        last.after = row.after
        last.changed_at = row.changed_at
      } else rows.push(row)
    })
    prev = next
  }
  doc.destroy()
  if (rows.length === 0) return

  const known = await knownUsers(trx, rows)
  const first = rows[0]!
  if (first.kind === 'description') {
    const stored = await trx
      .selectFrom('case_record_changes')
      .select(['entry', 'kind', 'changed_by', 'changed_at', 'after'])
      .where('case_id', '=', ref.id)
      .orderBy('changed_at', 'desc')
      .orderBy('entry', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (
      stored &&
      stored.entry !== first.entry &&
      stored.after === first.before &&
      mergesInto({ ...stored, changed_at: new Date(stored.changed_at) }, first)
    ) {
      await trx
        .updateTable('case_record_changes')
        .set({ after: first.after, changed_at: first.changed_at })
        .where('case_id', '=', ref.id)
        .where('entry', '=', stored.entry)
        .execute()
      rows.shift()
    }
  }
  if (rows.length === 0) return
  await trx
    .insertInto('case_record_changes')
    .values(
      rows.map((r) => ({
        ...r,
        org_id: ref.orgId,
        case_id: ref.id,
        changed_by: r.changed_by && known.has(r.changed_by) ? r.changed_by : null,
      })),
    )
    .onConflict((oc) => oc.columns(['case_id', 'entry']).doNothing())
    .execute()
}

/** One person's description edits close together are one change. */
function mergesInto(
  last: { kind: string; changed_by: string | null; changed_at: Date },
  next: { kind: string; changed_by: string | null; changed_at: Date },
): boolean {
  return (
    last.kind === 'description' &&
    next.kind === 'description' &&
    last.changed_by !== null &&
    last.changed_by === next.changed_by &&
    next.changed_at.getTime() - last.changed_at.getTime() <= COALESCE_MS
  )
}

async function knownUsers(trx: Kysely<Database>, rows: readonly Row[]): Promise<Set<string>> {
  const ids = [...new Set(rows.flatMap((r) => (r.changed_by ? [r.changed_by] : [])))]
  if (ids.length === 0) return new Set()
  const found = await trx.selectFrom('users').select('id').where('id', 'in', ids).execute()
  return new Set(found.map((u) => u.id))
}
