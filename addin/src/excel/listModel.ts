/**
 * The 督办清单 table as data: its columns, how an item becomes a row and a row becomes API input, and how a
 * row is known to be new or edited since the last pull (a fingerprint kept in a hidden column, so detection
 * never depends on Excel's change events). Pure: no Excel, no fetch.
 */
import { dateToExcelSerial, excelSerialToDate, isValidDate } from "../../../functions/src/domain/dates";
import {
  type Department,
  type Item,
  LIGHT_LABELS,
  MODE_LABELS,
  MODES,
  SOURCE_LABELS,
  SOURCES,
  type Status,
  STATUS_LABELS,
  STATUSES,
  URGENCIES,
  URGENCY_LABELS,
} from "../../../functions/src/domain/types";
import type { Action } from "../../../functions/src/domain/types";
import type { ItemView } from "../../../functions/src/domain/view";

export const LIST_SHEET = "督办清单";
export const LIST_TABLE = "DubanList";
/** A very hidden sheet with the lists the dropdowns point at (departments exceed the 255-character literal limit). */
export const REFERENCE_SHEET = "督办参考";

export type Cell = string | number | boolean;

type ColumnKind = "text" | "longText" | "enum" | "dept" | "depts" | "date" | "number" | "readOnly" | "hidden";

export interface Column {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Width in points. */
  width: number;
  /** The item field a clerk may edit through this column. */
  field?:
    | "source"
    | "content"
    | "requirements"
    | "supervisedDept"
    | "leadDept"
    | "assistDepts"
    | "owner"
    | "leader"
    | "mode"
    | "urgency"
    | "deadline"
    | "proposal"
    | "supervisionGroup"
    | "leaderId";
  labels?: Record<string, string>;
  /**
   * A column later versions added: 初始化清单 adds it to an existing table, never takes a clerk's own column
   * for it (a clerk's column between its neighbours is not a renamed 督办要求).
   */
  added?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: "seq", header: "序号", kind: "readOnly", width: 36 },
  { key: "noticeNumber", header: "督办文号", kind: "readOnly", width: 130 },
  { key: "source", header: "事项来源", kind: "enum", width: 70, field: "source", labels: SOURCE_LABELS },
  { key: "content", header: "督办事项内容", kind: "longText", width: 260, field: "content" },
  { key: "supervisedDept", header: "被督办部门", kind: "text", width: 80, field: "supervisedDept" },
  { key: "leadDept", header: "牵头部门", kind: "dept", width: 80, field: "leadDept" },
  { key: "assistDepts", header: "协办部门", kind: "depts", width: 100, field: "assistDepts" },
  { key: "owner", header: "责任人", kind: "text", width: 60, field: "owner" },
  { key: "leader", header: "分管领导", kind: "text", width: 60, field: "leader" },
  { key: "mode", header: "督办方式", kind: "enum", width: 70, field: "mode", labels: MODE_LABELS },
  { key: "urgency", header: "紧急程度", kind: "enum", width: 64, field: "urgency", labels: URGENCY_LABELS },
  { key: "registeredDate", header: "立项日期", kind: "readOnly", width: 80 },
  { key: "deadline", header: "完成时限", kind: "date", width: 80, field: "deadline" },
  { key: "status", header: "状态", kind: "enum", width: 70, labels: STATUS_LABELS },
  { key: "light", header: "亮灯", kind: "readOnly", width: 44 },
  { key: "overdueDays", header: "超期天数", kind: "readOnly", width: 56 },
  { key: "latestProgress", header: "最新进展", kind: "readOnly", width: 180 },
  { key: "closedDate", header: "办结日期", kind: "readOnly", width: 80 },
  // Added with the policy in full (DESIGN §4), right of DESIGN §2's columns: a clerk moves them where they like.
  // 三、(二) 督办要求 and 三、(一) 拟办意见 (the office's, for the leader who approves).
  {
    key: "requirements",
    header: "督办要求",
    kind: "longText",
    width: 200,
    field: "requirements",
    added: true,
  },
  { key: "proposal", header: "拟办意见", kind: "longText", width: 160, field: "proposal", added: true },
  // 三、(一) 报有关领导审定: the 分管领导's sign-in account routes 待我审定 to that leader alone.
  { key: "leaderId", header: "分管领导账号", kind: "text", width: 90, field: "leaderId", added: true },
  // 四、(二) 联合督办: the 督办组, names separated by 、.
  {
    key: "supervisionGroup",
    header: "督办组",
    kind: "text",
    width: 100,
    field: "supervisionGroup",
    added: true,
  },
  { key: "syncState", header: "提交状态", kind: "readOnly", width: 160 },
  { key: "id", header: "事项编号", kind: "hidden", width: 0 },
  { key: "etag", header: "版本", kind: "hidden", width: 0 },
  { key: "base", header: "基准", kind: "hidden", width: 0 },
  { key: "key", header: "幂等键", kind: "hidden", width: 0 },
];

