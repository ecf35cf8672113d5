// The 清单 tab as plain data: filters, the running task and its progress, the last result, the conflicts.
import type { ApiItem, ItemQuery } from "../../api/client";
import type { DevIdentity } from "../../api/principal";
import { STATUSES, type Status } from "../../../../functions/src/domain/types";
import type { PaneError } from "../common/errors";
import type { ConflictChoice, InitResult, PendingRow, PullResult, PushResult } from "../common/workbook";

export type ListTask = "init" | "pull" | "push";

export const TASK_LABELS: Record<ListTask, string> = {
  init: "初始化清单",
  pull: "刷新",
  push: "提交更改",
};

export interface ListFilters {
  /** "" = every year; otherwise a four-digit year. */
  year: string;
  status: Status | "";
  /** "" = every department. */
  dept: string;
  /** 只看本部门: the department(s) of the signed-in identity. */
  mine: boolean;
  /** 仅超期 */
  overdue: boolean;
}

export const DEFAULT_FILTERS: ListFilters = { year: "", status: "", dept: "", mine: false, overdue: false };

export interface Progress {
  task: ListTask;
  message: string;
  /** 0…1, or null while the amount of work is unknown. */
  fraction: number | null;
}

export interface Summary {
  intent: "success" | "warning" | "info";
  title: string;
  lines: string[];
}

/** A row whose push met a newer server version: the clerk chooses which one stays. */
export interface ConflictEntry {
  id: string;
  content: string;
  /** 冲突：… with the server's values, as written into the row's 提交状态. */
  reason: string;
  /** The server's version as the push met it; null for a conflict found in the workbook (pane reopened). */
  server: ApiItem | null;
  /** The row's 序号, when known. */
  seq?: number;
  resolving: ConflictChoice | null;
  error: PaneError | null;
}

export interface ListState {
  filters: ListFilters;
  progress: Progress | null;
  summary: Summary | null;
  error: PaneError | null;
  conflicts: ConflictEntry[];
  /** Rows the last push could not send (server unreachable); sent again once it is back. */
  unsent: number;
  /** Rows the workbook itself marks as waiting (new, edited, 冲突, 已拒绝, 未发送); null until read. */
  pending: PendingRow[] | null;
}

export const initialListState = (unsent = 0): ListState => ({
  filters: DEFAULT_FILTERS,
  progress: null,
  summary: null,
  error: null,
  conflicts: [],
  unsent,
  pending: null,
});

export type ListEvent =
  | { type: "filters"; patch: Partial<ListFilters> }
  | { type: "started"; task: ListTask }
  | { type: "progress"; message: string; fraction: number | null }
  | { type: "initialised"; result: InitResult }
  | { type: "pulled"; result: PullResult }
  | { type: "pushed"; result: PushResult }
  | { type: "failed"; error: PaneError }
  | { type: "cancelled" }
  | { type: "dismissed" }
  | { type: "resolving"; id: string; choice: ConflictChoice }
  | { type: "resolved"; id: string; choice: ConflictChoice }
  | { type: "resolveFailed"; id: string; error: PaneError }
  /** What pendingRows() found in the workbook (on opening the pane, after a push, after a pull). */
  | { type: "pendingRead"; rows: PendingRow[] };

export function initSummary(result: InitResult): Summary {
  if (result.repaired?.length)
    return {
      intent: "success",
      title: "督办清单已修复",
      lines: [
        `已恢复被改名或删除的列：${result.repaired.join("、")}。您自己添加的列及其内容保持不变。`,
        "可点击「刷新」读取服务器上的督办事项。",
      ],
    };
  const title = result.created
    ? "已创建督办清单"
    : result.adopted
      ? "已沿用现有的督办清单工作表"
      : "督办清单已存在，格式和下拉列表已更新";
  return { intent: "success", title, lines: ["可点击「刷新」读取服务器上的督办事项。"] };
}

