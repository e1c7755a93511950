import * as Y from 'yjs'
import {
  CATEGORY_KEY,
  canMoveCase,
  DUE_DATE,
  isCasePriority,
  MAX_CASE_DESCRIPTION_LENGTH,
  MAX_CASE_TITLE_LENGTH,
  MAX_CHECKLIST_ITEMS,
  MAX_CHECKLIST_TEXT_LENGTH,
} from '../../schema/cases.ts'
import {
  CASE_CHECKLIST,
  CASE_DESCRIPTION,
  CASE_EDITOR_FIELDS,
  CASE_FIELDS,
  CASE_FIELDS_ROOT,
  CASE_HISTORY,
  type CaseField,
  CHECKLIST_FIELDS,
  type ChecklistField,
  checklistOf,
  descriptionOf,
  parseHistoryEntry,
  statusOf,
} from '../../schema/docs/case.ts'
import { isUuid } from '../../schema/docs/names.ts'
import { type CaseRecordChange, mayChangeCaseRecord } from '../../schema/policy.ts'
import {
  contentOf,
  isMapContent,
  missingField,
  slotOf,
  type UpdateFields,
  updateFields,
  type Verdict,
} from './fields.ts'
import { idsOfMaps, reusedId } from './freshIds.ts'
import type { ContainerRef, Deletion, Insertion } from './inspect.ts'
import type { GuardPrincipal, KindRules } from './rules.ts'

/**
 * The case document's write rules (shape in schema/docs/case.ts). Every writer here may edit
 * (read-only connections never reach the guard); `who.moderator` means case manager (staff,
 * board, maintenance: `case.manage`, decided by collab-server/access/case.ts):
 * - editors: title; the description and the checklist as the policy's `mayChangeCaseRecord`
 *   allows: managers anything, others only append to the description while the case is open and
 *   keep checklist items they added themselves (each item is signed `by` whoever adds it);
 * - managers only: category, priority, assignee (someone assignable through the API), due date,
 *   and the status, which is appended to `history` as { status, by: themself, at } along an
 *   allowed move; history is never removed;
 * - nothing outside the shape, no formatting or embedded types in the description.
 */
const isChecklistContainer = (ref: ContainerRef) =>
  ref.path.at === 'root' &&
  ref.path.root === CASE_CHECKLIST &&
  ref.path.key === null &&
  ref.item.content instanceof Y.ContentType &&
  ref.item.content.type instanceof Y.Map

const isCaseField = (key: string | null): key is CaseField =>
  key !== null && (CASE_FIELDS as readonly string[]).includes(key)
const isChecklistField = (key: string | null): key is ChecklistField =>
  key !== null && (CHECKLIST_FIELDS as readonly string[]).includes(key)

function checkField(field: CaseField, value: unknown, who: GuardPrincipal): Verdict {
  if (!(CASE_EDITOR_FIELDS as readonly string[]).includes(field) && !who.moderator)
    return `only staff, the board or maintenance may change ${field}`
  switch (field) {
    case 'title':
      return typeof value === 'string' && value.length >= 1 && value.length <= MAX_CASE_TITLE_LENGTH
        ? null
        : 'title has the wrong length'
    case 'category':
      return typeof value === 'string' && CATEGORY_KEY.test(value) ? null : 'not a category'
    case 'priority':
      return isCasePriority(value) ? null : 'not a priority'
    case 'assigneeId':
      if (value === null) return null
      if (typeof value !== 'string' || !isUuid(value)) return 'assigneeId must be a user id'
      return who.assignable?.has(value) ? null : 'that person cannot be assigned to this case'
    case 'dueDate':
      return value === null || (typeof value === 'string' && DUE_DATE.test(value))
        ? null
        : 'dueDate must be YYYY-MM-DD'
  }
}