export const HEADERS = COLUMNS.map((c) => c.header);
export const col = (key: string): number => {
  const i = COLUMNS.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`no column ${key}`);
  return i;
};
export const DATE_COLUMNS = ["registeredDate", "deadline", "closedDate"].map(col);
export const TEXT_COLUMNS = COLUMNS.flatMap((c, i) =>
  ["text", "longText", "dept", "depts", "hidden"].includes(c.kind) ||
  c.key === "noticeNumber" ||
  c.key === "latestProgress" ||
  c.key === "syncState"
    ? [i]
    : [],
);
export const DATE_FORMAT = "yyyy-mm-dd";

/**
 * The editable fields as they were pulled, kept in the hidden 基准 column to detect edits. Columns added later
 * come last, so a 基准 written before them still reads right (their cells count as empty until pulled).
 */
export const EDIT_KEYS = [
  ...COLUMNS.filter((c) => (c.field || c.key === "status") && !c.added),
  ...COLUMNS.filter((c) => c.field && c.added),
].map((c) => c.key);

// ---------------------------------------------------------------- writing cells

/** Text a user typed stays text: Excel parses =, +, - and @ (and numeric-looking text) unless it starts with '. */
export function asTextCell(text: string): string {
  if (text === "") return "";
  return /^[=+\-@']/.test(text) || /^\s*[-+]?(\d|\.\d)/.test(text) || /^\s*(true|false)\s*$/i.test(text)
    ? `'${text}`
    : text;
}

export class DepartmentNames {
  private readonly byId = new Map<string, string>();
  private readonly byName = new Map<string, string>();
  constructor(departments: readonly Department[]) {
    for (const d of departments) {
      this.byId.set(d.id, d.name);
      this.byName.set(d.name, d.id);
    }
  }
  name(id: string): string {
    return this.byId.get(id) ?? id;
  }
  /** A department typed as its name or its id; null when unknown (and a list is configured). */
  id(text: string): string | null {
    const t = text.trim();
    if (this.byName.has(t)) return this.byName.get(t)!;
    if (this.byId.has(t)) return t;
    return this.byId.size === 0 && /^[A-Za-z0-9_-]{1,64}$/.test(t) ? t : null;
  }
  get names(): string[] {
    return [...this.byName.keys()];
  }
}

export function fingerprint(values: readonly Cell[]): string {
  return JSON.stringify(EDIT_KEYS.map((k) => normalise(values[col(k)])));
}

function normalise(v: Cell | undefined): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return String(Math.round(v * 1e6) / 1e6);
  return String(v).trim();
}

/** The row an item becomes (values as they are written through `range.values`). */
export function itemToRow(item: ItemView, seq: number, depts: DepartmentNames, syncState = "已同步"): Cell[] {
  const date = (d: string | null) => (d ? dateToExcelSerial(d) : "");
  const row: Cell[] = COLUMNS.map(() => "");
  const set = (key: string, v: Cell) => (row[col(key)] = v);
  set("seq", seq);
  set("noticeNumber", item.noticeNumber ?? "");
  set("source", SOURCE_LABELS[item.source]);
  set("content", item.content);
  set("requirements", item.requirements ?? "");
  set("proposal", item.proposal ?? "");
  set("supervisionGroup", (item.supervisionGroup ?? []).join("、"));
  set("leaderId", item.leaderId ?? "");
  set("supervisedDept", item.supervisedDept);
  set("leadDept", depts.name(item.leadDept));
  set("assistDepts", item.assistDepts.map((d) => depts.name(d)).join("、"));
  set("owner", item.owner);
  set("leader", item.leader);
  set("mode", MODE_LABELS[item.mode]);
  set("urgency", URGENCY_LABELS[item.urgency]);
  set("registeredDate", date(item.registeredDate ?? null));
  set("deadline", date(item.effectiveDeadline ?? item.deadline));
  set("status", STATUS_LABELS[item.status]);
  set("light", LIGHT_LABELS[item.light]);
  set("overdueDays", item.overdueDays > 0 ? item.overdueDays : "");
  set("latestProgress", item.latestProgress ?? "");
  set("closedDate", date(item.closedDate));
  set("syncState", syncState);
  set("id", item.id);
  set("etag", item.etag);
  set("key", "");
  row[col("base")] = fingerprint(row);
  return row;
}

