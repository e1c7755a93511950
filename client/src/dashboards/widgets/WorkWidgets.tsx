import { A } from '@solidjs/router'
import { createResource, For, Show } from 'solid-js'
import type { CaseList } from '../../../../schema/api/cases.ts'
import type { WorkQueue } from '../../../../schema/api/workQueue.ts'
import { api } from '../../api.ts'
import { formatDate, t } from '../../i18n/index.ts'
import { refreshWhileVisible } from './live.ts'
import { WidgetBody } from './WidgetBody.tsx'

/** My open cases in this cooperative, from GET /api/cases (the same list and policy as the cases page). */
export function CasesWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    (org) => api.get<CaseList>(`/cases?org=${org}&mine=1&status=new,in_progress,waiting&pageSize=5`),
  )
  refreshWhileVisible(refetch)
  return (
    <>
      <WidgetBody data={data} isEmpty={(d) => d.cases.length === 0} empty={t('dashboards.w.casesEmpty')}>
        {(d) => (
          <ul class="widget__list">
            <For each={d().cases}>
              {(c) => (
                <li>
                  <A href={`/org/${props.orgId}/cases/${c.id}`}>
                    #{c.number} {c.title}
                  </A>{' '}
                  <span class="widget__meta">{t(`cases.status.${c.status}`)}</span>
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <p class="widget__actions">
        <A href={`/org/${props.orgId}/cases/new`}>{t('dashboards.w.report')}</A>
        <A href={`/org/${props.orgId}/cases`}>{t('dashboards.w.allCases')}</A>
      </p>
    </>
  )
}

const BUCKETS = ['unassigned', 'mine', 'overdue', 'unread'] as const

/** The work queue's counts for this cooperative (GET /api/work-queue), each opening its bucket. */
export function WorkQueueWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    (org) => api.get<WorkQueue>(`/work-queue?org=${org}&limit=1`),
  )
  refreshWhileVisible(refetch)
  const counts = () => data()?.groups.find((g) => g.org.id === props.orgId)?.counts
  return (
    <>
      <WidgetBody
        data={data}
        isEmpty={() => !counts() || counts()?.all === 0}
        empty={t('dashboards.w.queueEmpty')}
      >
        {() => (
          <ul class="widget__counts">
            <li>
              <A href={`/work-queue?org=${props.orgId}`}>
                <strong>{counts()?.all ?? 0}</strong> {t('workQueue.bucket.all')}
              </A>
            </li>
            <For each={BUCKETS}>
              {(b) => (
                <li>
                  <A href={`/work-queue?org=${props.orgId}&bucket=${b}`}>
                    <strong>{counts()?.[b] ?? 0}</strong> {t(`workQueue.bucket.${b}`)}
                  </A>
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <A class="widget__more" href="/work-queue">
        {t('dashboards.w.queueOpen')}
      </A>
    </>
  )
}

interface MyTask {
  cardId: string
  orgId: string
  title: string
  due: string | null
  board: { id: string } | null
}

/** Tasks assigned to me here (GET /api/tasks/mine). */
export function TasksWidget(props: { orgId: string }) {
  const [data, { refetch }] = createResource(
    () => props.orgId,
    async (org) => (await api.get<{ tasks: MyTask[] }>('/tasks/mine')).tasks.filter((x) => x.orgId === org),
  )
  refreshWhileVisible(refetch)
  return (
    <>
      <WidgetBody data={data} isEmpty={(d) => d.length === 0} empty={t('dashboards.w.tasksEmpty')}>
        {(d) => (
          <ul class="widget__list">
            <For each={d().slice(0, 5)}>
              {(task) => (
                <li>
                  {task.title}
                  <Show when={task.due}>
                    {(due) => <span class="widget__meta"> {formatDate(due())}</span>}
                  </Show>
                </li>
              )}
            </For>
          </ul>
        )}
      </WidgetBody>
      <A class="widget__more" href={`/org/${props.orgId}/tasks`}>
        {t('dashboards.w.allTasks')}
      </A>
    </>
  )
}
