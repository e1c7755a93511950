import { createAsync, useParams } from '@solidjs/router'
import { createSignal, For, Show } from 'solid-js'
import { AGEING_BUCKETS } from '../../../schema/finance/status.ts'
import { formatDate, t, tPlural } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { getAbilities, getBudget, getOverdue, getUnmatched } from './data.ts'
import { euros } from './format.ts'
import { ImportPanel } from './ImportPanel.tsx'
import { SupplierInvoices } from './SupplierInvoices.tsx'

/**
 * /org/:orgId/finance: the cooperative's finance for its board, manager, accountant and auditor:
 * overdue charges by age, budget against actual, supplier invoices (the board decides), payments
 * that matched no invoice, and the CSV import for those who record.
 */
export function CoopFinancePage() {
  const params = useParams<{ orgId: string }>()
  const abilities = createAsync(() => getAbilities(params.orgId))
  return (
    <Page title={t('finance.coopTitle')} intro={t('finance.coopIntro')} wide>
      <Show
        when={abilities()?.read}
        fallback={
          <Show when={abilities()}>
            <p class="empty">{t('finance.none')}</p>
          </Show>
        }
      >
        <Overdue orgId={params.orgId} />
        <Budget orgId={params.orgId} />
        <SupplierInvoices orgId={params.orgId} canDecide={abilities()?.approve === true} />
        <Unmatched orgId={params.orgId} />
        <Show when={abilities()?.record}>
          <ImportPanel orgId={params.orgId} />
        </Show>
      </Show>
    </Page>
  )
}

function Overdue(props: { orgId: string }) {
  const overdue = createAsync(() => getOverdue(props.orgId))
  return (
    <section class="finance__section" aria-labelledby="finance-overdue">
      <h2 id="finance-overdue">{t('finance.overdue')}</h2>
      <Show when={overdue()} keyed>
        {(o) => (
          <>
            <ul class="finance__buckets">
              <For each={AGEING_BUCKETS}>
                {(b) => (
                  <li class="card">
                    <span class="muted">{t(`finance.bucket.${b}`)}</span>
                    <strong>{euros(o.buckets[b].openCents)}</strong>
                    <span class="muted">
                      {tPlural('finance.bucketSummary', o.buckets[b].count, {
                        amount: euros(o.buckets[b].openCents),
                      })}
                    </span>
                  </li>
                )}
              </For>
            </ul>
            <p>{t('finance.totalOverdue', { amount: euros(o.totalCents) })}</p>
            <Show when={o.items.length > 0} fallback={<p class="empty">{t('finance.noOverdue')}</p>}>
              <TableWrap label={t('finance.overdue')}>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.col.apartment')}</th>
                      <th scope="col">{t('finance.col.payer')}</th>
                      <th scope="col">{t('finance.col.kind')}</th>
                      <th scope="col">{t('finance.col.due')}</th>
                      <th scope="col" class="num">
                        {t('finance.col.days')}
                      </th>
                      <th scope="col" class="num">
                        {t('finance.col.open')}
                      </th>
                      <th scope="col">{t('finance.col.reference')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={o.items}>
                      {(i) => (
                        <tr>
                          <td>{i.apartmentNumber}</td>
                          <td>{i.payerName}</td>
                          <td>{t(`finance.kind.${i.kind}`)}</td>
                          <td>{formatDate(i.dueDate)}</td>
                          <td class="num">{i.daysOverdue}</td>
                          <td class="num">{euros(i.openCents)}</td>
                          <td>
                            <code>{i.reference}</code>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableWrap>
              <Show when={o.truncated}>
                <p class="muted">{t('finance.truncated')}</p>
              </Show>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}

function Budget(props: { orgId: string }) {
  const [year, setYear] = createSignal<number | undefined>()
  const budget = createAsync(() => getBudget(props.orgId, year()))
  return (
    <section class="finance__section" aria-labelledby="finance-budget">
      <h2 id="finance-budget">{t('finance.budget')}</h2>
      <Show when={budget()} keyed>
        {(b) => (
          <>
            <Show when={b.years.length > 1}>
              <div class="field finance__year-select">
                <label for="finance-year">{t('finance.budgetYear')}</label>
                <select
                  id="finance-year"
                  value={b.year}
                  onChange={(e) => setYear(Number(e.currentTarget.value))}
                >
                  <For each={b.years}>{(y) => <option value={y}>{y}</option>}</For>
                </select>
              </div>
            </Show>
            <Show when={b.lines.length > 0} fallback={<p class="empty">{t('finance.noBudget')}</p>}>
              <TableWrap label={`${t('finance.budget')} ${b.year}`}>
                <table class="table">
                  <thead>
                    <tr>
                      <th scope="col">{t('finance.col.category')}</th>
                      <th scope="col" class="num">
                        {t('finance.col.budget')}
                      </th>
                      <th scope="col" class="num">
                        {t('finance.col.actual')}
                      </th>
                      <th scope="col" class="num">
                        {t('finance.col.difference')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={b.lines}>
                      {(l) => (
                        <tr>
                          <th scope="row">{t(`finance.category.${l.category}`)}</th>
                          <td class="num">{euros(l.budgetCents)}</td>
                          <td class="num">{euros(l.actualCents)}</td>
                          <td class="num" classList={{ finance__over: l.differenceCents > 0 }}>
                            {euros(l.differenceCents)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row">{t('finance.total')}</th>
                      <td class="num">{euros(b.totals.budgetCents)}</td>
                      <td class="num">{euros(b.totals.actualCents)}</td>
                      <td class="num">{euros(b.totals.actualCents - b.totals.budgetCents)}</td>
                    </tr>
                  </tfoot>
                </table>
              </TableWrap>
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}

function Unmatched(props: { orgId: string }) {
  const unmatched = createAsync(() => getUnmatched(props.orgId))
  return (
    <section class="finance__section" aria-labelledby="finance-unmatched">
      <h2 id="finance-unmatched">{t('finance.unmatched')}</h2>
      <Show when={unmatched()} keyed>
        {(u) => (
          <Show when={u.payments.length > 0} fallback={<p class="empty">{t('finance.noUnmatched')}</p>}>
            <TableWrap label={t('finance.unmatched')}>
              <table class="table">
                <thead>
                  <tr>
                    <th scope="col">{t('finance.col.paidOn')}</th>
                    <th scope="col">{t('finance.col.payer')}</th>
                    <th scope="col">{t('finance.col.reference')}</th>
                    <th scope="col" class="num">
                      {t('finance.col.amount')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  <For each={u.payments}>
                    {(p) => (
                      <tr>
                        <td>{formatDate(p.paidOn)}</td>
                        <td>{p.payerName}</td>
                        <td>
                          <code>{p.reference || '—'}</code>
                        </td>
                        <td class="num">{euros(p.amountCents)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </TableWrap>
          </Show>
        )}
      </Show>
    </section>
  )
}
