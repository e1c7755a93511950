import { createSignal, Show } from 'solid-js'
import type * as Y from 'yjs'
import type { CaseStatus } from '../../../schema/cases.ts'
import { appendToDescription } from '../../../schema/docs/case.ts'
import { mayChangeCaseRecord } from '../../../schema/policy.ts'
import { t } from '../i18n/index.ts'
import { TextAreaField } from '../ui/Field.tsx'

/**
 * What a reporter (or another editor who is not staff) does with the description: add to its end
 * while the case is open. What was written stays; the case history shows each addition.
 */
export function AppendToDescription(props: { doc: () => Y.Doc; status: CaseStatus; myId: string }) {
  const [text, setText] = createSignal('')
  const open = () =>
    mayChangeCaseRecord({ userId: props.myId, manager: false }, props.status, {
      part: 'description',
      change: 'append',
    })
  return (
    <Show when={open()} fallback={<p class="muted">{t('cases.descriptionClosed')}</p>}>
      <form
        class="case-doc__append"
        onSubmit={(e) => {
          e.preventDefault()
          if (!text().trim()) return
          appendToDescription(props.doc(), text())
          setText('')
        }}
      >
        <TextAreaField
          label={t('cases.addToDescription')}
          hint={t('cases.addToDescriptionHint')}
          rows={3}
          value={text()}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit" class="button button--secondary button--small">
          {t('cases.addToDescription')}
        </button>
      </form>
    </Show>
  )
}
