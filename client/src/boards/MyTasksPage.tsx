import { A, createAsync, useParams } from '@solidjs/router'
import { createEffect, createSignal, For, on, Show, untrack } from 'solid-js'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { inAreaOf, inboxItems, markRead } from '../cases/inbox.ts'
import { formatDate, t } from '../i18n/index.ts'
import { latestWins } from '../ui/latestWins.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { Comments } from './CardDetail.tsx'
import { getMyTasks, setProgress, type Task } from './data.ts'

/** My tasks across organisations: assigned to me, or delegated to the company I work for. */
export function MyTasksPage() {
  const tasks = createAsync(() => getMyTasks())
  const params = useParams<{ orgId: string }>()
  // Seeing the list reads this organisation's task notifications (the Tasks badge), and a
  // notification's link (#task-<cardId>) scrolls to its task once the list is there.
  createEffect(
    on(tasks, (list) => {
      if (!list) return
      untrack(() => {
        const ids = inboxItems()
          .filter((i) => i.readAt === null && i.orgId === params.orgId && inAreaOf(i, 'tasks'))
          .map((i) => i.id)
        if (ids.length > 0) markRead(ids)
      })
      const target = location.hash.startsWith('#task-')
        ? document.getElementById(location.hash.slice(1))
        : null
      target?.scrollIntoView({ block: 'start' })
    }),
  )
  return (
    <Page title={t('boards.myTasks')} intro={t('boards.myTasksIntro')}>
      <Show when={tasks()} fallback={<Loading />}>
        {(list) => (
          <Show when={list().length > 0} fallback={<p class="empty">{t('boards.noTasks')}</p>}>
            <ul class="task-list">
              <For each={list()}>{(task) => <TaskItem task={task} />}</For>
            </ul>
          </Show>
        )}
      </Show>
    </Page>
  )
}

function TaskItem(props: { task: Task }) {
  const [progress, setLocal] = createSignal(props.task.progress)
  const [saved, setSaved] = createSignal(false)
  const [open, setOpen] = createSignal(false)
  // One save at a time, newest value last: arrow keys send a change per press (ui/latestWins.ts).
  const save = latestWins((value: number) => setProgress(props.task.cardId, value))
  return (
    <li class="task" id={`task-${props.task.cardId}`}>
      <h2 class="task__title">{props.task.title}</h2>
      <p class="muted">
        {props.task.orgName}
        <Show when={props.task.board} keyed>
          {(b) => (
            <>
              {' · '}
              <A href={`/org/${props.task.orgId}/boards/${b.id}`}>{b.title}</A>
            </>
          )}
        </Show>
        {' · '}
        {props.task.status}
        <Show when={props.task.due}> · {t('boards.dueOn', { date: formatDate(props.task.due!) })}</Show>
      </p>
      <Show when={props.task.description}>
        <p class="task__description">{props.task.description}</p>
      </Show>
      <label class="field task__progress">
        {t('boards.progress')}: {progress()} %
        <input
          type="range"
          min="0"
          max="100"
          step="5"
          value={progress()}
          disabled={!props.task.abilities.progress}
          onInput={(e) => setLocal(Number(e.currentTarget.value))}
          onChange={async (e) => {
            // No list reload: it would re-create this item and drop the "saved" notice.
            const answer = await save(Number(e.currentTarget.value))
            if (!answer) return // a newer value is on its way; this answer would move the slider back
            setLocal(answer.task.progress)
            setSaved(true)
          }}
        />
      </label>
      <Show when={saved()}>
        <p class="muted" role="status">
          {t('boards.progressSaved')}
        </p>
      </Show>
      <button
        type="button"
        class="button button--secondary"
        aria-expanded={open()}
        onClick={() => setOpen(!open())}
      >
        {t('boards.comments')}
      </button>
      <Show when={open()}>
        <AttachmentsSection
          orgId={props.task.orgId}
          kind="task"
          ownerId={props.task.cardId}
          title={t('attachments.cardTitle')}
        />
        <Comments cardId={props.task.cardId} canComment={props.task.abilities.comment} />
      </Show>
    </li>
  )
}
