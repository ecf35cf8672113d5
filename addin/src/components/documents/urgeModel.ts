// 催办清单 as data and work: the due-soon (黄灯) and overdue (红灯) items grouped by lead department, one-click 催办
// per item or per department (its overdue items), each with the item's own ETag. No React here.
import type { ApiItem, ReminderOutbox, ReminderView } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import { urgeListSpec } from "../../excel/reportSheets";
import type { PaneDeps } from "../common/deps";
import { describeError, isCancellation, type PaneError } from "../common/errors";
import type { OnProgress } from "../common/taskState";

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

// ---------------------------------------------------------------- today's 催办 mails (the outbox, DESIGN §4)

export const REMINDER_KIND_LABELS: Record<ReminderView["kind"], string> = {
  due_soon: "即将到期提醒",
  overdue: "超期催办",
};

export const REMINDER_STATE_BADGES: Record<
  ReminderView["state"],
  { label: string; color: "success" | "informative" | "danger" | "warning" }
> = {
  sent: { label: "已发送", color: "success" },
  pending: { label: "待发送", color: "informative" },
  failed: { label: "发送失败", color: "danger" },
  not_configured: { label: "未配置发信", color: "warning" },
};

/** A reminder that the office can send again (重新发送): anything not delivered and not being sent now. */
export const canResend = (r: ReminderView) => r.state === "failed" || r.state === "not_configured";

/** One line describing a reminder's recipients and delivery, in Chinese. */
export function reminderDetail(r: ReminderView): string {
  const to = r.to.length ? `收件人 ${r.to.join("、")}` : "无收件邮箱";
  const cc = r.cc.length ? `；抄送 ${r.cc.join("、")}` : "";
  const when = r.sentAt ? `；${r.sentAt.slice(11, 16)} UTC 发送` : "";
  const tries = r.attempts > 0 ? `；已尝试 ${r.attempts} 次` : "";
  return `${to}${cc}${when}${tries}`;
}

export async function loadOutbox(
  deps: PaneDeps,
  date: string,
  signal?: AbortSignal,
): Promise<ReminderOutbox> {
  return deps.api.listReminders(date, signal);
}

/** The outbox with one reminder replaced by its new state. */
export function replaceReminder(outbox: ReminderOutbox, changed: ReminderView): ReminderOutbox {
  return {
    ...outbox,
    items: outbox.items.map((r) =>
      r.deptId === changed.deptId && r.kind === changed.kind && r.date === changed.date ? changed : r,
    ),
  };
}

/** 重新发送: the reminder as the server left it (sent, or failed again with the reason). */
export async function resendReminder(
  deps: PaneDeps,
  r: ReminderView,
  signal: AbortSignal,
): Promise<ReminderView> {
  return deps.api.resendReminder(r.date, r.deptId, r.kind, signal);
}
