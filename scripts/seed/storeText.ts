import { type StoredBlob, storeUpload } from '../../server/files/storage.ts'

/** Stores a demo text as a blob through the same streaming path as an upload. */
export async function storeText(filesDir: string, text: string): Promise<StoredBlob> {
  const bytes = new TextEncoder().encode(text)
  return storeUpload(
    filesDir,
    new ReadableStream({
      start(controller) {
        controller.enqueue(bytes)
        controller.close()
      },
    }),
    bytes.length,
  )
}
