import { createEffect, createSignal, createUniqueId, For, on, Show } from 'solid-js'
import type * as Y from 'yjs'
import type { CaseDetail } from '../../../schema/api/cases.ts'
import {
  CASE_PRIORITIES,
  CASE_TRANSITIONS,
  type CasePriority,
  type CaseStatus,
} from '../../../schema/cases.ts'
import {
  CASE_CHECKLIST,
  CASE_FIELDS_ROOT,
  CASE_HISTORY,
  type CaseView,
  descriptionOf,
  readCase,
  setCaseField,
  setCaseStatus,
} from '../../../schema/docs/case.ts'
import type { DocHandle } from '../collab/docs.ts'
import { RefusalAlert } from '../collab/RefusalAlert.tsx'
import { formatDate, t } from '../i18n/index.ts'
import { DatePicker } from '../ui/DatePicker.tsx'
import { AppendToDescription } from './AppendToDescription.tsx'
import { CaseChecklist } from './CaseChecklist.tsx'
import { CaseHistory } from './CaseHistory.tsx'
import { categoryLabel, StatusTag } from './labels.tsx'

/** Reads the whole case document into a signal, refreshed on any change. */
function createCaseView(handle: DocHandle) {
  const [view, setView] = createSignal<CaseView>(readCase(handle.doc()))
  createEffect(() => {
    const doc = handle.doc()
    const sync = () => setView(readCase(doc))
    sync()
    const roots = [
      doc.getMap(CASE_FIELDS_ROOT),
      doc.getArray(CASE_CHECKLIST),
      doc.getArray(CASE_HISTORY),
      descriptionOf(doc),
    ]
    for (const r of roots) r.observeDeep(sync)
    return () => {
      for (const r of roots) r.unobserveDeep(sync)
    }
  })
  return view
}

/** A textarea bound to a Y.Text: local edits become minimal delete+insert, remote ones flow in. */
function CollabTextArea(props: { text: () => Y.Text; label: string; readOnly: boolean }) {
  const id = createUniqueId()
  let area: HTMLTextAreaElement | undefined
  createEffect(() => {
    const text = props.text()
    const apply = () => {
      if (!area) return
      const value = text.toString()
      if (area.value === value) return
      const { selectionStart, selectionEnd } = area
      area.value = value
      if (document.activeElement === area) area.setSelectionRange(selectionStart, selectionEnd)
    }
    apply()
    text.observe(apply)
    return () => text.unobserve(apply)
  })
  const onInput = () => {
    if (!area) return
    const text = props.text()
    const before = text.toString()
    const after = area.value
    let start = 0
    while (start < before.length && start < after.length && before[start] === after[start]) start++
    let endB = before.length
    let endA = after.length
    while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
      endB--
      endA--
    }
    text.doc?.transact(() => {
      if (endB > start) text.delete(start, endB - start)
      if (endA > start) text.insert(start, after.slice(start, endA))
    })
  }
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        ref={area}
        rows={5}
        readOnly={props.readOnly}
        onInput={onInput}
        class="case-doc__description"
      />
    </div>
  )
}

/**
 * The live case: status and managed fields, description and checklist, co-edited. Staff edit the
 * description freely; the reporter and other editors add to it (AppendToDescription).
 */
export function CaseDocument(props: { handle: DocHandle; detail: CaseDetail; myId: string }) {
  const view = createCaseView(props.handle)
  const doc = () => props.handle.doc()
  const canEdit = () => props.detail.abilities.includes('case.edit') && !props.handle.readOnly()
  const canManage = () => props.detail.abilities.includes('case.manage') && canEdit()
  const ids = {
    status: createUniqueId(),
    assignee: createUniqueId(),
    priority: createUniqueId(),
  }
  const moves = () => CASE_TRANSITIONS[view().status]
  const nameOf = (id: string | null) =>
    id
      ? ([...props.detail.people, ...props.detail.assignable].find((p) => p.id === id)?.name ??
        t('chat.someone'))
      : ''

  // Keep the page title in step with a renamed case.
  createEffect(
    on(
      () => view().title,
      (title) => {
        if (title) document.title = `${title} · ${t('app.name')}`
      },
    ),
  )

  return (
    <section class="case-doc" aria-label={t('cases.document')}>
      <RefusalAlert handle={props.handle} />
      <div class="case-doc__status">
        <StatusTag status={view().status} />
        <span class="tag">{t(`cases.priority.${view().priority}`)}</span>
        <span>{categoryLabel({ key: view().category, name: null })}</span>
      </div>
      <Show when={canManage()}>
        <div class="case-doc__manage">
          <div class="field">
            <label for={ids.status}>{t('cases.field.status')}</label>
            <select
              id={ids.status}
              value={view().status}
              onChange={(e) => setCaseStatus(doc(), e.currentTarget.value as CaseStatus, props.myId)}
            >
              <option value={view().status}>{t(`cases.status.${view().status}`)}</option>
              <For each={moves()}>
                {(s) => (
                  <option value={s}>
                    {s === 'in_progress' && (view().status === 'resolved' || view().status === 'closed')
                      ? t('cases.reopen')
                      : t(`cases.status.${s}`)}
                  </option>
                )}
              </For>
            </select>
          </div>
          <div class="field">
            <label for={ids.assignee}>{t('cases.field.assignee')}</label>
            <select
              id={ids.assignee}
              value={view().assigneeId ?? ''}
              onChange={(e) => setCaseField(doc(), 'assigneeId', e.currentTarget.value || null)}
            >
              <option value="">{t('cases.nobody')}</option>
              <For each={props.detail.assignable}>
                {(p) => (
                  <option value={p.id} selected={p.id === view().assigneeId}>
                    {p.name}
                  </option>
                )}
              </For>
            </select>
          </div>
          {/* Finnish format (6.12.2026) and a calendar in the app's language, not the browser's date input. */}
          <DatePicker
            label={t('cases.field.due')}
            value={view().dueDate ?? ''}
            onChange={(iso) => setCaseField(doc(), 'dueDate', iso || null)}
          />
          <div class="field">
            <label for={ids.priority}>{t('cases.field.priority')}</label>
            <select
              id={ids.priority}
              value={view().priority}
              onChange={(e) => setCaseField(doc(), 'priority', e.currentTarget.value as CasePriority)}
            >
              <For each={CASE_PRIORITIES}>
                {(p) => (
                  <option value={p} selected={p === view().priority}>
                    {t(`cases.priority.${p}`)}
                  </option>
                )}
              </For>
            </select>
          </div>
        </div>
      </Show>
      <Show when={!canManage()}>
        <dl class="case-doc__facts">
          <dt>{t('cases.field.assignee')}</dt>
          <dd>{nameOf(view().assigneeId) || t('cases.nobody')}</dd>
          <Show when={view().dueDate}>
            <dt>{t('cases.field.due')}</dt>
            <dd>{formatDate(view().dueDate ?? '')}</dd>
          </Show>
        </dl>
      </Show>
      <CollabTextArea
        text={() => descriptionOf(doc())}
        label={t('cases.field.description')}
        readOnly={!canManage()}
      />
      <Show when={canEdit() && !canManage()}>
        <AppendToDescription doc={doc} status={view().status} myId={props.myId} />
      </Show>
      <CaseChecklist
        doc={doc}
        items={view().checklist}
        status={view().status}
        myId={props.myId}
        canEdit={canEdit()}
        canManage={canManage()}
      />
      <CaseHistory statuses={view().history} changes={props.detail.changes} nameOf={nameOf} />
    </section>
  )
}