/**
 * A row on its way into Excel. Text columns carry the text number format ("@", set in the same request before
 * the values), so their strings land exactly as they are (an apostrophe would be kept as a character there);
 * strings in the other columns are guarded so Excel never parses them into formulas or numbers.
 */
export function toWritable(row: readonly Cell[]): Cell[] {
  return row.map((v, i) => (typeof v === "string" && !TEXT_COLUMNS.includes(i) ? asTextCell(v) : v));
}

// ---------------------------------------------------------------- reading rows

export interface RowIssue {
  column: string;
  message: string;
}

export type ItemFields = {
  source: Item["source"];
  content: string;
  requirements?: string;
  supervisedDept: string;
  leadDept: string;
  assistDepts: string[];
  owner: string;
  leader: string;
  mode: Item["mode"];
  urgency: Item["urgency"];
  deadline: string | null;
  proposal: string;
  supervisionGroup: string[];
  leaderId: string | null;
};

function fromLabel<T extends string>(
  text: string,
  values: readonly T[],
  labels: Record<T, string>,
): T | null {
  const t = text.trim();
  for (const v of values) if (labels[v] === t || v === t) return v;
  return null;
}

/** A date cell: an Excel serial, or text such as 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日. */
export function parseDateCell(v: Cell): string | null | "invalid" {
  if (v === "" || v === null || v === undefined) return null;
  if (typeof v === "number") return v > 0 && v < 2958466 ? excelSerialToDate(v) : "invalid";
  const m = /^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$/.exec(String(v));
  if (!m) return "invalid";
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isValidDate(iso) ? iso : "invalid";
}

