import { createAsync, useNavigate, useParams } from '@solidjs/router'
import { createSignal, For } from 'solid-js'
import { CASE_PRIORITIES, type CasePriority } from '../../../schema/cases.ts'
import { uploadAttachment } from '../attachments/data.ts'
import { FilePicker } from '../attachments/FilePicker.tsx'
import { PendingFiles } from '../attachments/PendingFiles.tsx'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Field, SelectField, TextAreaField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { getCategories, reportCaseAction } from './data.ts'
import { categoryLabel } from './labels.tsx'

/**
 * /org/:orgId/cases/new: report a case. Phone first: one column, big targets. The location is
 * the reporter's own apartment unless they say otherwise (the server fills it in).
 */
export function CaseReportPage() {
  const params = useParams<{ orgId: string }>()
  const navigate = useNavigate()
  const categories = createAsync(() => getCategories(params.orgId))
  const form = useMutation(reportCaseAction)
  const [title, setTitle] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [category, setCategory] = createSignal('')
  const [priority, setPriority] = createSignal<CasePriority>('normal')
  const [files, setFiles] = createSignal<File[]>([])
  // One key per report: sent again (a double click, a retry) it names the case already made.
  const clientKey = newClientKey()

  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const chosen = category() || categories()?.categories[0]?.key || 'other'
    const created = await form.run({
      org: params.orgId,
      title: title().trim(),
      description: description(),
      category: chosen,
      priority: priority(),
      clientKey,
    })
    if (!created) return
    // The case exists now; its photos and files follow it one by one (the picker has already
    // turned away what is too large or of the wrong kind). A file the server still refuses does
    // not keep the form open to be sent again: the case is shown, saying what was not attached.
    const refusedFiles: string[] = []
    for (const file of files()) {
      try {
        await uploadAttachment(params.orgId, 'case', created.id, file)
      } catch (error) {
        refusedFiles.push(t('attachments.failed', { name: file.name, reason: errorMessage(error) }))
      }
    }
    navigate(`/org/${params.orgId}/cases/${created.id}`, { state: { refusedFiles } })
  }

  return (
    <Page title={t('cases.reportTitle')} intro={t('cases.reportIntro')}>
      <form class="form case-report" onSubmit={submit} novalidate={false}>
        <FormError message={form.message()} />
        <Field
          label={t('cases.field.title')}
          name="title"
          required
          maxLength={200}
          value={title()}
          onInput={(e) => setTitle(e.currentTarget.value)}
          error={form.field('title')}
          hint={t('cases.titleHint')}
        />
        <SelectField
          label={t('cases.field.category')}
          name="category"
          value={category() || categories()?.categories[0]?.key || ''}
          onChange={(e) => setCategory(e.currentTarget.value)}
          error={form.field('category')}
        >
          <For each={categories()?.categories ?? []}>
            {(c) => <option value={c.key}>{categoryLabel(c)}</option>}
          </For>
        </SelectField>
        <TextAreaField
          label={t('cases.field.description')}
          name="description"
          rows={6}
          maxLength={10000}
          value={description()}
          onInput={(e) => setDescription(e.currentTarget.value)}
          error={form.field('description')}
          hint={t('cases.descriptionHint')}
        />
        <SelectField
          label={t('cases.field.priority')}
          name="priority"
          value={priority()}
          onChange={(e) => setPriority(e.currentTarget.value as CasePriority)}
        >
          <For each={CASE_PRIORITIES}>
            {(p) => (
              <option value={p} selected={p === priority()}>
                {t(`cases.priority.${p}`)}
              </option>
            )}
          </For>
        </SelectField>
        <p class="muted">{t('cases.locationHint')}</p>
        <fieldset class="case-report__files">
          <legend>{t('attachments.caseTitle')}</legend>
          <FilePicker camera onFiles={(chosen) => setFiles((f) => [...f, ...chosen])} />
          <p class="field__hint">{t('attachments.hint')}</p>
          <PendingFiles
            label={t('attachments.selected')}
            names={files().map((f) => f.name)}
            onRemove={(i) => setFiles((f) => f.filter((_, j) => j !== i))}
          />
        </fieldset>
        <button type="submit" class="button button--block" disabled={form.pending()}>
          {form.pending() ? t('cases.sending') : t('cases.send')}
        </button>
      </form>
    </Page>
  )
}

/** 128 random bits; randomUUID exists only in secure contexts (not on http:// over a LAN address). */
function newClientKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  )
}
