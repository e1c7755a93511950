import { createSignal, createUniqueId, For, Show } from 'solid-js'
import type * as Y from 'yjs'
import type { CaseStatus } from '../../../schema/cases.ts'
import {
  addChecklistItem,
  type ChecklistItem,
  removeChecklistItem,
  setChecklistDone,
} from '../../../schema/docs/case.ts'
import { mayChangeCaseRecord } from '../../../schema/policy.ts'
import { t } from '../i18n/index.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'

/**
 * The case checklist. Staff (case managers) keep every item; the reporter and other editors add
 * their own and tick, edit or remove only those (schema/policy.ts `mayChangeCaseRecord`, which the
 * server's guard enforces too). Removing asks first, naming the item.
 */
export function CaseChecklist(props: {
  doc: () => Y.Doc
  items: ChecklistItem[]
  status: CaseStatus
  myId: string
  canEdit: boolean
  canManage: boolean
}) {
  const [newItem, setNewItem] = createSignal('')
  const [removing, setRemoving] = createSignal<ChecklistItem | undefined>()
  const inputId = createUniqueId()
  const mayChange = (item: ChecklistItem, change: 'tick' | 'remove') =>
    props.canEdit &&
    mayChangeCaseRecord({ userId: props.myId, manager: props.canManage }, props.status, {
      part: 'checklist',
      change,
      authorId: item.by,
    })
  return (
    <>
      <h2>{t('cases.checklist')}</h2>
      <Show when={props.items.length > 0} fallback={<p class="muted">{t('cases.checklistEmpty')}</p>}>
        <ul class="checklist">
          <For each={props.items}>
            {(item) => (
              <li>
                <label>
                  <input
                    type="checkbox"
                    checked={item.done}
                    disabled={!mayChange(item, 'tick')}
                    onChange={(e) => setChecklistDone(props.doc(), item.id, e.currentTarget.checked)}
                  />
                  <span classList={{ 'is-done': item.done }}>{item.text}</span>
                </label>
                <Show when={mayChange(item, 'remove')}>
                  <button
                    type="button"
                    class="button button--quiet button--small"
                    aria-label={t('cases.removeItem', { text: item.text })}
                    onClick={() => setRemoving(item)}
                  >
                    ✕
                  </button>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <ConfirmDialog
        open={removing() !== undefined}
        title={t('cases.removeItemTitle')}
        message={t('cases.removeItemMessage', { text: removing()?.text ?? '' })}
        confirmLabel={t('cases.removeItemConfirm')}
        danger
        onConfirm={() => {
          const item = removing()
          if (item) removeChecklistItem(props.doc(), item.id)
          setRemoving(undefined)
        }}
        onCancel={() => setRemoving(undefined)}
      />
      <Show when={props.canEdit}>
        <form
          class="checklist__add"
          onSubmit={(e) => {
            e.preventDefault()
            if (!newItem().trim()) return
            addChecklistItem(props.doc(), newItem(), crypto.randomUUID?.() ?? String(Date.now()), props.myId)
            setNewItem('')
          }}
        >
          <label for={inputId} class="visually-hidden">
            {t('cases.addItem')}
          </label>
          <input
            id={inputId}
            value={newItem()}
            maxLength={300}
            placeholder={t('cases.addItem')}
            onInput={(e) => setNewItem(e.currentTarget.value)}
          />
          <button type="submit" class="button button--secondary button--small">
            {t('cases.add')}
          </button>
        </form>
      </Show>
    </>
  )
}
