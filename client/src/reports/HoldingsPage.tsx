import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import type { HoldingProperty } from '../../../schema/api/holdings.ts'
import { formatCell } from '../../../schema/reports/format.ts'
import { formatDate, language, t } from '../i18n/index.ts'
import { Alert } from '../ui/Alert.tsx'
import { createConfirm } from '../ui/confirm.tsx'
import { DatePicker } from '../ui/DatePicker.tsx'
import { MonthField } from '../ui/MonthField.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { changeHoldingsAction, getHoldings, type HoldingsChange } from './data.ts'

/**
 * /org/:orgId/portfolio/holdings: the apartments the portfolio holds in each property. Its org
 * admin and portfolio manager add and remove apartments and enter rental income; investors read.
 */
export function HoldingsPage() {
  const params = useParams<{ orgId: string }>()
  const holdings = createAsync(() => getHoldings(params.orgId))
  const form = useMutation(changeHoldingsAction)
  const [saved, setSaved] = createSignal(false)
  // One message for the page, whichever form changed the holdings: refused, or saved.
  const message = (): { kind: 'error' | 'success'; text: string } | null => {
    const refused = form.message()
    if (refused) return { kind: 'error', text: refused }
    return saved() ? { kind: 'success', text: t('reports.ui.saved') } : null
  }
  const act = async (change: HoldingsChange) => {
    setSaved(false)
    setSaved((await form.run(params.orgId, change)) === true)
  }
  return (
    <Page title={t('reports.ui.holdingsTitle')} intro={t('reports.ui.holdingsIntro')} wide>
      <Show when={message()} keyed>
        {(m) => <Alert kind={m.kind}>{m.text}</Alert>}
      </Show>
      <Show when={holdings()} keyed>
        {(h) => (
          <Show when={h.properties.length > 0} fallback={<p class="empty">{t('reports.ui.noHoldings')}</p>}>
            <For each={h.properties}>
              {(p) => <Property orgId={params.orgId} property={p} canManage={h.canManage} act={act} />}
            </For>
          </Show>
        )}
      </Show>
    </Page>
  )
}

function Property(props: {
  orgId: string
  property: HoldingProperty
  canManage: boolean
  act: (change: HoldingsChange) => Promise<void>
}) {
  const money = (cents: number | null) =>
    formatCell({ key: 'v', label: 'v', kind: 'cents' }, cents, language(), 'screen')
  const id = (s: string) => `${props.property.cooperativeId}-${s}`
  // The native confirm() is in the browser's language and style; this one names the apartment.
  const confirm = createConfirm()
  return (
    <section class="report__section" aria-labelledby={id('h')}>
      <h2 id={id('h')}>{props.property.name}</h2>
      {confirm.view()}
      <TableWrap label={props.property.name}>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('reports.ui.apartment')}</th>
              <th scope="col" class="num">
                {t('reports.col.area')}
              </th>
              <th scope="col" class="num">
                {t('reports.col.shares')}
              </th>
              <th scope="col">{t('reports.ui.acquiredOn')}</th>
              <th scope="col" class="num">
                {t('reports.col.price')}
              </th>
              <Show when={props.canManage}>
                <td />
              </Show>
            </tr>
          </thead>
          <tbody>
            <For each={props.property.apartments}>
              {(a) => (
                <tr>
                  <th scope="row">
                    {a.building} {a.number}
                  </th>
                  <td class="num">{a.areaM2}</td>
                  <td class="num">{a.shares}</td>
                  <td>{a.acquiredOn ? formatDate(a.acquiredOn) : ''}</td>
                  <td class="num">{money(a.priceCents)}</td>
                  <Show when={props.canManage}>
                    <td>
                      <button
                        type="button"
                        class="button button--secondary"
                        onClick={() => {
                          const label = `${a.building} ${a.number}`
                          confirm.ask({
                            title: t('reports.ui.removeConfirm', { apartment: label }),
                            confirmLabel: t('reports.ui.remove'),
                            run: () => props.act({ kind: 'remove', apartmentId: a.apartmentId }),
                          })
                        }}
                      >
                        {t('reports.ui.remove')}{' '}
                        <span class="visually-hidden">{`${a.building} ${a.number}`}</span>
                      </button>
                    </td>
                  </Show>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </TableWrap>
      <Show when={props.canManage}>
        <Show when={props.property.available.length > 0}>
          <form
            class="report__filters"
            aria-label={`${t('reports.ui.addApartment')}, ${props.property.name}`}
            onSubmit={(e) => {
              e.preventDefault()
              const d = new FormData(e.currentTarget)
              const price = String(d.get('price') ?? '').replace(',', '.')
              void props.act({
                kind: 'add',
                body: {
                  cooperativeId: props.property.cooperativeId,
                  apartmentId: String(d.get('apartment')),
                  acquiredOn: String(d.get('acquired') ?? '') || null,
                  priceCents: price ? Math.round(Number(price) * 100) : null,
                },
              })
            }}
          >
            <label class="field">
              <span class="field__label">{t('reports.ui.apartment')}</span>
              <select name="apartment" required>
                <For each={props.property.available}>
                  {(o) => <option value={o.apartmentId}>{o.label}</option>}
                </For>
              </select>
            </label>
            <DatePicker label={t('reports.ui.acquiredOn')} name="acquired" value="" />
            <label class="field">
              <span class="field__label">{t('reports.ui.price')}</span>
              <input type="text" inputmode="decimal" name="price" pattern="[0-9]+([.,][0-9]{1,2})?" />
            </label>
            <button type="submit" class="button">
              {t('reports.ui.add')}
            </button>
          </form>
        </Show>
        <Show when={props.property.apartments.length > 0}>
          <form
            class="report__filters"
            aria-label={`${t('reports.ui.rentTitle')}, ${props.property.name}`}
            onSubmit={(e) => {
              e.preventDefault()
              const d = new FormData(e.currentTarget)
              void props.act({
                kind: 'rent',
                body: {
                  apartmentId: String(d.get('apartment')),
                  month: String(d.get('month')),
                  amountCents: Math.round(Number(String(d.get('amount')).replace(',', '.')) * 100),
                },
              })
            }}
          >
            <label class="field">
              <span class="field__label">{t('reports.ui.apartment')}</span>
              <select name="apartment" required>
                <For each={props.property.apartments}>
                  {(a) => <option value={a.apartmentId}>{`${a.building} ${a.number}`}</option>}
                </For>
              </select>
            </label>
            <MonthField label={t('reports.ui.rentMonth')} name="month" value="" required />
            <label class="field">
              <span class="field__label">{t('reports.ui.rentAmount')}</span>
              <input
                type="text"
                inputmode="decimal"
                name="amount"
                required
                pattern="[0-9]+([.,][0-9]{1,2})?"
              />
            </label>
            <button type="submit" class="button">
              {t('reports.ui.save')}
            </button>
          </form>
        </Show>
      </Show>
    </section>
  )
}
