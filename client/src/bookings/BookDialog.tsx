import { createEffect, createSignal, For, on, Show } from 'solid-js'
import type { Interval } from '../../../schema/bookings.ts'
import { language, type MessageKey, t } from '../i18n/index.ts'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { errorMessage } from '../ui/errors.ts'
import { SelectField } from '../ui/Field.tsx'
import { useMutation } from '../ui/mutation.ts'
import { type Booking, bookAction, formatInterval, type Resource, refusalOf } from './data.ts'

/**
 * The second tap: confirm the picked time (and, for free-length resources, its length). A
 * refusal is explained in place; a taken time offers the nearest free ones, one tap each.
 */
export function BookDialog(props: {
  orgId: string
  resource: Resource
  pick: Interval | undefined
  apartments: ReadonlyArray<{ id: string; number: string }>
  onDone: (booking: Booking | undefined) => void
}) {
  const [chosen, setChosen] = createSignal<Interval>()
  const [minutes, setMinutes] = createSignal(0)
  const [apartmentId, setApartmentId] = createSignal('')
  const booking = useMutation(bookAction)
  const pending = booking.pending
  // Why the server said no, in the dialog's own words (a rule, or the free times nearest).
  const refusal = () => {
    const error = booking.error()
    return error === undefined ? undefined : refusalOf(error)
  }

  createEffect(
    on(
      () => props.pick,
      (pick) => {
        setChosen(pick)
        setMinutes(props.resource.minMinutes)
        setApartmentId(props.apartments[0]?.id ?? '')
        booking.reset()
      },
    ),
  )

  const lengths = () => {
    const r = props.resource
    const out: number[] = []
    for (let m = r.minMinutes; m <= r.maxMinutes; m += r.gridMinutes) out.push(m)
    return out
  }
  const wanted = (): Interval | undefined => {
    const c = chosen()
    if (!c) return undefined
    if (props.resource.mode !== 'free') return c
    return { start: c.start, end: new Date(Date.parse(c.start) + minutes() * 60_000).toISOString() }
  }

  async function confirm() {
    const w = wanted()
    if (!w || pending()) return
    const made = await booking.run(props.orgId, {
      resourceId: props.resource.id,
      start: w.start,
      end: w.end,
      ...(props.apartments.length > 1 ? { apartmentId: apartmentId() } : {}),
    })
    if (made) props.onDone(made.booking)
  }

  const reason = () => {
    const r = refusal()
    if (!r) return undefined
    if (r.kind === 'conflict') return t('bookings.conflict')
    if (r.kind === 'rule') return t(`bookings.rule.${r.rule}` as MessageKey)
    return errorMessage(r.error)
  }
  const alternatives = () => {
    const r = refusal()
    return r?.kind === 'conflict' ? r.alternatives : undefined
  }

  return (
    <ConfirmDialog
      open={props.pick !== undefined}
      title={t('bookings.bookTitle', { resource: props.resource.name })}
      message={wanted() ? formatInterval(wanted() as Interval, language()) : undefined}
      confirmLabel={t('bookings.book')}
      pending={pending()}
      onConfirm={() => void confirm()}
      onCancel={() => props.onDone(undefined)}
    >
      <Show when={props.resource.mode === 'free' && lengths().length > 1}>
        <SelectField
          label={t('bookings.length')}
          value={String(minutes())}
          onChange={(e) => setMinutes(Number(e.currentTarget.value))}
        >
          <For each={lengths()}>{(m) => <option value={m}>{lengthLabel(m)}</option>}</For>
        </SelectField>
      </Show>
      <Show when={props.apartments.length > 1}>
        <SelectField
          label={t('bookings.apartment')}
          value={apartmentId()}
          onChange={(e) => setApartmentId(e.currentTarget.value)}
        >
          <For each={props.apartments}>{(a) => <option value={a.id}>{a.number}</option>}</For>
        </SelectField>
      </Show>
      <Show when={reason()}>
        <p class="alert alert--error" role="alert">
          {reason()}
        </p>
      </Show>
      <Show when={alternatives()} keyed>
        {(list) => (
          <div class="alternatives">
            <p>{list.length > 0 ? t('bookings.alternatives') : t('bookings.noAlternatives')}</p>
            <ul>
              <For each={list}>
                {(alt) => (
                  <li>
                    <button
                      type="button"
                      class="button button--secondary button--small"
                      onClick={() => {
                        setChosen(alt)
                        setMinutes((Date.parse(alt.end) - Date.parse(alt.start)) / 60_000)
                        booking.reset()
                      }}
                    >
                      {formatInterval(alt, language())}
                    </button>
                  </li>
                )}
              </For>
            </ul>
          </div>
        )}
      </Show>
    </ConfirmDialog>
  )
}

export function lengthLabel(minutes: number): string {
  return minutes % 60 === 0 ? t('bookings.hours', { n: minutes / 60 }) : t('bookings.minutes', { n: minutes })
}
