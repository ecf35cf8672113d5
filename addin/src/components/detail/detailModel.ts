// The 详情 tab as data: an item's history (事件) in Chinese, and the changes of its deadline. Pure.
import {
  EVENT_LABELS,
  MODE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
  type ItemEvent,
} from "../../../../functions/src/domain/types";
import { EDITABLE_ITEM_FIELDS, FIELD_LABELS } from "../../../../functions/src/domain/validation";
import { formatCst } from "../common/format";

export interface TimelineEntry {
  seq: number;
  label: string;
  actor: string;
  /** CST, "2026-03-05 14:20". */
  at: string;
  /** What was said with the action: 理由、意见、说明… */
  lines: string[];
  /** Fields the event changed, "完成时限：2026-10-10 → 2026-11-30". */
  changes: string[];
}

export interface DeadlineEntry {
  at: string;
  label: string;
  from: string | null;
  to: string | null;
  actor: string;
}

type DeptName = (id: string) => string;

const CHANGE_LABELS: Record<string, string> = {
  ...FIELD_LABELS,
  status: "状态",
  effectiveDeadline: "现行完成时限",
  noticeNumber: "督办文号",
  latestProgress: "最新进展",
  registeredDate: "立项日期",
  closedDate: "办结日期",
  archiveNumber: "存档编号",
};

/** Changes worth a line in any event; an edit also lists every field it changed. */
const ALWAYS_SHOWN = [
  "status",
  "deadline",
  "effectiveDeadline",
  "noticeNumber",
  // 调整 (三、(三)): the leader's approval shows each field before and after.
  "content",
  "requirements",
  "archiveNumber",
];

function show(field: string, value: unknown, deptName: DeptName): string {
  if (value === null || value === undefined || value === "") return "（空）";
  if (Array.isArray(value))
    return value.length
      ? value.map((v) => (field === "assistDepts" ? deptName(String(v)) : String(v))).join("、")
      : "（空）";
  if (typeof value === "object") return "（已记录）";
  const text = String(value);
  const labels: Record<string, Record<string, string>> = {
    status: STATUS_LABELS,
    source: SOURCE_LABELS,
    mode: MODE_LABELS,
    urgency: URGENCY_LABELS,
  };
  if (labels[field]) return labels[field][text] ?? text;
  if (field === "leadDept") return deptName(text);
  return text;
}

function payloadLines(event: ItemEvent): string[] {
  if (event.kind === "create" || event.kind === "edit") return [];
  const p = event.payload;
  if (event.kind === "issue")
    return [`督办文号：${String(p.noticeNumber ?? "")}`, `下发日期：${String(p.issueDate ?? "")}`];
  if (event.kind === "void_notice")
    return [`作废文号：${String(p.noticeNumber ?? "")}`, `理由：${String(p.reason ?? "")}`];
  return (
    Object.entries(p)
      .filter(([, v]) => v !== undefined && v !== null && v !== "")
      // A new deadline, content or requirement is already shown as a change (before → after).
      .filter(([k]) => !(k === "deadline" && "effectiveDeadline" in event.changes))
      .filter(([k]) => !((k === "content" || k === "requirements") && k in event.changes))
      .map(([k, v]) => `${FIELD_LABELS[k] ?? k}：${typeof v === "boolean" ? (v ? "是" : "否") : String(v)}`)
  );
}

function changeLines(event: ItemEvent, deptName: DeptName): string[] {
  if (event.kind === "create") return [];
  const fields =
    event.kind === "edit" ? [...new Set([...ALWAYS_SHOWN, ...EDITABLE_ITEM_FIELDS])] : ALWAYS_SHOWN;
  return fields
    .filter((f) => f in event.changes)
    .map((f) => {
      const c = event.changes[f]!;
      return `${CHANGE_LABELS[f] ?? f}：${show(f, c.before, deptName)} → ${show(f, c.after, deptName)}`;
    });
}

/** The history, newest first. */
export function timeline(events: readonly ItemEvent[], deptName: DeptName = (id) => id): TimelineEntry[] {
  return [...events]
    .sort((a, b) => b.seq - a.seq)
    .map((e) => ({
      seq: e.seq,
      label: EVENT_LABELS[e.kind] ?? e.kind,
      actor: e.actor,
      at: formatCst(e.at),
      lines: payloadLines(e),
      changes: changeLines(e, deptName),
    }));
}

const asDate = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** Every time the deadline in force (or, before the notice, the planned one) changed, oldest first. */
export function deadlineHistory(events: readonly ItemEvent[]): DeadlineEntry[] {
  return [...events]
    .sort((a, b) => a.seq - b.seq)
    .flatMap((e) => {
      const change = e.changes.effectiveDeadline ?? e.changes.deadline;
      if (!change) return [];
      const to = asDate(change.after);
      if (e.kind === "create" && !to) return [];
      return [
        {
          at: formatCst(e.at),
          label: EVENT_LABELS[e.kind] ?? e.kind,
          from: asDate(change.before),
          to,
          actor: e.actor,
        },
      ];
    });
}
