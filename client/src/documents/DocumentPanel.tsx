import { A, createAsync, revalidate } from '@solidjs/router'
import { createEffect, createUniqueId, For, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { TableWrap } from '../ui/TableWrap.tsx'
import { DocumentActions } from './DocumentActions.tsx'
import { type Folder, getDocument, getDocuments, getText, uploadFile, versionUrl } from './data.ts'
import { formatSize, formatWhen } from './format.ts'
import { Preview } from './Preview.tsx'
import { UploadZone } from './UploadZone.tsx'

/**
 * One document: its preview, every version (who, when, size) with a download for each, and for
 * those who manage the folder: a new version, rename, move and delete. The heading takes focus
 * when the document opens (e.g. from a search result), so keyboard and screen-reader users land on it.
 */
export function DocumentPanel(props: {
  orgId: string
  folderId: string
  documentId: string
  folders: Folder[]
  onNotice: (text: string) => void
  onDeleted: () => void
  onMoved: (folderId: string) => void
}) {
  const detail = createAsync(() => getDocument(props.orgId, props.documentId))
  const headingId = createUniqueId()
  let heading: HTMLHeadingElement | undefined
  // Once per opened document, not again when it reloads after an upload or a rename.
  let focusedFor: string | undefined
  createEffect(() => {
    const id = detail()?.document.id
    if (id === props.documentId && id !== focusedFor && heading) {
      focusedFor = id
      heading.focus({ preventScroll: true })
      heading.scrollIntoView({ block: 'nearest' })
    }
  })
  const refresh = () => revalidate([getDocument.key, getDocuments.key, getText.key])
  return (
    <Show when={detail()}>
      {(d) => (
        <section class="doc-panel" aria-labelledby={headingId}>
          <div class="doc-panel__head">
            <h2 id={headingId} ref={heading} tabindex="-1">
              {d().document.title}
            </h2>
            <A
              href={`/org/${props.orgId}/documents/${props.folderId}`}
              class="button button--quiet button--small"
            >
              {t('documents.closeDocument')}
            </A>
          </div>
          <Show when={d().versions[0]}>
            {(current) => (
              <>
                <div class="row doc-panel__actions">
                  <a
                    class="button button--small"
                    href={versionUrl(props.orgId, d().document.id, current().version)}
                    download={current().fileName}
                  >
                    {t('documents.download')}
                  </a>
                  <Show when={d().abilities.includes('documents.manage')}>
                    <DocumentActions
                      orgId={props.orgId}
                      document={d().document}
                      folders={props.folders}
                      onNotice={props.onNotice}
                      onDeleted={props.onDeleted}
                      onMoved={props.onMoved}
                    />
                  </Show>
                </div>
                <Preview
                  orgId={props.orgId}
                  documentId={d().document.id}
                  title={d().document.title}
                  version={current()}
                />
              </>
            )}
          </Show>
          <h3>{t('documents.versions')}</h3>
          <TableWrap label={t('documents.versions')}>
            <table class="table doc-versions">
              <thead>
                <tr>
                  <th scope="col">{t('documents.columnVersion')}</th>
                  <th scope="col">{t('documents.columnBy')}</th>
                  <th scope="col">{t('documents.columnUpdated')}</th>
                  <th scope="col" class="num">
                    {t('documents.columnSize')}
                  </th>
                  <th scope="col">{t('documents.columnFile')}</th>
                </tr>
              </thead>
              <tbody>
                <For each={d().versions}>
                  {(v) => (
                    <tr>
                      <th scope="row" class="nowrap">
                        {v.version}
                        <Show when={v.version === d().document.currentVersion}>
                          {' '}
                          <span class="tag">{t('documents.current')}</span>
                        </Show>
                      </th>
                      <td>{v.createdByName ?? t('documents.someone')}</td>
                      <td class="nowrap">
                        <time datetime={v.createdAt}>{formatWhen(v.createdAt)}</time>
                      </td>
                      <td class="num nowrap">{formatSize(v.size)}</td>
                      <td>
                        <a
                          href={versionUrl(props.orgId, d().document.id, v.version)}
                          download={v.fileName}
                          aria-label={t('documents.downloadVersion', {
                            n: v.version,
                            title: d().document.title,
                          })}
                        >
                          {v.fileName}
                        </a>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </TableWrap>
          <Show when={d().abilities.includes('documents.manage')}>
            <h3>{t('documents.newVersion')}</h3>
            <UploadZone
              label={t('documents.newVersionFile')}
              upload={(file, onProgress) =>
                uploadFile(
                  `/documents/${props.orgId}/documents/${d().document.id}/versions?name=${encodeURIComponent(file.name)}`,
                  file,
                  onProgress,
                )
              }
              uploadedText={(_file, result) =>
                t('documents.versionAdded', { n: (result as { version: number }).version })
              }
              onUploaded={() => void refresh()}
            />
          </Show>
        </section>
      )}
    </Show>
  )
}