function checkChecklistValue(
  field: ChecklistField,
  value: unknown,
  isNew: boolean,
  who: GuardPrincipal,
): Verdict {
  switch (field) {
    case 'by':
      return isNew && value === who.userId ? null : 'a checklist item is signed once, by whoever adds it'
    case 'id':
      return isNew && typeof value === 'string' && value.length >= 1 && value.length <= 64
        ? null
        : 'a checklist item keeps its id'
    case 'text':
      return typeof value === 'string' && value.length >= 1 && value.length <= MAX_CHECKLIST_TEXT_LENGTH
        ? null
        : 'checklist text has the wrong length'
    case 'done':
      return typeof value === 'boolean' ? null : 'done must be true or false'
  }
}

const writer = (who: GuardPrincipal) => ({ userId: who.userId, manager: who.moderator })

/** A change to the checklist item held by `item` (a map in the document), with who added it. */
function checklistChange(change: 'edit' | 'tick' | 'remove', item: Y.Item): CaseRecordChange {
  const map = item.content instanceof Y.ContentType ? item.content.type : null
  const by = map instanceof Y.Map ? map.get('by') : null
  return { part: 'checklist', change, authorId: typeof by === 'string' ? by : null }
}

/** The item of the document holding `id`, if the document has it. */
function docItem(doc: Y.Doc, id: Y.ID): Y.Item | null {
  const list = doc.store.clients.get(id.client)
  if (!list || id.clock >= Y.getState(doc.store, id.client)) return null
  const struct = list[Y.findIndexSS(list, id.clock)]
  return struct instanceof Y.Item ? struct : null
}

/** Nothing visible from `item` (excluded) to the end of its sequence. */
function onlyDeletedAfter(item: Y.Item | null): boolean {
  for (let r = item?.right ?? null; r !== null; r = r.right) if (!r.deleted) return false
  return true
}

/**
 * Whether an inserted piece of description lands after all the text there is: its left neighbour
 * is the last visible character (or new text of the same update, itself placed so), and nothing
 * but removed text is to its right. Anything else would change what was written.
 */
function appendsToDescription(doc: Y.Doc, item: Y.Item): boolean {
  const text = descriptionOf(doc)
  if (item.origin === null) {
    for (let n = text._start; n !== null; n = n.right) if (!n.deleted) return false
  } else {
    const left = docItem(doc, item.origin)
    if (left) {
      const lastOfLeft = item.origin.clock === left.id.clock + left.length - 1
      if (!(lastOfLeft || left.deleted) || !onlyDeletedAfter(left)) return false
    }
  }
  if (item.rightOrigin === null) return true
  const right = docItem(doc, item.rightOrigin)
  return right === null || (right.deleted && onlyDeletedAfter(right))
}

interface State {
  doc: Y.Doc
  fields: UpdateFields
  status: ReturnType<typeof statusOf>
  descriptionLength: number
  checklistLength: number
  /** Ids of the checklist items this update creates (freshIds.ts). */
  newIds: unknown[]
}

