/** Core vocabulary of the 跟进督办制度 (DESIGN §1). Pure types and constants, no I/O. */

export const STATUSES = [
  "draft", // 拟办
  "registered", // 已立项
  "notified", // 已下发
  "in_progress", // 办理中
  "extension_requested", // 申请延期/调整
  "reported", // 已报告
  "closed", // 已办结
  "cancelled", // 已撤销
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  draft: "拟办",
  registered: "已立项",
  notified: "已下发",
  in_progress: "办理中",
  extension_requested: "申请延期",
  reported: "已报告",
  closed: "已办结",
  cancelled: "已撤销",
};

/** States in which the deadline runs (超期 is possible). */
export const RUNNING_STATUSES: readonly Status[] = ["notified", "in_progress", "extension_requested"];
/** States in which an item counts as 承办中 for a department (DESIGN §1 `handled`). */
export const OPEN_STATUSES: readonly Status[] = [
  "notified",
  "in_progress",
  "extension_requested",
  "reported",
];
export const TERMINAL_STATUSES: readonly Status[] = ["closed", "cancelled"];

export const SOURCES = ["superior", "decision", "workpoint", "special", "other"] as const;
export type Source = (typeof SOURCES)[number];
export const SOURCE_LABELS: Record<Source, string> = {
  superior: "上级部署",
  decision: "公司决策",
  workpoint: "工作要点",
  special: "专项督办",
  other: "其他",
};

export const MODES = ["tracking", "joint", "onsite"] as const;
export type Mode = (typeof MODES)[number];
export const MODE_LABELS: Record<Mode, string> = {
  tracking: "跟踪督办",
  joint: "联合督办",
  onsite: "现场督办",
};

export const URGENCIES = ["normal", "urgent", "critical"] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = {
  normal: "普通",
  urgent: "特急",
  critical: "特别重大",
};

export type Light = "red" | "yellow" | "green" | "grey";
export const LIGHT_LABELS: Record<Light, string> = {
  red: "红灯",
  yellow: "黄灯",
  green: "绿灯",
  grey: "灰灯",
};

/** Lifecycle actions reachable through `POST /api/items/{id}/actions/{action}`. */
export const ACTIONS = [
  "approve",
  "reject",
  "acknowledge",
  "urge",
  "progress",
  "request_extension",
  "approve_extension",
  "reject_extension",
  "report",
  "close",
  "return",
  "cancel",
  "flag_false_report",
] as const;
export type Action = (typeof ACTIONS)[number];

export const ACTION_LABELS: Record<Action, string> = {
  approve: "审定立项",
  reject: "不予立项",
  acknowledge: "签收",
  urge: "催办",
  progress: "报送进展",
  request_extension: "申请延期/调整",
  approve_extension: "同意延期",
  reject_extension: "驳回延期",
  report: "办结报告",
  close: "办结",
  return: "退回整改",
  cancel: "撤销",
  flag_false_report: "认定上报严重失实",
};

/** Event kinds: the public actions plus the ones other endpoints produce. */
export type EventKind = "create" | "edit" | "issue" | "void_notice" | "restore_notice" | Action;

export const EVENT_LABELS: Record<EventKind, string> = {
  ...ACTION_LABELS,
  create: "拟办登记",
  edit: "修改",
  issue: "下发通知单",
  void_notice: "通知单作废",
  restore_notice: "撤销未完成的作废",
};

export type Role = "office" | "leader" | "viewer" | `dept:${string}`;

/** Who is calling: a user (or the system timer) with their roles. */
export interface Principal {
  /** Stable user id (Entra object id or the development user name). */
  id: string;
  /** Display name, recorded on events. */
  name: string;
  roles: Role[];
}

/** Which deadline is in force: the notice's, an approved extension's, or a rectification deadline set by `return`. */
export type DeadlineKind = "original" | "extension" | "rectification";

export interface ReportForm {
  completedFrom: string;
  completedTo: string;
  summary: string;
  leadOpinion: string;
  assistOpinion?: string;
}

export interface DeadlineChange {
  at: string;
  from: string | null;
  to: string;
  kind: DeadlineKind;
  by: string;
}

/** The stored item: the fold of its events. Derived fields (light, overdueDays, allowedActions) are not stored. */
export interface Item {
  id: string;
  source: Source;
  content: string; // 督办事项内容
  requirements: string; // 督办要求 / 质量要求
  supervisedDept: string; // 被督办部门
  leadDept: string; // 牵头部门 (dept id)
  assistDepts: string[]; // 协办部门
  owner: string; // 责任人
  leader: string; // 分管领导
  mode: Mode;
  urgency: Urgency;
  deadline: string | null; // 完成时限 "YYYY-MM-DD" CST, inclusive
  effectiveDeadline: string | null;
  deadlineKind: DeadlineKind;
  status: Status;
  noticeNumber: string | null;
  noticeYear: number | null;
  noticeSeq: number | null;
  issueDate: string | null;
  latestProgress: string | null;
  report: ReportForm | null;
  closeOpinion: string | null;
  registeredDate: string | null; // 立项日期 CST (the leader's approval)
  closedDate: string | null; // 办结日期 CST
  falseReport: { reason: string; at: string; by: string } | null;
  /**
   * Numbers of voided notices that listed this item: a notice, once voided, can never be applied to it again
   * (absent on items no void ever touched).
   */
  voidedNotices?: string[] | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  /** Number of events folded into this snapshot. */
  version: number;
}

export interface FieldChange {
  before: unknown;
  after: unknown;
}

/** One immutable history entry. `changes` holds before/after of every field it changed. */
export interface ItemEvent {
  itemId: string;
  seq: number; // 1-based
  kind: EventKind;
  at: string; // ISO instant (UTC)
  actor: string; // principal name
  actorId: string;
  payload: Record<string, unknown>;
  changes: Record<string, FieldChange>;
}

export interface Department {
  id: string;
  name: string;
  head: string;
  /** Where the daily 催办 reminders go (DESIGN §4); without it the department's reminders are `failed`. */
  email?: string;
  ccEmails?: string[];
}

export interface Settings {
  companyName: string;
  numberPrefix: string;
  yellowLightDays: number;
  /** A due-soon reminder this many working days before the deadline (DESIGN §4); the server always answers it. */
  remindBeforeDays?: number;
  /** No reminder on a non-working day of China's official calendar (调休 included); always answered. */
  remindOnWorkingDaysOnly?: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  companyName: "陕西秦安煤矿安全评价事务有限公司",
  numberPrefix: "陕秦安督字",
  yellowLightDays: 3,
  remindBeforeDays: 3,
  remindOnWorkingDaysOnly: true,
};

export interface Notice {
  year: number;
  seq: number;
  number: string;
  itemIds: string[];
  leadDept: string;
  issueDate: string;
  voided: boolean;
  voidedAt: string | null;
  voidReason: string | null;
  createdAt: string;
  createdBy: string;
}