export function pullSummary(result: PullResult): Summary {
  const lines = [`清单共 ${result.total} 行。`];
  if (result.pending > 0)
    lines.push(
      `其中 ${result.pending} 行有尚未提交的本地修改（含新增 ${result.added} 行），已保留并标为待提交。`,
    );
  return { intent: result.pending > 0 ? "warning" : "success", title: "已刷新", lines };
}

export function pushSummary(result: PushResult): Summary {
  const sent = result.created + result.updated;
  const total = sent + result.rejected + result.conflicts + result.unsent;
  if (total === 0) return { intent: "info", title: "没有需要提交的更改", lines: [] };
  const lines = [`新建 ${result.created} 行，更新 ${result.updated} 行。`];
  if (result.rejected > 0) lines.push(`${result.rejected} 行被拒绝，原因已写在该行的「提交状态」列。`);
  if (result.conflicts > 0)
    lines.push(`${result.conflicts} 行与服务器上的新版本冲突，请在下方逐行选择保留哪一版。`);
  if (result.unsent > 0) lines.push(`${result.unsent} 行未发送，服务器恢复后将自动提交（每行只提交一次）。`);
  const clean = result.rejected + result.conflicts + result.unsent === 0;
  return { intent: clean ? "success" : "warning", title: clean ? "已全部提交" : "部分行未能提交", lines };
}

export function conflictsOf(result: PushResult): ConflictEntry[] {
  const entries: ConflictEntry[] = [];
  for (const outcome of result.outcomes.values()) {
    if (outcome.kind !== "conflict") continue;
    entries.push({
      id: outcome.server.id,
      content: outcome.server.content,
      reason: outcome.reason,
      server: outcome.server,
      resolving: null,
      error: null,
    });
  }
  return entries;
}

const patchConflict = (state: ListState, id: string, patch: Partial<ConflictEntry>): ListState => ({
  ...state,
  conflicts: state.conflicts.map((c) => (c.id === id ? { ...c, ...patch } : c)),
});

export function listReducer(state: ListState, event: ListEvent): ListState {
  switch (event.type) {
    case "filters":
      return { ...state, filters: { ...state.filters, ...event.patch } };
    case "started":
      // A task already running is not replaced: the buttons are disabled meanwhile.
      if (state.progress) return state;
      return {
        ...state,
        progress: { task: event.task, message: `正在${TASK_LABELS[event.task]}…`, fraction: null },
        error: null,
      };
    case "progress":
      if (!state.progress) return state;
      return { ...state, progress: { ...state.progress, message: event.message, fraction: event.fraction } };
    case "initialised":
      return { ...state, progress: null, summary: initSummary(event.result) };
    case "pulled":
      return { ...state, progress: null, summary: pullSummary(event.result) };
    case "pushed": {
      // Conflicts of earlier pushes the clerk has not settled stay listed, refreshed by this push's.
      const fresh = conflictsOf(event.result);
      const ids = new Set(fresh.map((c) => c.id));
      const sentIds = new Set(
        [...event.result.outcomes.values()].flatMap((o) =>
          o.kind === "created" || o.kind === "updated" ? [o.item.id] : [],
        ),
      );
      const kept = state.conflicts.filter((c) => !ids.has(c.id) && !sentIds.has(c.id));
      return {
        ...state,
        progress: null,
        summary: pushSummary(event.result),
        conflicts: [...kept, ...fresh],
        unsent: event.result.unsent,
      };
    }
    case "failed": {
      // A push that could not reach the server leaves the rows to send once it is back; any other failure
      // (no table, not signed in) waits for the clerk, who sees the rows still marked in the sheet.
      const unsent =
        state.progress?.task === "push"
          ? event.error.offline
            ? Math.max(state.unsent, 1)
            : 0
          : state.unsent;
      return { ...state, progress: null, error: event.error, unsent };
    }
    case "cancelled":
      return state.progress
        ? {
            ...state,
            progress: null,
            summary: { intent: "info", title: `已取消${TASK_LABELS[state.progress.task]}`, lines: [] },
          }
        : state;
    case "dismissed":
      return { ...state, summary: null, error: null };
    case "resolving":
      return patchConflict(state, event.id, { resolving: event.choice, error: null });
    case "resolved":
      return {
        ...state,
        conflicts: state.conflicts.filter((c) => c.id !== event.id),
        summary:
          event.choice === "server"
            ? { intent: "success", title: "已采用服务器版本", lines: ["该行已换成服务器上的内容。"] }
            : {
                intent: "info",
                title: "已保留我的修改",
                lines: ["该行标为待提交，点击「提交更改」后将以您的内容覆盖服务器版本。"],
              },
      };
    case "resolveFailed":
      return patchConflict(state, event.id, { resolving: null, error: event.error });
    case "pendingRead":
      return withPending(state, event.rows);
  }
}