function checkInsert(ins: Insertion, who: GuardPrincipal, s: State): Verdict {
  const { item, path } = ins
  const content = contentOf(item)
  if (path.at === 'root') {
    if (path.root === CASE_FIELDS_ROOT && path.key !== null) {
      if (!isCaseField(path.key)) return 'outside the case shape'
      if (content.kind !== 'value') return 'case fields are plain values'
      return checkField(path.key, content.value, who)
    }
    if (path.root === CASE_DESCRIPTION && path.key === null) {
      if (content.kind !== 'string') return 'the description holds plain text only'
      const change = appendsToDescription(s.doc, item) ? 'append' : 'rewrite'
      if (!mayChangeCaseRecord(writer(who), s.status, { part: 'description', change }))
        return change === 'append'
          ? 'the description is closed with the case'
          : 'only staff, the board or maintenance may rewrite the description'
      s.descriptionLength += content.length
      return s.descriptionLength <= MAX_CASE_DESCRIPTION_LENGTH ? null : 'the description is too long'
    }
    if (path.root === CASE_CHECKLIST && path.key === null) {
      if (!isMapContent(content)) return 'the checklist holds item maps only'
      s.checklistLength += 1
      if (s.checklistLength > MAX_CHECKLIST_ITEMS) return 'the checklist is full'
      s.fields.created.set(item, new Set())
      return null
    }
    if (path.root === CASE_HISTORY && path.key === null) {
      if (!who.moderator) return 'only staff, the board or maintenance may change the status'
      const values =
        content.kind === 'value' ? [content.value] : content.kind === 'values' ? content.values : null
      if (!values) return 'history entries are plain values'
      for (const raw of values) {
        const entry = parseHistoryEntry(raw)
        if (!entry) return 'not a history entry'
        if (entry.by !== who.userId) return 'a status change is signed by whoever makes it'
        if (!canMoveCase(s.status, entry.status))
          return `a case cannot move from ${s.status} to ${entry.status}`
        s.status = entry.status
      }
      return null
    }
    return 'outside the case shape'
  }
  const { container, key } = path
  if (!isChecklistContainer(container) || !isChecklistField(key)) return 'outside the case shape'
  if (content.kind !== 'value') return 'checklist fields are plain values'
  const isNew = container.source === 'update'
  if (isNew) {
    s.fields.created.get(container.item)?.add(key)
    if (key === 'id') s.newIds.push(content.value)
  } else {
    const change = key === 'done' ? 'tick' : 'edit'
    if (!mayChangeCaseRecord(writer(who), s.status, checklistChange(change, container.item)))
      return 'only staff, the board or maintenance may change checklist items others added'
  }
  return checkChecklistValue(key, content.value, isNew, who)
}

function checkDelete(del: Deletion, who: GuardPrincipal, s: State, removedItems: Set<Y.Item>): Verdict {
  const { path } = del
  if (path.at === 'root') {
    if (path.root === CASE_DESCRIPTION)
      return mayChangeCaseRecord(writer(who), s.status, { part: 'description', change: 'rewrite' })
        ? null
        : 'only staff, the board or maintenance may rewrite the description'
    if (path.root === CASE_CHECKLIST)
      return mayChangeCaseRecord(writer(who), s.status, checklistChange('remove', del.item))
        ? null
        : 'only staff, the board or maintenance may remove checklist items others added'
    if (path.root === CASE_HISTORY) return 'history cannot be removed'
    if (path.root === CASE_FIELDS_ROOT)
      return s.fields.written.has(slotOf(path)) ? null : 'case fields cannot be removed'
    return 'outside the case shape'
  }
  const { container } = path
  if (!isChecklistContainer(container)) return 'outside the case shape'
  // Removing an item removes its fields with it; otherwise a field is only ever overwritten.
  if (removedItems.has(container.item)) return null
  return s.fields.written.has(slotOf(path)) ? null : 'checklist fields cannot be removed'
}

export const caseRules: KindRules = {
  check(doc, { inserts, deletes }, who) {
    const s: State = {
      doc,
      fields: updateFields(),
      status: statusOf(doc),
      descriptionLength: descriptionOf(doc).length,
      checklistLength: checklistOf(doc).length,
      newIds: [],
    }
    for (const ins of inserts) {
      const verdict = checkInsert(ins, who, s)
      if (verdict) return verdict
      s.fields.written.add(slotOf(ins.path))
    }
    const removedItems = new Set(
      deletes.filter((d) => d.path.at === 'root' && d.path.root === CASE_CHECKLIST).map((d) => d.item),
    )
    for (const del of deletes) {
      const verdict = checkDelete(del, who, s, removedItems)
      if (verdict) return verdict
    }
    const missing = missingField(s.fields.created, CHECKLIST_FIELDS, 'checklist item')
    if (missing) return missing
    const reused = reusedId(s.newIds, () => idsOfMaps(checklistOf(doc)))
    return reused ? `checklist item id: ${reused}` : null
  },
}
