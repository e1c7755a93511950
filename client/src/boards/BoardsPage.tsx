import { A, createAsync, useNavigate, useParams } from '@solidjs/router'
import { createSignal, createUniqueId, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { FormError } from '../ui/Alert.tsx'
import { Field, SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { createBoardAction, getBoards } from './data.ts'

/** /org/:orgId/boards: the boards the user may read, and a form to start one. */
export function BoardsPage() {
  const params = useParams<{ orgId: string }>()
  const list = createAsync(() => getBoards(params.orgId))
  return (
    <Page title={t('boards.title')}>
      <Show when={list()} keyed>
        {(l) => (
          <>
            <Show when={l.boards.length > 0} fallback={<p class="empty">{t('boards.none')}</p>}>
              <ul class="board-list">
                <For each={l.boards}>
                  {(b) => (
                    <li>
                      <A href={`/org/${params.orgId}/boards/${b.id}`} class="board-list__link">
                        <span class="board-list__title">{b.title}</span>
                        <span class="muted">
                          {t(`boards.visibility.${b.visibility}`)}
                          <Show when={b.archived}> · {t('boards.archived')}</Show>
                        </span>
                      </A>
                    </li>
                  )}
                </For>
              </ul>
            </Show>
            <Show when={l.abilities.create}>
              <NewBoardForm orgId={params.orgId} />
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}

function NewBoardForm(props: { orgId: string }) {
  const navigate = useNavigate()
  const [title, setTitle] = createSignal('')
  const [visibility, setVisibility] = createSignal<'board' | 'residents'>('board')
  const form = useMutation(createBoardAction)
  const headingId = createUniqueId()
  async function submit(e: SubmitEvent) {
    e.preventDefault()
    const columns = [
      t('boards.defaultColumns.todo'),
      t('boards.defaultColumns.doing'),
      t('boards.defaultColumns.done'),
    ]
    const created = await form.run(props.orgId, title().trim(), visibility(), columns)
    if (!created) return
    navigate(`/org/${props.orgId}/boards/${created.board.id}`)
  }
  return (
    <form class="stack new-board" onSubmit={(e) => void submit(e)} aria-labelledby={headingId}>
      <h2 id={headingId}>{t('boards.new')}</h2>
      <FormError message={form.message()} />
      <Field
        label={t('boards.boardTitle')}
        required
        maxLength={200}
        value={title()}
        onInput={(e) => setTitle(e.currentTarget.value)}
        error={form.field('title')}
      />
      <SelectField
        label={t('boards.readers')}
        value={visibility()}
        onChange={(e) => setVisibility(e.currentTarget.value as 'board' | 'residents')}
      >
        <option value="board">{t('boards.visibility.board')}</option>
        <option value="residents">{t('boards.visibility.residents')}</option>
      </SelectField>
      <button type="submit" class="button" disabled={form.pending()}>
        {t('boards.create')}
      </button>
    </form>
  )
}
