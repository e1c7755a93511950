import { A, createAsync, useParams } from '@solidjs/router'
import { createEffect, createSignal, createUniqueId, on, onCleanup, Show } from 'solid-js'
import type { CaseDetail } from '../../../schema/api/cases.ts'
import { AttachmentsSection } from '../attachments/AttachmentsSection.tsx'
import { SeenLive } from '../chat/SeenLive.tsx'
import { ThreadView } from '../chat/ThreadView.tsx'
import { deniedMessage } from '../collab/denied.ts'
import { useDoc } from '../collab/docs.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert, FormError } from '../ui/Alert.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Loading, Page } from '../ui/Page.tsx'
import { CaseDocument } from './CaseDocument.tsx'
import { addParticipantAction, getCase, markThreadRead, shareCaseAction } from './data.ts'
import { ensureInbox, inboxItems, markReadByLink } from './inbox.ts'
import { formatDate } from './labels.tsx'
import { ReportNotice } from './ReportNotice.tsx'

/**
 * /org/:orgId/cases/:caseId: the case document, its conversation, internal notes (for those who
 * may see them) and its people side by side; stacked on a phone.
 */
export function CaseDetailPage() {
  const params = useParams<{ orgId: string; caseId: string }>()
  const detail = createAsync(() => getCase(params.caseId))
  return (
    <Show when={detail()} fallback={<Loading />} keyed>
      {(d) => <CaseView detail={d} />}
    </Show>
  )
}

function CaseView(props: { detail: CaseDetail }) {
  const me = useMe()
  ensureInbox(me().user.id)
  const d = () => props.detail
  const handle = useDoc(d().documents.case)
  const link = `/org/${d().orgId}/cases/${d().id}`
  // Back to the list it came from: a contractor's is under their own company, not the cooperative.
  const params = useParams<{ orgId?: string }>()
  const listOrg = () => params.orgId ?? d().orgId

  // Opening the case reads its notifications and its threads (now, and as long as it is open).
  const read = () => {
    markReadByLink(link)
    void markThreadRead(d().threads.case).catch(() => undefined)
    const notes = d().threads.notes
    if (notes) void markThreadRead(notes).catch(() => undefined)
  }
  read()
  const timer = setInterval(read, 15_000)
  onCleanup(() => clearInterval(timer))
  // A notification about this case that arrives while it is on screen has been seen.
  createEffect(() => {
    const news = inboxItems().some((i) => i.readAt === null && i.link === link)
    if (news && document.visibilityState === 'visible') markReadByLink(link)
  })

  const thread = () => ({
    id: d().threads.case,
    title: t('cases.conversation'),
    audience: 'members' as const,
    archived: false,
    document: d().documents.thread,
    abilities: {
      write: d().abilities.includes('case.comment'),
      moderate: d().abilities.includes('case.moderate'),
      history: d().abilities.includes('case.history'),
    },
  })
  const notes = () =>
    d().documents.notes
      ? {
          id: d().threads.notes ?? '',
          title: t('cases.internalNotes'),
          audience: 'board' as const,
          archived: false,
          document: d().documents.notes ?? '',
          abilities: {
            write: d().abilities.includes('case.internal.write'),
            moderate: d().abilities.includes('case.moderate'),
            history: d().abilities.includes('case.history'),
          },
        }
      : undefined

  return (
    <Page title={`#${d().number} ${d().title}`} wide>
      <p class="case-detail__crumbs">
        <A href={`/org/${listOrg()}/cases`}>← {t('cases.backToList')}</A>
      </p>
      <p class="muted case-detail__meta">
        {t('cases.reportedBy', { name: d().reporter.name, date: formatDate(d().createdAt) })}
        <Show when={d().building} keyed>
          {(b) => (
            <>
              {' · '}
              {b.name}
              <Show when={d().staircase} keyed>
                {(s) => <> · {t('cases.staircase', { name: s.name })}</>}
              </Show>
              <Show when={d().apartment} keyed>
                {(a) => <> · {a.number}</>}
              </Show>
            </>
          )}
        </Show>
        <Show when={d().sharedWithBuilding}> · {t('cases.shared')}</Show>
      </p>
      <ReportNotice />
      <Show when={handle.denied()}>
        <Alert kind="error">{deniedMessage(handle.denied(), 'chat.denied')}</Alert>
      </Show>
      <div class="case-detail">
        <div class="case-detail__main">
          <CaseDocument handle={handle} detail={d()} myId={me().user.id} />
          <AttachmentsSection
            headingLevel={2}
            orgId={d().orgId}
            kind="case"
            ownerId={d().id}
            title={t('attachments.caseTitle')}
            camera
          />
          <Show when={d().abilities.includes('case.manage')}>
            <CaseManagement detail={d()} />
          </Show>
        </div>
        <div class="case-detail__side">
          <section class="case-detail__thread" aria-label={t('cases.conversation')}>
            <SeenLive document={d().documents.thread} myId={me().user.id} onSeen={read} />
            <ThreadView channel={thread()} people={d().people} embedded />
          </section>
          <Show when={notes()} keyed>
            {(n) => (
              <section
                class="case-detail__thread case-detail__thread--internal"
                aria-label={t('cases.internalNotes')}
              >
                <p class="muted">{t('cases.internalHint')}</p>
                <SeenLive document={n.document} myId={me().user.id} onSeen={read} />
                <ThreadView channel={n} people={d().people} embedded />
              </section>
            )}
          </Show>
        </div>
      </div>
    </Page>
  )
}

/** Sharing with the building and adding participants: handlers only. */
function CaseManagement(props: { detail: CaseDetail }) {
  const sharing = useMutation(shareCaseAction, ([id]) => id === props.detail.id)
  const adding = useMutation(addParticipantAction, ([id]) => id === props.detail.id)
  const form = {
    message: () => sharing.message() ?? adding.message(),
    pending: () => sharing.pending() || adding.pending(),
  }
  const [email, setEmail] = createSignal('')
  const [shared, setShared] = createSignal(props.detail.sharedWithBuilding)
  const emailId = createUniqueId()
  createEffect(
    on(
      () => props.detail.sharedWithBuilding,
      (v) => setShared(v),
    ),
  )
  return (
    <section class="case-manage" aria-label={t('cases.people')}>
      <h2>{t('cases.people')}</h2>
      <FormError message={form.message()} />
      <label class="cases__check">
        <input
          type="checkbox"
          checked={shared()}
          onChange={async (e) => {
            const next = e.currentTarget.checked
            setShared(next)
            adding.reset()
            // Refused: the box goes back to what the case says.
            if (!(await sharing.run(props.detail.id, next))) setShared(props.detail.sharedWithBuilding)
          }}
        />
        {t('cases.shareWithBuilding')}
      </label>
      <ul class="case-people">
        <li>
          {props.detail.reporter.name} <span class="muted">({t('cases.reporter')})</span>
        </li>
        {props.detail.participants.map((p) => (
          <li>{p.name}</li>
        ))}
      </ul>
      <form
        class="checklist__add"
        onSubmit={async (e) => {
          e.preventDefault()
          sharing.reset()
          if (await adding.run(props.detail.id, email().trim())) setEmail('')
        }}
      >
        <label for={emailId}>{t('cases.addParticipant')}</label>
        <input
          id={emailId}
          type="email"
          value={email()}
          onInput={(e) => setEmail(e.currentTarget.value)}
          required
        />
        <button type="submit" class="button button--secondary button--small" disabled={form.pending()}>
          {t('cases.add')}
        </button>
      </form>
    </section>
  )
}
