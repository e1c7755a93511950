import { A, createAsync, useParams } from '@solidjs/router'
import { For, Show } from 'solid-js'
import { formatDate, formatDateTime, formatNumber, language, t } from '../i18n/index.ts'
import { Page } from '../ui/Page.tsx'
import { TableWrap } from '../ui/TableWrap.tsx'
import { ConsumptionChart } from './ConsumptionChart.tsx'
import { csvUrl, getConsumption, getReadings } from './data.ts'
import { EditMeterForm } from './EditMeterForm.tsx'
import { ReadingForm } from './ReadingForm.tsx'
import { unitLabel } from './unit.ts'

/**
 * /org/:orgId/meters/:meterId: one meter's consumption per month against the previous year
 * (chart, table, CSV), its reading form for who may submit, its readings with their status, and
 * (staff) the form correcting the meter itself.
 */
export function MeterPage() {
  const params = useParams<{ orgId: string; meterId: string }>()
  const data = createAsync(() => getReadings(params.orgId, params.meterId))
  const consumption = createAsync(() => getConsumption(params.orgId, params.meterId))
  const title = () => {
    const m = data()?.meter
    if (!m) return t('meters.title')
    const where = m.apartment ? t('meters.apartment', { number: m.apartment.number }) : t('meters.common')
    return `${t(`meters.kind.${m.kind}`)} · ${where}`
  }
  return (
    <Page title={title()}>
      <p>
        <A href={`/org/${params.orgId}/meters`}>← {t('meters.title')}</A>
      </p>
      <Show when={data()}>
        {(d) => (
          <>
            <p class="muted">
              {d().meter.building.name} · {t('meters.serial')} {d().meter.serial}
              <Show when={d().meter.location}> · {d().meter.location}</Show>
            </p>
            <Show when={d().meter.abilities.submit}>
              <ReadingForm orgId={params.orgId} meter={d().meter} />
            </Show>
            <Show when={d().meter.abilities.manage}>
              <EditMeterForm orgId={params.orgId} meter={d().meter} />
            </Show>
            <h2>{t('meters.consumption')}</h2>
            <Show when={consumption()} keyed>
              {(c) => <ConsumptionChart data={c} />}
            </Show>
            <p>
              <a
                class="button button--secondary"
                href={csvUrl(params.orgId, params.meterId, language())}
                download="consumption.csv"
              >
                {t('meters.csv')}
              </a>
            </p>
            <h2>{t('meters.history')}</h2>
            <Show when={d().readings.length > 0} fallback={<p class="empty">{t('meters.noReading')}</p>}>
              <TableWrap label={t('meters.history')}>
                <table class="table table--stack meters__table">
                  <thead>
                    <tr>
                      <th scope="col">{t('meters.readOn')}</th>
                      <th scope="col">{t('meters.value', { unit: unitLabel(d().meter.unit) })}</th>
                      <th scope="col">{t('meters.statusColumn')}</th>
                      <th scope="col">{t('meters.by')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={d().readings}>
                      {(r) => (
                        <tr>
                          <td data-label={t('meters.readOn')}>{formatDate(r.readOn)}</td>
                          <td class="num" data-label={t('meters.value', { unit: unitLabel(d().meter.unit) })}>
                            {formatNumber(r.value)}
                            {r.meterChange ? ' ↺' : ''}
                          </td>
                          <td data-label={t('meters.statusColumn')}>
                            {t(`meters.status.${r.status}`)}
                            <Show when={r.flagReason}> ({t(`meters.flagReason.${r.flagReason!}`)})</Show>
                            <Show when={r.hasPhoto}>
                              {' · '}
                              <a
                                href={`/api/meters/${params.orgId}/readings/${r.id}/photo`}
                                target="_blank"
                                rel="noopener noreferrer"
                              >
                                {t('meters.photoLink')}
                              </a>
                            </Show>
                          </td>
                          <td data-label={t('meters.by')} title={formatDateTime(r.createdAt)}>
                            {r.submittedBy?.name ?? t(`meters.source.${r.source}`)}
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </TableWrap>
            </Show>
          </>
        )}
      </Show>
    </Page>
  )
}
