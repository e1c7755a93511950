import { createSignal, createUniqueId } from 'solid-js'
import type { LocalNames } from '../../../schema/localNames.ts'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { hasAName, NamesFields } from '../ui/NamesFields.tsx'
import { type Channel, renameChannelAction } from './data.ts'

/** The open channel's names in fi, sv and en, for the board and staff (issue 20). */
export function RenameChannel(props: { channel: Channel; onRenamed: (title: string) => void }) {
  const form = useMutation(renameChannelAction)
  const start = (): LocalNames => props.channel.names ?? { fi: props.channel.title }
  const [names, setNames] = createSignal<LocalNames>(start())
  const summaryId = createUniqueId()
  async function save(e: SubmitEvent) {
    e.preventDefault()
    const renamed = await form.run(props.channel.id, names())
    if (!renamed) return
    props.onRenamed(renamed.title)
  }
  return (
    <details class="names-editor" onToggle={() => setNames(start())}>
      <summary id={summaryId}>{t('chat.renameChannel')}</summary>
      <form class="stack" onSubmit={(e) => void save(e)} aria-labelledby={summaryId} novalidate>
        <FormError message={form.message()} />
        <NamesFields
          legend={t('chat.channelName')}
          names={names()}
          onChange={setNames}
          maxLength={200}
          error={(lang) => form.field(`names.${lang}`) ?? form.field('names')}
        />
        <button
          type="submit"
          class="button button--secondary"
          disabled={form.pending() || !hasAName(names())}
        >
          {t('chat.saveNames')}
        </button>
      </form>
    </details>
  )
}
