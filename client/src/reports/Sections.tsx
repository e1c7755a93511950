import { For, Show } from 'solid-js'
import type { Section } from '../../../schema/reports/common.ts'
import { formatCell } from '../../../schema/reports/format.ts'
import { language, type MessageKey, t } from '../i18n/index.ts'
import { TableWrap } from '../ui/TableWrap.tsx'

/** A report's sections as tables, numbers right-aligned, totals in the footer. */
export function Sections(props: { sections: Section[] }) {
  return (
    <For each={props.sections}>
      {(section) => {
        const title = () => t(`reports.section.${section.id}` as MessageKey)
        const numeric = (kind: string) => kind !== 'text' && kind !== 'month' && kind !== 'date'
        return (
          <section class="report__section" aria-label={title()}>
            <h2>{title()}</h2>
            <Show
              when={section.rows.length > 0}
              fallback={
                <p class="empty">
                  {section.empty ? t(`reports.none.${section.empty}`) : t('reports.ui.noData')}
                </p>
              }
            >
              <TableWrap label={title()}>
                <table class="table">
                  <thead>
                    <tr>
                      <For each={section.columns}>
                        {(c) => (
                          <th scope="col" classList={{ num: numeric(c.kind) }}>
                            {t(`reports.col.${c.label}` as MessageKey)}
                          </th>
                        )}
                      </For>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={section.rows}>
                      {(row) => (
                        <tr>
                          <For each={section.columns}>
                            {(c, i) =>
                              i() === 0 ? (
                                <th scope="row">{formatCell(c, row[c.key] ?? null, language(), 'screen')}</th>
                              ) : (
                                <td classList={{ num: numeric(c.kind) }}>
                                  {formatCell(c, row[c.key] ?? null, language(), 'screen')}
                                </td>
                              )
                            }
                          </For>
                        </tr>
                      )}
                    </For>
                  </tbody>
                  <Show when={Object.keys(section.totals).length > 0}>
                    <tfoot>
                      <tr>
                        <For each={section.columns}>
                          {(c, i) =>
                            i() === 0 ? (
                              <th scope="row">{t('reports.pdf.total')}</th>
                            ) : (
                              <td classList={{ num: numeric(c.kind) }}>
                                {c.key in section.totals
                                  ? formatCell(c, section.totals[c.key] ?? null, language(), 'screen')
                                  : ''}
                              </td>
                            )
                          }
                        </For>
                      </tr>
                    </tfoot>
                  </Show>
                </table>
              </TableWrap>
              <Show when={section.truncated}>
                <p class="muted">{t('reports.ui.truncated')}</p>
              </Show>
            </Show>
          </section>
        )
      }}
    </For>
  )
}
