import { createAsync, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import type { MessageKey } from '../i18n/index.ts'
import { t } from '../i18n/index.ts'
import { getMe } from '../session.ts'
import { Page } from '../ui/Page.tsx'
import { getChecklist, uploadApartmentsAction, uploadInvitationsAction } from './data.ts'
import { UploadPanel } from './UploadPanel.tsx'

/** A cooperative's onboarding: its checklist, apartments from a CSV, invitations from a CSV. */
export function SetupPage() {
  const params = useParams<{ orgId: string }>()
  const me = createAsync(() => getMe())
  const checklist = createAsync(() => getChecklist(params.orgId))
  const name = () => me()?.organisations.find((o) => o.id === params.orgId)?.name ?? ''
  return (
    <Page title={t('onboarding.setupTitle', { name: name() })} intro={t('onboarding.setupIntro')}>
      <h2 id="checklist">{t('onboarding.checklist')}</h2>
      <ol class="onboarding__checklist" aria-labelledby="checklist">
        <For each={checklist()?.checklist}>
          {(item) => (
            <li classList={{ 'onboarding__step--done': item.done }} data-step={item.step}>
              <span aria-hidden="true">{item.done ? '✓' : '○'}</span>{' '}
              {t(`onboarding.steps.${item.step}` as MessageKey)}
              <Show when={item.count > 0 && item.step !== 'details'}> ({item.count})</Show>
              <span class="visually-hidden">: {item.done ? t('onboarding.done') : t('onboarding.todo')}</span>
            </li>
          )}
        </For>
      </ol>
      <UploadPanel
        id="apartments"
        title={t('onboarding.apartmentsTitle')}
        hint={t('onboarding.apartmentsHint')}
        orgId={params.orgId}
        upload={uploadApartmentsAction}
        summary={(r) => t('onboarding.counts', r.counts)}
        rows={(r) =>
          r.rows.map((row) => ({ row: row.row, status: row.status, problem: problemOf(row.errors) }))
        }
      />
      <UploadPanel
        id="invitations"
        title={t('onboarding.invitationsTitle')}
        hint={t('onboarding.invitationsHint')}
        orgId={params.orgId}
        upload={uploadInvitationsAction}
        summary={(r) => t('onboarding.inviteCounts', r.counts)}
        rows={(r) =>
          r.rows.map((row) => ({
            row: row.row,
            status: row.status,
            problem: [row.email, row.path, row.message].filter(Boolean).join(' · '),
          }))
        }
      />
    </Page>
  )
}

const problemOf = (errors?: { path: string; message: string }[]) =>
  (errors ?? []).map((e) => `${e.path}: ${e.message}`).join('; ')
