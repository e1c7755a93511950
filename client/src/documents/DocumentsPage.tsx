import { A, createAsync, revalidate, useNavigate, useParams, useSearchParams } from '@solidjs/router'
import { createMemo, createSignal, Show } from 'solid-js'
import { t } from '../i18n/index.ts'
import { useMe } from '../shell/me.ts'
import { Alert } from '../ui/Alert.tsx'
import { ConfirmDialog } from '../ui/Dialog.tsx'
import { useMutation } from '../ui/mutation.ts'
import { Page } from '../ui/Page.tsx'
import { deleteFolderAction } from './actions.ts'
import { DocumentList } from './DocumentList.tsx'
import { DocumentPanel } from './DocumentPanel.tsx'
import { type Folder, getDocuments, getFolders, uploadFile } from './data.ts'
import { FolderDialog } from './FolderDialog.tsx'
import { FolderTree, folderPath } from './FolderTree.tsx'
import { audienceText } from './format.ts'
import { UploadZone } from './UploadZone.tsx'

/**
 * /org/:orgId/documents/:folderId?document=: the folder tree, the chosen folder's documents
 * and, when one is chosen, the document with its versions and preview. Search results link here.
 */
export function DocumentsPage() {
  const params = useParams<{ orgId: string; folderId?: string }>()
  const [search] = useSearchParams<{ document?: string }>()
  const navigate = useNavigate()
  const me = useMe()
  const org = createMemo(() => me().organisations.find((o) => o.id === params.orgId))
  const list = createAsync(() => getFolders(params.orgId))
  const folder = createMemo(() => list()?.folders.find((f) => f.id === params.folderId))
  const [notice, setNotice] = createSignal<string>()
  const [dialog, setDialog] = createSignal<'create' | 'edit'>()
  const rootAbilities = () => list()?.abilities ?? []
  const canCreate = () =>
    folder()?.abilities.includes('documents.manage') ?? rootAbilities().includes('documents.manage')

  return (
    <Page title={t('documents.title')} intro={t('documents.intro')} wide>
      <Show when={notice()}>
        <Alert kind="success">{notice()}</Alert>
      </Show>
      <div class="docs">
        <aside class="docs__side">
          <Show when={list()}>
            {(l) => <FolderTree orgId={params.orgId} folders={l().folders} current={params.folderId} />}
          </Show>
          <div class="docs__side-actions">
            <Show when={canCreate()}>
              <button
                type="button"
                class="button button--secondary button--small"
                onClick={() => setDialog('create')}
              >
                {folder() ? t('documents.newSubfolder') : t('documents.newFolder')}
              </button>
            </Show>
            <Show when={rootAbilities().includes('documents.restore')}>
              <A href={`/org/${params.orgId}/documents/trash`} class="button button--quiet button--small">
                {t('documents.trash')}
              </A>
            </Show>
          </div>
        </aside>
        <div class="docs__main">
          <Show
            when={folder()}
            keyed
            fallback={
              <Show when={(list()?.folders.length ?? 0) > 0}>
                <p class="empty">{t('documents.chooseFolder')}</p>
              </Show>
            }
          >
            {(f) => (
              <FolderView
                orgId={params.orgId}
                folder={f}
                folders={list()?.folders ?? []}
                documentId={search.document}
                onEdit={() => setDialog('edit')}
                onNotice={setNotice}
                onFolderDeleted={() => navigate(`/org/${params.orgId}/documents`)}
                onDocumentGone={() => navigate(`/org/${params.orgId}/documents/${f.id}`)}
                onMoved={(folderId, documentId) =>
                  navigate(`/org/${params.orgId}/documents/${folderId}?document=${documentId}`)
                }
              />
            )}
          </Show>
        </div>
      </div>
      <Show when={org()}>
        {(o) => (
          <FolderDialog
            open={dialog() !== undefined}
            orgId={params.orgId}
            orgKind={o().kind}
            folders={list()?.folders ?? []}
            folder={dialog() === 'edit' ? folder() : undefined}
            parentId={folder()?.id ?? null}
            canManageRoot={rootAbilities().includes('documents.manage')}
            onClose={() => setDialog(undefined)}
            onSaved={(id, name) => {
              const created = dialog() === 'create'
              setDialog(undefined)
              setNotice(created ? t('documents.folderCreated', { name }) : t('documents.folderSaved'))
              if (created) navigate(`/org/${params.orgId}/documents/${id}`)
            }}
          />
        )}
      </Show>
    </Page>
  )
}

function FolderView(props: {
  orgId: string
  folder: Folder
  folders: Folder[]
  documentId: string | undefined
  onEdit: () => void
  onNotice: (text: string) => void
  onFolderDeleted: () => void
  onDocumentGone: () => void
  onMoved: (folderId: string, documentId: string) => void
}) {
  const docs = createAsync(() => getDocuments(props.orgId, props.folder.id))
  const manage = () => props.folder.abilities.includes('documents.manage')
  const [confirming, setConfirming] = createSignal(false)
  const form = useMutation(deleteFolderAction)
  async function deleteFolder() {
    const ok = await form.run(props.orgId, props.folder.id)
    if (!ok) return
    setConfirming(false)
    props.onNotice(t('documents.folderDeleted', { name: props.folder.name }))
    props.onFolderDeleted()
  }
  return (
    <>
      <div class="docs__folder-head">
        <h2>{folderPath(props.folders, props.folder.id)}</h2>
        <p class="muted">{t('documents.visibleTo', { who: audienceText(props.folder.audience) })}</p>
        <Show when={manage()}>
          <div class="row">
            <button
              type="button"
              class="button button--secondary button--small"
              onClick={() => props.onEdit()}
            >
              {t('documents.folderSettings')}
            </button>
            <button
              type="button"
              class="button button--danger-outline button--small"
              onClick={() => {
                form.reset()
                setConfirming(true)
              }}
            >
              {t('documents.deleteFolder')}
            </button>
          </div>
        </Show>
      </div>
      <Show when={props.documentId} keyed>
        {(documentId) => (
          <DocumentPanel
            orgId={props.orgId}
            folderId={props.folder.id}
            documentId={documentId}
            folders={props.folders}
            onNotice={props.onNotice}
            onDeleted={props.onDocumentGone}
            onMoved={(folderId) => props.onMoved(folderId, documentId)}
          />
        )}
      </Show>
      <Show when={docs()}>
        {(d) => (
          <DocumentList
            orgId={props.orgId}
            folderId={props.folder.id}
            documents={d().documents}
            selected={props.documentId}
          />
        )}
      </Show>
      <Show when={manage()}>
        <h3>{t('documents.uploadTitle')}</h3>
        <UploadZone
          label={t('documents.chooseFiles')}
          multiple
          upload={(file, onProgress) =>
            uploadFile(
              `/documents/${props.orgId}/folders/${props.folder.id}/documents?name=${encodeURIComponent(file.name)}`,
              file,
              onProgress,
            )
          }
          uploadedText={(file) => t('documents.uploaded', { name: file.name })}
          onUploaded={() => void revalidate(getDocuments.key)}
        />
      </Show>
      <ConfirmDialog
        open={confirming()}
        title={t('documents.deleteFolder')}
        message={t('documents.deleteFolderConfirm', { name: props.folder.name })}
        confirmLabel={t('documents.deleteFolder')}
        danger
        pending={form.pending()}
        error={form.message()}
        onConfirm={() => void deleteFolder()}
        onCancel={() => setConfirming(false)}
      />
    </>
  )
}