/**
 * The workbook is the truth about waiting rows: conflicts listed are those its rows still mark 冲突 (keeping the
 * server's version a push brought), and the rows to send again are those marked 未发送 — or, after a push that
 * failed as a whole, the rows still new or edited.
 */
export function withPending(state: ListState, rows: readonly PendingRow[]): ListState {
  const conflictRows = rows.filter((r) => r.kind === "conflict" && r.id);
  const ids = new Set(conflictRows.map((r) => r.id!));
  const known = new Map(state.conflicts.map((c) => [c.id, c]));
  const conflicts: ConflictEntry[] = conflictRows.map((r) => {
    const entry = known.get(r.id!);
    return entry
      ? { ...entry, seq: r.seq }
      : { id: r.id!, content: "", reason: r.state, server: null, seq: r.seq, resolving: null, error: null };
  });
  // A conflict being settled right now stays until its outcome arrives.
  for (const c of state.conflicts) if (!ids.has(c.id) && c.resolving) conflicts.push(c);
  const marked = rows.filter((r) => r.kind === "unsent").length;
  const waiting = rows.filter((r) => r.kind === "new" || r.kind === "edited").length;
  const unsent = marked > 0 ? marked : Math.min(state.unsent, waiting);
  return { ...state, pending: [...rows], conflicts, unsent };
}

export const PENDING_LABELS: Record<PendingRow["kind"], string> = {
  new: "新增未提交",
  edited: "修改未提交",
  conflict: "冲突",
  rejected: "已拒绝",
  unsent: "未发送",
};

/** The waiting rows by kind, for a one-line-per-kind summary ("未发送：第 3、5 行"). */
export function pendingSummary(
  rows: readonly PendingRow[],
): { kind: PendingRow["kind"]; label: string; seqs: number[] }[] {
  const order: PendingRow["kind"][] = ["unsent", "rejected", "conflict", "new", "edited"];
  return order
    .map((kind) => ({
      kind,
      label: PENDING_LABELS[kind],
      seqs: rows.filter((r) => r.kind === kind).map((r) => r.seq),
    }))
    .filter((g) => g.seqs.length > 0);
}

/** The department ids of an identity's dept:<id> roles. */
export function ownDepartments(identity: DevIdentity | null | undefined): string[] {
  return (identity?.roles ?? []).flatMap((r) => (r.startsWith("dept:") ? [r.slice(5)] : []));
}

/** GET /items filters from the tab's; 只看本部门 uses the identity's (first) department. */
export function queryFromFilters(
  filters: ListFilters,
  identity: DevIdentity | null | undefined,
): Omit<ItemQuery, "continuationToken"> {
  const query: Omit<ItemQuery, "continuationToken"> = {};
  if (/^\d{4}$/.test(filters.year)) query.year = Number(filters.year);
  if (filters.status && (STATUSES as readonly string[]).includes(filters.status))
    query.status = filters.status;
  const mine = filters.mine ? ownDepartments(identity)[0] : undefined;
  const dept = mine ?? filters.dept;
  if (dept) query.dept = dept;
  if (filters.overdue) query.overdue = true;
  return query;
}

/** The years offered in the filter: this CST year and the four before it. */
export function filterYears(now: Date = new Date()): string[] {
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  return [0, 1, 2, 3, 4].map((n) => String(year - n));
}
