import type { KyselyPlugin, RootOperationNode } from 'kysely'

/**
 * The statements sent through a Kysely instance (`db.withPlugin(plugin)`), in order, as
 * "verb table": what the compaction tests read to prove which statements run before a
 * transaction opens and which inside it, on the real engines rather than on a mock.
 */
export function statementLog() {
  const log: string[] = []
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      log.push(statementOf(node))
      return node
    },
    transformResult: async ({ result }) => result,
  }
  return { log, plugin }
}

/** "select collab_updates", "insert collab_documents", ...: the verb and the first table. */
function statementOf(node: RootOperationNode): string {
  type Named = { table?: { identifier?: { name?: string } } } | undefined
  const name = (x: unknown) => (x as Named)?.table?.identifier?.name ?? '?'
  const q = node as unknown as { from?: { froms: unknown[] }; into?: unknown; table?: unknown }
  if (node.kind === 'SelectQueryNode') return `select ${name(q.from?.froms[0])}`
  if (node.kind === 'DeleteQueryNode') return `delete ${name(q.from?.froms[0])}`
  if (node.kind === 'InsertQueryNode') return `insert ${name(q.into)}`
  if (node.kind === 'UpdateQueryNode') return `update ${name(q.table)}`
  return node.kind
}
