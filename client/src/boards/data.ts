import { query } from '@solidjs/router'
import { api } from '../api.ts'
import { mutation } from '../ui/mutation.ts'

/** A board as /api/boards lists it, with what the caller may do. */
export interface BoardSummary {
  id: string
  orgId: string
  title: string
  visibility: 'board' | 'residents'
  archived: boolean
  createdAt: string
  /** The live document, `<orgId>/board/<id>`. */
  document: string
  abilities: { write: boolean; manage: boolean }
}

export interface Task {
  cardId: string
  orgId: string
  orgName: string
  title: string
  description: string
  assigneeId: string | null
  delegatedOrgId: string | null
  due: string | null
  status: string
  labels: string[]
  checklist: { done: number; total: number }
  progress: number
  updatedAt: string
  /** Only for those who may open the board itself. */
  board: { id: string; title: string; document: string } | null
  abilities: { comment: boolean; progress: boolean }
}

export interface TaskComment {
  id: string
  authorId: string | null
  authorName: string
  authorOrg: string | null
  text: string
  createdAt: string
}

export const getBoards = query(
  (orgId: string) =>
    api.get<{ boards: BoardSummary[]; abilities: { create: boolean } }>(
      `/boards?org=${encodeURIComponent(orgId)}`,
    ),
  'boards.list',
)

export const getBoard = query(
  async (id: string) => (await api.get<{ board: BoardSummary }>(`/boards/${id}`)).board,
  'boards.one',
)

export const getBoardPeople = query(
  (id: string) =>
    api.get<{ people: Array<{ id: string; name: string }>; partners: Array<{ id: string; name: string }> }>(
      `/boards/${id}/people`,
    ),
  'boards.people',
)

export const getMyTasks = query(
  async () => (await api.get<{ tasks: Task[] }>('/tasks/mine')).tasks,
  'tasks.mine',
)

export const getComments = query(
  async (cardId: string) =>
    (await api.get<{ comments: TaskComment[] }>(`/tasks/${cardId}/comments`)).comments,
  'tasks.comments',
)

export function createBoard(
  orgId: string,
  title: string,
  visibility: 'board' | 'residents',
  columns: string[],
) {
  return api.post<{ board: BoardSummary }>('/boards', { org: orgId, title, visibility, columns })
}

export function setProgress(cardId: string, progress: number) {
  return api.patch<{ task: Task }>(`/tasks/${cardId}/progress`, { progress })
}

export function postComment(cardId: string, text: string) {
  return api.post<{ comment: { id: string } }>(`/tasks/${cardId}/comments`, { text })
}

/** The changes made outside the live board document, as router actions (ui/mutation.ts). */
export const createBoardAction = mutation('boards-create', createBoard, () => [getBoards.key])
export const postCommentAction = mutation('tasks-comment', postComment, (cardId) => [
  getComments.keyFor(cardId),
])
