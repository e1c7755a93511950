import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { createEffect, createMemo, createSignal, createUniqueId, For, Show } from 'solid-js'
import type { LocalNames } from '../../../schema/localNames.ts'
import type { ThreadAudience } from '../../../schema/policy.ts'
import { t, tPlural } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { SelectField } from '../ui/Field.tsx'
import { nameIn } from '../ui/localName.ts'
import { useMutation } from '../ui/mutation.ts'
import { NamesForm } from '../ui/NamesForm.tsx'
import { Page } from '../ui/Page.tsx'
import { type Channel, createChannelAction, getChannels } from './data.ts'
import { RenameChannel } from './RenameChannel.tsx'
import { SeenLive } from './SeenLive.tsx'
import { ThreadView } from './ThreadView.tsx'
import { chatUnread, markChannelRead } from './unread.ts'

/**
 * /org/:orgId/chat[/:threadId]: the organisation's standing channels beside the open one.
 * On a phone only one of the two shows: the list, or the channel with a way back.
 */
export function ChatPage() {
  const params = useParams<{ orgId: string; threadId?: string }>()
  const me = useMe()
  const list = createAsync(() => getChannels(params.orgId))
  const org = () => me().organisations.find((o) => o.id === params.orgId)
  const channel = createMemo(() => list()?.threads.find((c) => c.id === params.threadId))
  const documentName = createMemo(() => channel()?.document)
  const [notice, setNotice] = createSignal<string>()
  const listHeadingId = createUniqueId()
  const unread = () => chatUnread(params.orgId)

  // Viewing a channel reads it: on opening, and again whenever messages arrive while it is open
  // (at most every few seconds, so a failing request cannot loop). Not before the counts are
  // known: the thread places its "new messages" line from the count it had at opening.
  let marked = { id: '', at: 0 }
  createEffect(() => {
    const open = channel()
    const count = open ? unread().threads[open.id] : undefined
    if (!open || !count || document.visibilityState !== 'visible') return
    if (marked.id === open.id && Date.now() - marked.at < 3000) return
    marked = { id: open.id, at: Date.now() }
    void markChannelRead(params.orgId, open.id)
  })

  return (
    <Page title={t('chat.title')} wide>
      <TabTitle parts={[titleOf(channel()), t('chat.title'), org()?.name, t('app.name')]} />
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <div class="chat" classList={{ 'chat--open': Boolean(params.threadId) }}>
        <nav class="chat__channels" aria-labelledby={listHeadingId}>
          <h2 id={listHeadingId}>{t('chat.channels')}</h2>
          <Show when={list()} keyed>
            {(l) => (
              <Show when={l.threads.length > 0} fallback={<p class="empty">{t('chat.noChannels')}</p>}>
                <ul class="channel-list">
                  <For each={l.threads}>
                    {(c) => (
                      <li>
                        <A
                          href={`/org/${params.orgId}/chat/${c.id}`}
                          class="channel-list__link"
                          activeClass="is-active"
                          aria-current={c.id === params.threadId ? 'page' : undefined}
                        >
                          <span class="channel-list__title">
                            # {titleOf(c)}
                            <Show when={c.id !== params.threadId && (unread().threads[c.id] ?? 0) > 0}>
                              {' '}
                              <span class="badge">
                                <span aria-hidden="true">{unread().threads[c.id]}</span>
                                <span class="visually-hidden">
                                  {tPlural('chat.unreadIn', unread().threads[c.id] ?? 0)}
                                </span>
                              </span>
                            </Show>
                          </span>
                          <span class="channel-list__meta">
                            {t(`chat.audience.${c.audience}`)}
                            <Show when={c.archived}> · {t('chat.archived')}</Show>
                          </span>
                        </A>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            )}
          </Show>
          <Show when={list()?.abilities.create}>
            <NewChannelForm
              orgId={params.orgId}
              onCreated={(created) => setNotice(t('chat.created', { title: created.title }))}
            />
          </Show>
        </nav>
        <section class="chat__thread">
          <Show when={params.threadId}>
            <A href={`/org/${params.orgId}/chat`} class="chat__back">
              ← {t('chat.backToChannels')}
            </A>
          </Show>
          <Show
            when={documentName()}
            keyed
            fallback={
              <Show
                when={params.threadId && list()}
                fallback={<p class="empty chat__choose">{t('chat.choose')}</p>}
              >
                <Alert kind="error">{t('chat.notFound')}</Alert>
              </Show>
            }
          >
            {(_name) => {
              // The channel as it was when opened: a list refresh mid-navigation cannot pull it away.
              const opened = channel()
              return opened ? (
                <>
                  <SeenLive
                    document={opened.document}
                    myId={me().user.id}
                    onSeen={() => void markChannelRead(params.orgId, opened.id)}
                  />
                  <ThreadView
                    channel={{ ...opened, title: titleOf(channel() ?? opened) ?? opened.title }}
                    unread={() => unread().threads[opened.id]}
                  />
                  {/* Under the conversation, not above its title: a rarely used tool of the staff. */}
                  <Show when={opened.abilities.rename}>
                    <RenameChannel
                      channel={channel() ?? opened}
                      onRenamed={(title) => setNotice(t('chat.renamed', { title }))}
                    />
                  </Show>
                </>
              ) : null
            }}
          </Show>
        </section>
      </div>
    </Page>
  )
}

/**
 * The page heading stays short (the channel has its own heading); the browser tab names the
 * channel and organisation too. Rendered inside <Page> so it runs after Page's own title effect.
 */
function TabTitle(props: { parts: Array<string | undefined> }) {
  createEffect(() => {
    document.title = props.parts.filter(Boolean).join(' · ')
  })
  return null
}

/** A channel's name in the interface language (schema/localNames.ts). */
const titleOf = (c: Channel | undefined) => (c ? nameIn({ name: c.title, names: c.names }) : undefined)

function NewChannelForm(props: { orgId: string; onCreated: (c: { id: string; title: string }) => void }) {
  const navigate = useNavigate()
  const [names, setNames] = createSignal<LocalNames>({})
  const [audience, setAudience] = createSignal<ThreadAudience>('members')
  const form = useMutation(createChannelAction)
  const headingId = createUniqueId()

  async function submit() {
    const created = await form.run(props.orgId, names(), audience())
    if (!created) return
    setNames({})
    props.onCreated(created)
    navigate(`/org/${props.orgId}/chat/${created.id}`)
  }

  return (
    <details class="new-channel">
      <summary id={headingId}>{t('chat.newChannel')}</summary>
      <NamesForm
        form={form}
        legend={t('chat.channelName')}
        maxLength={200}
        names={names()}
        onNames={setNames}
        submit={t('chat.create')}
        buttonClass="button"
        labelledBy={headingId}
        onSubmit={() => void submit()}
      >
        <SelectField
          label={t('chat.readers')}
          value={audience()}
          onChange={(e) => setAudience(e.currentTarget.value as ThreadAudience)}
        >
          <option value="members">{t('chat.audience.members')}</option>
          <option value="board">{t('chat.audience.board')}</option>
        </SelectField>
      </NamesForm>
    </details>
  )
}