/** Read a row's editable cells as item fields, collecting a Chinese message per bad cell. */
export function rowToFields(
  row: readonly Cell[],
  depts: DepartmentNames,
): { fields: ItemFields; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const text = (key: string) => {
    const v = row[col(key)];
    return v === undefined || v === null ? "" : String(v).trim();
  };
  const header = (key: string) => COLUMNS[col(key)]!.header;
  const source = fromLabel(text("source"), SOURCES, SOURCE_LABELS);
  if (!source)
    issues.push({
      column: header("source"),
      message: `事项来源应为：${Object.values(SOURCE_LABELS).join("、")}`,
    });
  const mode = text("mode") === "" ? "tracking" : fromLabel(text("mode"), MODES, MODE_LABELS);
  if (!mode)
    issues.push({
      column: header("mode"),
      message: `督办方式应为：${Object.values(MODE_LABELS).join("、")}`,
    });
  const urgency = text("urgency") === "" ? "normal" : fromLabel(text("urgency"), URGENCIES, URGENCY_LABELS);
  if (!urgency)
    issues.push({
      column: header("urgency"),
      message: `紧急程度应为：${Object.values(URGENCY_LABELS).join("、")}`,
    });
  const lead = depts.id(text("leadDept"));
  if (!text("leadDept")) issues.push({ column: header("leadDept"), message: "牵头部门为必填项" });
  else if (!lead)
    issues.push({ column: header("leadDept"), message: `牵头部门「${text("leadDept")}」不在部门列表中` });
  const assist: string[] = [];
  for (const name of text("assistDepts")
    .split(/[、,，;；\s]+/)
    .filter(Boolean)) {
    const id = depts.id(name);
    if (id) assist.push(id);
    else issues.push({ column: header("assistDepts"), message: `协办部门「${name}」不在部门列表中` });
  }
  const deadline = parseDateCell(row[col("deadline")] ?? "");
  if (deadline === "invalid")
    issues.push({ column: header("deadline"), message: "完成时限应为日期，如 2026-12-31" });
  if (!text("content")) issues.push({ column: header("content"), message: "督办事项内容为必填项" });
  return {
    fields: {
      source: source ?? "other",
      content: text("content"),
      requirements: text("requirements"),
      proposal: text("proposal"),
      leaderId: text("leaderId") || null,
      supervisionGroup: [
        ...new Set(
          text("supervisionGroup")
            .split(/[、,，;；\n]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        ),
      ],
      supervisedDept: text("supervisedDept"),
      leadDept: lead ?? "",
      assistDepts: assist,
      owner: text("owner"),
      leader: text("leader"),
      mode: mode ?? "tracking",
      urgency: urgency ?? "normal",
      deadline: deadline === "invalid" ? null : deadline,
    },
    issues,
  };
}

/** The status a clerk typed, as a lifecycle status. */
export function statusOfCell(v: Cell | undefined): Status | null {
  return fromLabel(String(v ?? ""), STATUSES, STATUS_LABELS);
}

export type RowChange =
  | { kind: "unchanged" }
  | { kind: "empty" }
  | { kind: "new" }
  | {
      kind: "edited";
      changedFields: (keyof ItemFields)[];
      statusTo: Status | null;
      statusFrom: Status | null;
    };

/** The editable columns (keys) whose cells differ from the fingerprint taken at the last pull. */
export function editedKeys(row: readonly Cell[]): string[] {
  let base: string[] = [];
  try {
    base = JSON.parse(String(row[col("base")] ?? "")) as string[];
  } catch {
    base = [];
  }
  return EDIT_KEYS.filter((k, i) => normalise(row[col(k)]) !== (base[i] ?? ""));
}

/** What happened to a row since the last pull, read from its cells and its hidden fingerprint. */
export function classifyRow(row: readonly Cell[]): RowChange {
  const id = String(row[col("id")] ?? "").trim();
  const editable = EDIT_KEYS.some((k) => normalise(row[col(k)]) !== "");
  // A pulled row (it has a 基准) whose 事项编号 the clerk deleted with its column: not new (that would create a
  // duplicate); the next pull brings the item back.
  if (!id)
    return !editable
      ? { kind: "empty" }
      : String(row[col("base")] ?? "")
        ? { kind: "unchanged" }
        : { kind: "new" };
  const baseText = String(row[col("base")] ?? "");
  if (baseText === fingerprint(row)) return { kind: "unchanged" };
  let base: string[] = [];
  try {
    base = JSON.parse(baseText) as string[];
  } catch {
    base = [];
  }
  const changed: (keyof ItemFields)[] = [];
  let statusFrom: Status | null = null;
  let statusTo: Status | null = null;
  EDIT_KEYS.forEach((k, i) => {
    const now = normalise(row[col(k)]);
    if (now === (base[i] ?? "")) return;
    if (k === "status") {
      statusFrom = statusOfCell(base[i]);
      statusTo = statusOfCell(now);
      return;
    }
    const field = COLUMNS[col(k)]!.field;
    if (field) changed.push(field);
  });
  return { kind: "edited", changedFields: changed, statusFrom, statusTo };
}

/** The lifecycle action a status typed into 状态 stands for, or why it needs the pane. */
export function actionForStatus(
  from: Status | null,
  to: Status | null,
): { action: Action } | { explain: string } {
  if (!to) return { explain: `状态应为：${Object.values(STATUS_LABELS).join("、")}` };
  if (from === "draft" && to === "registered") return { action: "approve" };
  if (from === "notified" && to === "in_progress") return { action: "acknowledge" };
  const needsForm: Partial<Record<Status, string>> = {
    notified: "下发须「生成通知单」以取得文号",
    cancelled: "撤销须在任务窗格中填写理由",
    closed: "办结须在任务窗格中填写领导小组意见",
    reported: "报告须在任务窗格中填写报告单",
    extension_requested: "申请延期须在任务窗格中填写理由和举措",
    in_progress: "须在任务窗格中操作（如同意延期、退回整改）",
  };
  return {
    explain:
      needsForm[to] ?? `不能直接把状态从「${from ? STATUS_LABELS[from] : "空"}」改为「${STATUS_LABELS[to]}」`,
  };
}
