// 催办清单 as data and work: the due-soon (黄灯) and overdue (红灯) items grouped by lead department, one-click 催办
// per item or per department (its overdue items), each with the item's own ETag. No React here.
import type { ApiItem } from "../api/client";
import type { Department } from "../../../functions/src/domain/types";
import { urgeListSpec } from "../excel/reportSheets";
import type { PaneDeps } from "./deps";
import { describeError, isCancellation, type PaneError } from "./errors";
import type { OnProgress } from "./taskState";

export interface UrgeGroup {
  deptId: string;
  name: string;
  /** Overdue first (most days first), then due soon (earliest deadline first). */
  items: ApiItem[];
  overdue: number;
  dueSoon: number;
}

const needsUrging = (i: ApiItem) => i.light === "red" || i.light === "yellow";

/** The items to urge, by lead department (departments in their configured order, unknown ids after). */
export function urgeGroups(items: readonly ApiItem[], departments: readonly Department[]): UrgeGroup[] {
  const byDept = new Map<string, ApiItem[]>();
  for (const item of items.filter(needsUrging))
    byDept.set(item.leadDept, [...(byDept.get(item.leadDept) ?? []), item]);
  const order = new Map(departments.map((d, i) => [d.id, i]));
  return [...byDept.entries()]
    .sort(
      ([a], [b]) =>
        (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) ||
        a.localeCompare(b),
    )
    .map(([deptId, list]) => ({
      deptId,
      name: departments.find((d) => d.id === deptId)?.name ?? deptId,
      items: [...list].sort(
        (a, b) =>
          (a.light === "red" ? 0 : 1) - (b.light === "red" ? 0 : 1) ||
          b.overdueDays - a.overdueDays ||
          (a.effectiveDeadline ?? "").localeCompare(b.effectiveDeadline ?? ""),
      ),
      overdue: list.filter((i) => i.light === "red").length,
      dueSoon: list.filter((i) => i.light === "yellow").length,
    }));
}

/** The department's overdue items the user may urge (per-department 催办). */
export const urgeableOverdue = (group: UrgeGroup) =>
  group.items.filter((i) => i.light === "red" && i.allowedActions.includes("urge"));

export async function loadUrgeItems(deps: PaneDeps, signal?: AbortSignal): Promise<ApiItem[]> {
  return deps.api.listAllItems({}, signal);
}

export interface UrgeResult {
  done: ApiItem[];
  failed: { item: ApiItem; error: PaneError }[];
  skipped: number;
  sheetError: PaneError | null;
}

/** The payload of 催办: the note when one was typed (it is optional). */
export const urgePayload = (note: string): Record<string, unknown> =>
  note.trim() ? { note: note.trim() } : {};

/** 催办 each item in turn with its own ETag; what succeeded is written into its row of 督办清单. */
export async function urgeItems(
  deps: PaneDeps,
  items: readonly ApiItem[],
  note: string,
  signal: AbortSignal,
  onProgress: OnProgress,
): Promise<UrgeResult> {
  const result: UrgeResult = { done: [], failed: [], skipped: 0, sheetError: null };
  const payload = urgePayload(note);
  for (const [index, item] of items.entries()) {
    if (signal.aborted) {
      result.skipped = items.length - index;
      break;
    }
    onProgress(`正在催办 ${index + 1} / ${items.length}…`, index / items.length);
    try {
      result.done.push(await deps.api.runAction(item.id, "urge", payload, item.etag, signal));
    } catch (error) {
      if (isCancellation(error) || signal.aborted) {
        result.skipped = items.length - index;
        break;
      }
      result.failed.push({ item, error: describeError(error, "催办失败") });
    }
  }
  if (result.done.length > 0) {
    try {
      // Not cancellable: the server has recorded these, so the sheet must show it.
      await deps.excel.updateRows(result.done, await deps.departments());
    } catch (error) {
      result.sheetError = describeError(error, "已催办，但写入表格失败");
    }
  }
  return result;
}

/** The outcome of a 催办 in Chinese, one line per item that failed. */
export function urgeSummary(result: UrgeResult): {
  intent: "success" | "warning";
  title: string;
  lines: string[];
} {
  const lines = result.failed.map(
    ({ item, error }) => `${item.noticeNumber ?? item.content.slice(0, 20)}：${error.detail}`,
  );
  if (result.skipped > 0) lines.push(`已取消，${result.skipped} 项未催办。`);
  if (result.sheetError) lines.push(`${result.sheetError.title}：${result.sheetError.detail}`);
  const clean = result.failed.length === 0 && result.skipped === 0 && !result.sheetError;
  return {
    intent: clean ? "success" : "warning",
    title: `已催办 ${result.done.length} 项${result.failed.length ? `，失败 ${result.failed.length} 项` : ""}`,
    lines,
  };
}

/** Put the urged items in place of their old versions. */
export function replaceItems(items: readonly ApiItem[], changed: readonly ApiItem[]): ApiItem[] {
  const byId = new Map(changed.map((i) => [i.id, i]));
  return items.map((i) => byId.get(i.id) ?? i);
}

/** 生成催办清单表 */
export async function writeUrgeList(
  deps: PaneDeps,
  items: readonly ApiItem[],
  today: string,
  signal: AbortSignal,
): Promise<string> {
  const departments = await deps.departments(signal);
  return deps.excel.renderReport(urgeListSpec(items, departments, today), { signal });
}
