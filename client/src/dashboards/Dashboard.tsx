import { createResource, createSignal, Show, Suspense } from 'solid-js'
import type { Widget } from '../../../schema/dashboards/widgets.ts'
import { FINANCE_READERS } from '../../../schema/policy/finance.ts'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { offerUndo } from '../ui/confirm.tsx'
import { errorMessage } from '../ui/errors.ts'
import { Skeleton } from '../ui/Skeleton.tsx'
import { getLayout, resetLayout, saveLayout } from './data.ts'
import { LayoutEditor } from './LayoutEditor.tsx'
import { widgetContent } from './widgets/index.tsx'

/**
 * The home dashboard of one organisation: the caller's widgets (their own layout, else the
 * organisation's default for their role group), each fed by its page's endpoint. "Customise"
 * rearranges, resizes, removes and adds; every finished change is saved on the server at once,
 * so the layout follows the user to another browser. "Reset to default" drops their own layout.
 */
/**
 * What the dashboard looks like while its layout loads: widget-sized grey cards where the widgets
 * will be. A one-line "Loading…" grew by a screen when the widgets came and pushed everything
 * below it down (Lighthouse measured a layout shift of 0.29 on the resident's home on a phone).
 */
export function DashboardSkeleton() {
  return (
    <div class="dashboard dashboard--loading">
      <Skeleton variant="list" lines={4} />
    </div>
  )
}

export function Dashboard(props: { orgId: string }) {
  const me = useMe()
  const [layout, { mutate }] = createResource(() => props.orgId, getLayout)
  const [editing, setEditing] = createSignal(false)
  const [status, setStatus] = createSignal<{ kind: 'info' | 'error'; text: string } | null>(null)
  const financeStaff = () =>
    me()
      .organisations.find((o) => o.id === props.orgId)
      ?.roles.some((r) => FINANCE_READERS.includes(r)) ?? false

  const change = async (widgets: Widget[]) => {
    const before = layout()
    if (!before) return
    // Shown at once; the server's answer only confirms where it came from.
    mutate({ ...before, widgets, source: 'user' })
    try {
      const saved = await saveLayout(props.orgId, widgets)
      mutate({ ...saved, widgets })
      setStatus({ kind: 'info', text: t('dashboards.saved') })
    } catch (error) {
      mutate(before)
      setStatus({ kind: 'error', text: t('dashboards.saveFailed', { message: errorMessage(error) }) })
    }
  }
  const reset = async () => {
    const before = layout()
    try {
      mutate(await resetLayout(props.orgId))
      setStatus({ kind: 'info', text: t('dashboards.resetDone') })
      // The user's own arrangement is saved back by the toast's undo.
      if (before?.source === 'user') offerUndo(t('dashboards.resetDone'), () => change(before.widgets))
    } catch (error) {
      setStatus({ kind: 'error', text: errorMessage(error) })
    }
  }

  return (
    <Show when={layout()} fallback={<DashboardSkeleton />}>
      {(l) => (
        <div class="dashboard" data-testid="dashboard">
          <div class="dashboard__toolbar">
            <button
              type="button"
              class="button"
              aria-pressed={editing()}
              onClick={() => {
                setEditing(!editing())
                setStatus(null)
              }}
            >
              {editing() ? t('dashboards.done') : t('dashboards.customise')}
            </button>
            <Show when={l().source === 'user'}>
              <button type="button" class="button button--secondary" onClick={reset}>
                {t('dashboards.reset')}
              </button>
            </Show>
            <span class="dashboard__source" data-testid="dashboard-source">
              {t(`dashboards.source.${l().source}`)}
            </span>
          </div>
          <Show when={status()}>{(s) => <Alert kind={s().kind}>{s().text}</Alert>}</Show>
          <Show
            when={l().widgets.length > 0 || editing()}
            fallback={<p class="empty">{t('dashboards.empty')}</p>}
          >
            <LayoutEditor
              idPrefix="dash"
              widgets={l().widgets}
              available={l().available}
              editing={editing()}
              onChange={change}
              content={(w) => (
                // One boundary per widget: a slow endpoint delays its own card, not its neighbours.
                <Suspense fallback={<Skeleton lines={3} />}>
                  {widgetContent(w.kind, props.orgId, financeStaff())}
                </Suspense>
              )}
            />
          </Show>
        </div>
      )}
    </Show>
  )
}
