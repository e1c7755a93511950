import { createSignal, For, type JSX, Show } from 'solid-js'
import type { Widget, WidgetKind } from '../../../schema/dashboards/widgets.ts'
import { t } from '../i18n/index.ts'
import { moveItem } from './reorder.ts'

/**
 * The widgets of a layout as a reorderable list, shared by the home dashboard and the defaults
 * page. Keyboard: a widget's handle picks it up with Space or Enter, the arrow keys move it, Space
 * or Enter drops it and Escape puts it back; every step is announced in a live region. Pointer:
 * the widget itself is draggable while editing (HTML drag and drop). Each finished change calls
 * `onChange` once (a drop, a removal, a size, an addition) — not every arrow press.
 */
export function LayoutEditor(props: {
  widgets: Widget[]
  available: readonly WidgetKind[]
  editing: boolean
  onChange: (widgets: Widget[]) => void
  content?: (w: Widget) => JSX.Element
  idPrefix: string
}) {
  const [order, setOrder] = createSignal<Widget[] | null>(null)
  const [grabbed, setGrabbed] = createSignal<{ kind: WidgetKind; from: number } | null>(null)
  const [dragging, setDragging] = createSignal<WidgetKind | null>(null)
  const [announce, setAnnounce] = createSignal('')
  const [adding, setAdding] = createSignal<WidgetKind | ''>('')
  /** While a widget is held, the order being tried; otherwise the layout given. */
  const shown = () => order() ?? props.widgets
  const name = (k: WidgetKind) => t(`dashboards.widget.${k}`)
  const addable = () => props.available.filter((k) => !props.widgets.some((w) => w.kind === k))
  const say = (key: 'grabbed' | 'moved' | 'dropped', kind: WidgetKind, list: Widget[]) =>
    setAnnounce(
      t(`dashboards.${key}`, {
        widget: name(kind),
        position: list.findIndex((w) => w.kind === kind) + 1,
        count: list.length,
      }),
    )
  const focusHandle = (kind: WidgetKind) =>
    queueMicrotask(() => document.getElementById(`${props.idPrefix}-handle-${kind}`)?.focus())

  const onHandleKey = (e: KeyboardEvent, kind: WidgetKind) => {
    const held = grabbed()
    const list = shown()
    const at = list.findIndex((w) => w.kind === kind)
    if (!held) {
      if (e.key === ' ' || e.key === 'Enter') {
        e.preventDefault()
        setGrabbed({ kind, from: at })
        setOrder([...list])
        say('grabbed', kind, list)
      }
      return
    }
    if (held.kind !== kind) return
    const step = { ArrowUp: -1, ArrowLeft: -1, ArrowDown: 1, ArrowRight: 1 }[e.key]
    if (step !== undefined) {
      e.preventDefault()
      const next = moveItem(list, at, at + step)
      setOrder(next)
      say('moved', kind, next)
      focusHandle(kind)
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault()
      setGrabbed(null)
      setOrder(null)
      say('dropped', kind, list)
      if (at !== held.from) props.onChange(list)
    } else if (e.key === 'Escape') {
      e.preventDefault()
      setGrabbed(null)
      setOrder(null)
      setAnnounce(t('dashboards.cancelled', { widget: name(kind), position: held.from + 1 }))
      focusHandle(kind)
    }
  }
  const onDrop = (e: DragEvent, target: WidgetKind) => {
    e.preventDefault()
    const kind = dragging()
    setDragging(null)
    if (!kind || kind === target) return
    const list = props.widgets
    const next = moveItem(
      list,
      list.findIndex((w) => w.kind === kind),
      list.findIndex((w) => w.kind === target),
    )
    say('dropped', kind, next)
    props.onChange(next)
  }

  return (
    <>
      <p class="visually-hidden" role="status" aria-live="assertive">
        {announce()}
      </p>
      <Show when={props.editing}>
        <p class="dashboard__help" id={`${props.idPrefix}-help`}>
          {t('dashboards.editHelp')}
        </p>
      </Show>
      <ol class="widgets" classList={{ 'widgets--editing': props.editing }}>
        <For each={shown()}>
          {(w, i) => (
            <li
              class="widget"
              classList={{
                'widget--large': w.size === 'large',
                'widget--held': grabbed()?.kind === w.kind || dragging() === w.kind,
              }}
              data-widget={w.kind}
              draggable={props.editing}
              onDragStart={(e) => {
                setDragging(w.kind)
                e.dataTransfer?.setData('text/plain', w.kind)
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => props.editing && e.preventDefault()}
              onDrop={(e) => onDrop(e, w.kind)}
            >
              <div class="widget__head">
                <h2 class="widget__title">{name(w.kind)}</h2>
                <Show when={props.editing}>
                  <div class="widget__tools">
                    <button
                      type="button"
                      class="widget__handle"
                      id={`${props.idPrefix}-handle-${w.kind}`}
                      aria-describedby={`${props.idPrefix}-help`}
                      aria-pressed={grabbed()?.kind === w.kind}
                      onKeyDown={(e) => onHandleKey(e, w.kind)}
                      onBlur={() => {
                        // Moving the held widget re-inserts its node, which blurs the handle; the
                        // handle is focused again at once. Only a real departure (Tab, a click
                        // elsewhere) puts the widget back where it was.
                        setTimeout(() => {
                          const held = grabbed()
                          const handle = `${props.idPrefix}-handle-${w.kind}`
                          if (held?.kind === w.kind && document.activeElement?.id !== handle) {
                            setGrabbed(null)
                            setOrder(null)
                            setAnnounce(
                              t('dashboards.cancelled', { widget: name(w.kind), position: held.from + 1 }),
                            )
                          }
                        }, 0)
                      }}
                    >
                      <span aria-hidden="true">⠿</span>
                      <span class="visually-hidden">
                        {t('dashboards.handle', {
                          widget: name(w.kind),
                          position: i() + 1,
                          count: shown().length,
                        })}
                      </span>
                    </button>
                    <label class="widget__size">
                      <input
                        type="checkbox"
                        checked={w.size === 'large'}
                        onChange={(e) =>
                          props.onChange(
                            props.widgets.map((x) =>
                              x.kind === w.kind
                                ? { ...x, size: e.currentTarget.checked ? 'large' : 'small' }
                                : x,
                            ),
                          )
                        }
                      />
                      <span class="visually-hidden">{t('dashboards.size', { widget: name(w.kind) })}</span>
                      <span aria-hidden="true">⇔</span>
                    </label>
                    <button
                      type="button"
                      class="widget__remove"
                      aria-label={t('dashboards.remove', { widget: name(w.kind) })}
                      onClick={() => {
                        setAnnounce(t('dashboards.removed', { widget: name(w.kind) }))
                        props.onChange(props.widgets.filter((x) => x.kind !== w.kind))
                      }}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </div>
                </Show>
              </div>
              <Show when={props.content}>{(draw) => <div class="widget__body">{draw()(w)}</div>}</Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={props.editing}>
        <Show when={addable().length > 0} fallback={<p class="empty">{t('dashboards.nothingToAdd')}</p>}>
          <form
            class="dashboard__add"
            onSubmit={(e) => {
              e.preventDefault()
              const kind = adding()
              if (!kind) return
              setAdding('')
              setAnnounce(t('dashboards.added', { widget: name(kind) }))
              props.onChange([...props.widgets, { kind, size: 'small' }])
            }}
          >
            <label for={`${props.idPrefix}-add`}>{t('dashboards.add')}</label>
            <select
              id={`${props.idPrefix}-add`}
              value={adding()}
              onChange={(e) => setAdding(e.currentTarget.value as WidgetKind)}
            >
              <option value="" />
              <For each={addable()}>{(k) => <option value={k}>{name(k)}</option>}</For>
            </select>
            <button type="submit" class="button" disabled={!adding()}>
              {t('dashboards.addButton')}
            </button>
          </form>
        </Show>
      </Show>
    </>
  )
}
