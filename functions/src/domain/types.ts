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
  "assist_opinion",
  "site_visit",
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
  assist_opinion: "协办部门意见",
  site_visit: "现场督办",
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
  /** When the report was filed (absent on reports filed before it was recorded). */
  reportedAt?: string;
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
  /**
   * 上报内容严重失实 (七、(二)): only `seriousConsequence` (严重失实，且造成较大后果) removes the department's award
   * eligibility, for `reportYear`, the CST year of the report flagged (the year of the work).
   */
  falseReport: {
    reason: string;
    at: string;
    by: string;
    seriousConsequence?: boolean;
    consequence?: string | null;
    reportYear?: number | null;
  } | null;
  /** 拟办意见 of the office (三、(一)), shown to the approving leader. */
  proposal?: string;
  /** The 分管领导's principal id, beside the name in `leader`: routes 待我审定. */
  leaderId?: string | null;
  /** 督办组 (一、; 四、(二) 联合督办): people and departments supervising a joint item. */
  supervisionGroup?: string[];
  /** 签收 by the lead department and each assisting department (附件1 收件人签字). */
  acknowledgements?: Acknowledgement[];
  /** 承办（协办）部门意见 (附件2), one per assisting department, the latest kept. */
  assistOpinions?: AssistOpinion[];
  /** 现场督办 records (四、(三)). */
  siteVisits?: SiteVisit[];
  /** 存档编号 of the 报告单 (附件2), allocated when the item is closed. */
  archiveNumber?: string | null;
  /** The pending 延期/调整 request (三、(三)), until the leader decides. */
  adjustmentRequest?: AdjustmentRequest | null;
  /** When the leader last approved an adjustment: a reprinted notice says 调整后. */
  adjustedAt?: string | null;
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

export interface Acknowledgement {
  deptId: string;
  by: string;
  at: string;
}

export interface AssistOpinion {
  deptId: string;
  opinion: string;
  by: string;
  at: string;
}

export interface AdjustmentRequest {
  reason: string;
  measures: string;
  proposedDeadline: string | null;
  proposedContent: string | null;
  proposedRequirements: string | null;
  by: string;
  at: string;
}

export interface SiteVisit {
  date: string;
  place: string;
  participants: string;
  findings: string;
  followUp: string | null;
  by: string;
  at: string;
}

/** 问责 measures (七、(一)). */
export const ACCOUNTABILITY_MEASURES = [
  "criticism",
  "interview",
  "written_review",
  "deduction",
  "award_loss",
  "other",
] as const;
export type AccountabilityMeasure = (typeof ACCOUNTABILITY_MEASURES)[number];
export const MEASURE_LABELS: Record<AccountabilityMeasure, string> = {
  criticism: "通报批评",
  interview: "约谈",
  written_review: "书面检查",
  deduction: "扣减绩效",
  award_loss: "取消评优评先",
  other: "其他",
};

/** One entry of the 问责 register: immutable; a revocation is recorded beside it, never over it. */
export interface AccountabilityRecord {
  id: string;
  itemIds: string[];
  deptId: string;
  person: string;
  measure: AccountabilityMeasure;
  reason: string;
  /** "YYYY-MM": the month whose 月度考核 lists it (default: the CST month it was recorded). */
  month: string;
  createdAt: string;
  createdBy: string;
  revoked: boolean;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
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
  /** 存档编号 prefix (附件2): {archivePrefix}〔{year}〕{n}号; the server always answers it. */
  archivePrefix?: string;
}

export const DEFAULT_SETTINGS: Settings = {
  companyName: "陕西秦安煤矿安全评价事务有限公司",
  numberPrefix: "陕秦安督字",
  yellowLightDays: 3,
  remindBeforeDays: 3,
  remindOnWorkingDaysOnly: true,
  archivePrefix: "督报",
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
