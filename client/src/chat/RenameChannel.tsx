import { t } from '../i18n/index.ts'
import { useMutation } from '../ui/mutation.ts'
import { NamesEditor } from '../ui/NamesForm.tsx'
import { type Channel, renameChannelAction } from './data.ts'

/** The open channel's names in fi, sv and en, for the board and staff (issue 20). */
export function RenameChannel(props: { channel: Channel; onRenamed: (title: string) => void }) {
  const form = useMutation(renameChannelAction)
  return (
    <NamesEditor
      form={form}
      summary={t('chat.renameChannel')}
      legend={t('chat.channelName')}
      maxLength={200}
      submit={t('chat.saveNames')}
      current={() => props.channel.names ?? { fi: props.channel.title }}
      save={async (names) => {
        const renamed = await form.run(props.channel.id, names)
        if (renamed) props.onRenamed(renamed.title)
      }}
    />
  )
}
