import type { Connection } from '@hocuspocus/server'
import type { CollabContext } from './context.ts'

/** Live document connections on this instance, indexed by user, for limits and revocation. */
export class ConnectionRegistry {
  readonly #byConnection = new Map<Connection, CollabContext>()
  readonly #byUser = new Map<string, Set<Connection>>()

  add(connection: Connection, context: CollabContext): void {
    this.#byConnection.set(connection, context)
    const set = this.#byUser.get(context.userId) ?? new Set()
    this.#byUser.set(context.userId, set)
    set.add(connection)
  }

  remove(connection: Connection): void {
    const context = this.#byConnection.get(connection)
    if (!context) return
    this.#byConnection.delete(connection)
    const set = this.#byUser.get(context.userId)
    set?.delete(connection)
    if (set?.size === 0) this.#byUser.delete(context.userId)
  }

  countForUser(userId: string): number {
    return this.#byUser.get(userId)?.size ?? 0
  }

  ofUser(userId: string): Array<[Connection, CollabContext]> {
    return [...(this.#byUser.get(userId) ?? [])].map((c) => [c, this.#byConnection.get(c)!])
  }

  entries(): Array<[Connection, CollabContext]> {
    return [...this.#byConnection]
  }

  get size(): number {
    return this.#byConnection.size
  }
}
