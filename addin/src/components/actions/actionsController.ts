// The 操作 tab's work: read the selected rows' items, run an action (validated first), apply a payload-free action
// to several items each with its own ETag, and write the new state back into the sheet. No React here.
import type { ApiItem } from "../../api/client";
import { ACTION_LABELS, type Action } from "../../../../functions/src/domain/types";
import { BULK_ACTIONS, formErrors, type FormErrors, type FormValues } from "./actionFields";
import type { Selection } from "./actionsState";
import type { PaneDeps } from "../common/deps";
import { describeError, isCancellation, type PaneError } from "../common/errors";
import { onDemand } from "../../onDemand";

/** The form schemas (zod), in the 操作 tab's chunk; loaded again on the next 提交 if that failed. */
const actionForms = onDemand(() => import("./actionForms"));

/** More rows than this at once would mean hundreds of requests: the clerk is asked to select fewer. */
export const MAX_SELECTED = 100;

type OnProgress = (message: string, fraction: number | null) => void;

/** The selected table rows' items, read fresh from the server (with their ETags and allowedActions). */
export async function readSelection(
  deps: PaneDeps,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<Selection> {
  onProgress("正在读取所选行…", null);
  const { ids } = await deps.excel.selectedRows({ signal });
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { kind: "empty" };
  const wanted = unique.slice(0, MAX_SELECTED);
  const items: ApiItem[] = [];
  for (const [index, id] of wanted.entries()) {
    onProgress(`正在读取督办事项 ${index + 1} / ${wanted.length}…`, index / wanted.length);
    items.push(await deps.api.getItem(id, signal));
  }
  if (items.length === 1) return { kind: "one", item: items[0]! };
  return { kind: "many", items, truncated: unique.length > wanted.length };
}

/** The actions every selected item allows and that need no form. */
export function commonActions(items: readonly Pick<ApiItem, "allowedActions">[]): Action[] {
  if (items.length === 0) return [];
  return BULK_ACTIONS.filter((a) => items.every((i) => i.allowedActions.includes(a)));
}

/** Write changed items into their rows; a failure here does not undo what the server did. */
async function writeBack(deps: PaneDeps, items: readonly ApiItem[]): Promise<PaneError | null> {
  if (items.length === 0) return null;
  try {
    const departments = await deps.departments();
    await deps.excel.updateRows(items, departments);
    return null;
  } catch (error) {
    return describeError(error, "已在服务器完成，但写入表格失败");
  }
}

export type SubmitOutcome =
  | { kind: "invalid"; errors: FormErrors }
  | { kind: "done"; item: ApiItem; sheetError: PaneError | null }
  | { kind: "refused"; error: PaneError; errors: FormErrors }
  | { kind: "cancelled" };

/**
 * Validate the form with the domain schema; only a valid payload is sent, with the item's ETag. The schemas
 * (zod) come with the 操作 tab's chunk, already loaded when its form is shown.
 */
export async function submitAction(
  deps: PaneDeps,
  item: ApiItem,
  action: Action,
  values: FormValues,
  signal?: AbortSignal,
): Promise<SubmitOutcome> {
  const { validateActionForm } = await actionForms();
  const checked = validateActionForm(action, values);
  if (!checked.ok) return { kind: "invalid", errors: checked.errors };
  let updated: ApiItem;
  try {
    updated = await deps.api.runAction(item.id, action, checked.payload, item.etag, signal);
  } catch (error) {
    if (isCancellation(error)) return { kind: "cancelled" };
    const described = describeError(error, `${ACTION_LABELS[action]}失败`);
    return { kind: "refused", error: described, errors: formErrors(described.fields) };
  }
  return { kind: "done", item: updated, sheetError: await writeBack(deps, [updated]) };
}

export interface BulkResult {
  done: ApiItem[];
  failed: { item: ApiItem; error: PaneError }[];
  /** Items not attempted because the user cancelled. */
  skipped: number;
  sheetError: PaneError | null;
}

/** One payload-free action on each item in turn, each with its own ETag; what succeeded reaches the sheet. */
export async function runBulkAction(
  deps: PaneDeps,
  items: readonly ApiItem[],
  action: Action,
  onProgress: OnProgress,
  signal?: AbortSignal,
): Promise<BulkResult> {
  const result: BulkResult = { done: [], failed: [], skipped: 0, sheetError: null };
  for (const [index, item] of items.entries()) {
    if (signal?.aborted) {
      result.skipped = items.length - index;
      break;
    }
    onProgress(`正在${ACTION_LABELS[action]} ${index + 1} / ${items.length}…`, index / items.length);
    try {
      result.done.push(await deps.api.runAction(item.id, action, {}, item.etag, signal));
    } catch (error) {
      if (isCancellation(error)) {
        result.skipped = items.length - index;
        break;
      }
      result.failed.push({ item, error: describeError(error) });
    }
  }
  // Not cancellable: the server has already changed these items, so the sheet must show it.
  result.sheetError = await writeBack(deps, result.done);
  return result;
}

/** The outcome of a bulk run in Chinese, one line per failed item. */
export function bulkSummary(
  action: Action,
  result: BulkResult,
): { intent: "success" | "warning"; title: string; lines: string[] } {
  const lines = result.failed.map(
    ({ item, error }) => `${item.noticeNumber ?? shortContent(item.content)}：${error.detail}`,
  );
  if (result.skipped > 0) lines.push(`已取消，${result.skipped} 项未处理。`);
  if (result.sheetError) lines.push(`${result.sheetError.title}：${result.sheetError.detail}`);
  const clean = result.failed.length === 0 && result.skipped === 0 && !result.sheetError;
  return {
    intent: clean ? "success" : "warning",
    title: `${ACTION_LABELS[action]}：成功 ${result.done.length} 项${result.failed.length ? `，失败 ${result.failed.length} 项` : ""}`,
    lines,
  };
}

export function shortContent(content: string, max = 20): string {
  return content.length > max ? `${content.slice(0, max)}…` : content;
}
