import { createSignal, For } from 'solid-js'
import { t } from '../i18n/index.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { changeDocumentAction } from './actions.ts'
import type { DocumentDetail, Folder } from './data.ts'
import { folderPath } from './FolderTree.tsx'

type Dialog = 'rename' | 'move' | 'delete'

/** Rename, move to another folder (one the caller manages) and delete (soft) a document. */
export function DocumentActions(props: {
  orgId: string
  document: DocumentDetail['document']
  folders: Folder[]
  onNotice: (text: string) => void
  onDeleted: () => void
  onMoved: (folderId: string) => void
}) {
  const [open, setOpen] = createSignal<Dialog>()
  const [title, setTitle] = createSignal('')
  const [target, setTarget] = createSignal('')
  const form = useMutation(changeDocumentAction)
  const targets = () =>
    props.folders
      .filter((f) => f.id !== props.document.folderId && f.abilities.includes('documents.manage'))
      .map((f) => ({ id: f.id, label: folderPath(props.folders, f.id) }))
      .sort((a, b) => a.label.localeCompare(b.label))

  function show(which: Dialog) {
    form.reset()
    setTitle(props.document.title)
    setTarget(targets()[0]?.id ?? '')
    setOpen(which)
  }
  async function submit() {
    const which = open()
    if (which === 'rename' && !title().trim()) {
      form.setFieldProblems({ title: t('documents.titleRequired') })
      return
    }
    if (!which) return
    const ok = await form.run(
      props.orgId,
      props.document.id,
      which === 'rename'
        ? { kind: 'rename', title: title().trim() }
        : which === 'move'
          ? { kind: 'move', folderId: target() }
          : { kind: 'delete' },
    )
    if (!ok) return
    setOpen(undefined)
    if (which === 'delete') {
      props.onNotice(t('documents.deleted', { title: props.document.title }))
      props.onDeleted()
    } else {
      props.onNotice(t('common.saved'))
      if (which === 'move') props.onMoved(target())
    }
  }

  return (
    <>
      <button type="button" class="button button--secondary button--small" onClick={() => show('rename')}>
        {t('documents.rename')}
      </button>
      <button
        type="button"
        class="button button--secondary button--small"
        disabled={targets().length === 0}
        onClick={() => show('move')}
      >
        {t('documents.move')}
      </button>
      <button
        type="button"
        class="button button--danger-outline button--small"
        onClick={() => show('delete')}
      >
        {t('documents.delete')}
      </button>
      <ConfirmDialog
        open={open() === 'rename'}
        title={t('documents.rename')}
        confirmLabel={t('common.save')}
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void submit()}
        onCancel={() => setOpen(undefined)}
      >
        <Field
          label={t('documents.newTitle')}
          value={title()}
          maxLength={255}
          required
          error={form.field('title')}
          onInput={(e) => setTitle(e.currentTarget.value)}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={open() === 'move'}
        title={t('documents.move')}
        confirmLabel={t('documents.move')}
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void submit()}
        onCancel={() => setOpen(undefined)}
      >
        <SelectField
          label={t('documents.moveTo')}
          value={target()}
          onChange={(e) => setTarget(e.currentTarget.value)}
        >
          <For each={targets()}>{(f) => <option value={f.id}>{f.label}</option>}</For>
        </SelectField>
      </ConfirmDialog>
      <ConfirmDialog
        open={open() === 'delete'}
        title={t('documents.delete')}
        message={t('documents.deleteConfirm', { title: props.document.title })}
        confirmLabel={t('documents.delete')}
        danger
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void submit()}
        onCancel={() => setOpen(undefined)}
      />
    </>
  )
}
