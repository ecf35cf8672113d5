/**
 * The lifecycle of a 督办事项 (DESIGN §1) as one typed transition table. Every change to an item is decided
 * here and recorded as an event; the current item is the fold of its events. Used by the functions and the
 * add-in alike.
 */
import type { z } from "zod";
import { addDays, cstDate, cstYear } from "./dates.js";
import {
  type Action,
  ACTIONS,
  type DeadlineKind,
  type EventKind,
  type FieldChange,
  type Item,
  type ItemEvent,
  type Principal,
  type Status,
  STATUS_LABELS,
  ACTION_LABELS,
} from "./types.js";
import {
  actionSchemas,
  type ActionPayloads,
  type CreateItemInput,
  type EditableField,
  type EditItemInput,
  EDITABLE_ITEM_FIELDS,
  FIELD_LABELS,
  type FieldError,
  validate,
} from "./validation.js";

/** Who may take an action: the office, the leading group, the item's lead department, an assisting department. */
export type Actor = "office" | "leader" | "lead" | "assist";

export interface DecisionContext {
  principal: Principal;
  /** The instant of the decision (ISO). */
  at: string;
}

/** A refusal the caller caused by its input (400), or a rule of the state machine (409). */
export interface Refusal {
  path?: string;
  message: string;
}

interface TransitionSpec<P> {
  from: readonly Status[];
  /** The state after; `null` leaves the state unchanged. */
  to: Status | null;
  actors: readonly Actor[];
  schema: z.ZodType<P> | null;
  /** A rule about the item itself (409 when broken). */
  precondition?: (item: Item) => string | null;
  /** A rule about the payload against the item (400 on the named field). */
  guard?: (item: Item, payload: P, today: string) => Refusal | null;
  /**
   * Per actor, the states it acts from and the state after (acknowledge: the lead department moves the item on,
   * an assisting department only signs); `from` and `to` then hold the union and the lead's move.
   */
  byActor?: Partial<Record<Actor, { from: readonly Status[]; to: Status | null }>>;
  /** A rule about the caller and the item (409), e.g. a department that has signed already. */
  check?: (item: Item, principal: Principal) => string | null;
  apply: (item: Item, payload: P, ctx: DecisionContext) => Partial<Item>;
}

type Transitions = { [A in Action]: TransitionSpec<ActionPayloads[A]> } & {
  issue: TransitionSpec<IssuePayload>;
  void_notice: TransitionSpec<VoidPayload>;
};

export interface IssuePayload {
  noticeNumber: string;
  year: number;
  seq: number;
  issueDate: string;
}
export interface VoidPayload {
  noticeNumber: string;
  reason: string;
}

const NON_TERMINAL: readonly Status[] = [
  "draft",
  "registered",
  "notified",
  "in_progress",
  "extension_requested",
  "reported",
];

/**
 * The earliest a reported work period may start: work on a 督办 item often began before it was registered (a
 * task already under way), but not more than a year before; earlier dates are typing errors.
 */
const earliestWorkStart = (item: Item) => addDays(cstDate(item.createdAt), -366);

/** The caller's assisting departments on the item (a principal may hold several department roles). */
const assistDeptsOf = (item: Item, principal: Principal) =>
  principal.roles
    .filter((r) => r.startsWith("dept:"))
    .map((r) => r.slice(5))
    .filter((d) => item.assistDepts.includes(d));

const isLeadOf = (item: Item, principal: Principal) => principal.roles.includes(`dept:${item.leadDept}`);

/** The department a 签收 by this caller is for: the lead department's, else its first unsigned assisting one. */
function signingDept(item: Item, principal: Principal): string | null {
  const signed = new Set((item.acknowledgements ?? []).map((a) => a.deptId));
  if (isLeadOf(item, principal)) return signed.has(item.leadDept) ? null : item.leadDept;
  return assistDeptsOf(item, principal).find((d) => !signed.has(d)) ?? null;
}

/** The CST year of the work a report describes: when it was filed (older reports: the end of the work). */
const reportYear = (item: Item) =>
  item.report?.reportedAt
    ? cstYear(item.report.reportedAt)
    : item.report?.completedTo
      ? Number(item.report.completedTo.slice(0, 4))
      : null;

/** 六、(二) 上级部署事项: what a notice cannot go out without. */
function missingForSuperior(item: Item): string[] {
  if (item.source !== "superior") return [];
  const missing: string[] = [];
  if (!item.leader) missing.push("分管领导");
  if (!item.leadDept) missing.push("牵头部门");
  if (!item.owner) missing.push("责任人");
  if (!item.deadline) missing.push("完成时限");
  if (!item.requirements) missing.push("质量要求（督办要求）");
  return missing;
}

const deadlineChange = (deadline: string, kind: DeadlineKind) => ({
  effectiveDeadline: deadline,
  deadlineKind: kind,
});

export const TRANSITIONS: Transitions = {
  approve: {
    from: ["draft"],
    to: "registered",
    actors: ["leader"],
    schema: actionSchemas.approve,
    apply: (_item, _p, ctx) => ({ registeredDate: cstDate(ctx.at) }),
  },
  reject: {
    from: ["draft"],
    to: "cancelled",
    actors: ["leader"],
    schema: actionSchemas.reject,
    apply: () => ({}),
  },
  // 签收 (附件1 收件人签字): the lead department's moves the item to 办理中; each assisting department signs too.
  acknowledge: {
    from: ["notified", "in_progress", "extension_requested"],
    to: "in_progress",
    actors: ["lead", "assist"],
    schema: actionSchemas.acknowledge,
    byActor: {
      lead: { from: ["notified"], to: "in_progress" },
      assist: { from: ["notified", "in_progress", "extension_requested"], to: null },
    },
    check: (item, principal) => (signingDept(item, principal) ? null : "您的部门已签收该事项"),
    apply: (item, _p, ctx) => ({
      acknowledgements: [
        ...(item.acknowledgements ?? []),
        { deptId: signingDept(item, ctx.principal)!, by: ctx.principal.name, at: ctx.at },
      ],
    }),
  },
  // 附件2 承办（协办）部门意见: each assisting department writes its own (the latest kept).
  assist_opinion: {
    from: ["in_progress", "extension_requested", "reported"],
    to: null,
    actors: ["assist"],
    schema: actionSchemas.assist_opinion,
    apply: (item, p, ctx) => {
      const mine = new Set(assistDeptsOf(item, ctx.principal));
      return {
        assistOpinions: [
          ...(item.assistOpinions ?? []).filter((o) => !mine.has(o.deptId)),
          ...[...mine].map((deptId) => ({ deptId, opinion: p.opinion, by: ctx.principal.name, at: ctx.at })),
        ],
      };
    },
  },
  // 四、(三) 现场督办: a record of the visit, not a label.
  site_visit: {
    from: ["notified", "in_progress", "extension_requested", "reported"],
    to: null,
    actors: ["office", "leader"],
    schema: actionSchemas.site_visit,
    guard: (_item, p, today) =>
      p.date > today ? { path: "date", message: "现场督办日期不能晚于今天" } : null,
    apply: (item, p, ctx) => ({
      siteVisits: [
        ...(item.siteVisits ?? []),
        {
          date: p.date,
          place: p.place,
          participants: p.participants,
          findings: p.findings,
          followUp: p.followUp ?? null,
          by: ctx.principal.name,
          at: ctx.at,
        },
      ],
    }),
  },
  urge: {
    from: ["notified", "in_progress", "extension_requested"],
    to: null,
    actors: ["office"],
    schema: actionSchemas.urge,
    apply: () => ({}),
  },
  progress: {
    from: ["notified", "in_progress", "extension_requested"],
    to: null,
    actors: ["lead", "assist"],
    schema: actionSchemas.progress,
    apply: (_item, p) => ({ latestProgress: p.note }),
  },
  request_extension: {
    from: ["in_progress"],
    to: "extension_requested",
    actors: ["lead"],
    schema: actionSchemas.request_extension,
    guard: (item, p, today) =>
      p.proposedDeadline === undefined
        ? null
        : p.proposedDeadline < today
          ? { path: "proposedDeadline", message: "建议的完成时限不能早于今天" }
          : item.effectiveDeadline && p.proposedDeadline <= item.effectiveDeadline
            ? {
                path: "proposedDeadline",
                message: `建议的完成时限应晚于当前完成时限 ${item.effectiveDeadline}`,
              }
            : null,
    apply: (_item, p, ctx) => ({
      adjustmentRequest: {
        reason: p.reason,
        measures: p.measures,
        proposedDeadline: p.proposedDeadline ?? null,
        proposedContent: p.proposedContent ?? null,
        proposedRequirements: p.proposedRequirements ?? null,
        by: ctx.principal.name,
        at: ctx.at,
      },
    }),
  },
  approve_extension: {
    from: ["extension_requested"],
    to: "in_progress",
    actors: ["leader"],
    schema: actionSchemas.approve_extension,
    guard: (_item, p, today) =>
      p.deadline !== undefined && p.deadline < today
        ? { path: "deadline", message: "延期后的完成时限不能早于今天" }
        : null,
    // The leader approves what it approves: the history keeps each field's before and after.
    apply: (_item, p, ctx) => ({
      ...(p.deadline !== undefined ? deadlineChange(p.deadline, "extension") : {}),
      ...(p.content !== undefined ? { content: p.content } : {}),
      ...(p.requirements !== undefined ? { requirements: p.requirements } : {}),
      adjustmentRequest: null,
      adjustedAt: ctx.at,
    }),
  },
  reject_extension: {
    from: ["extension_requested"],
    to: "in_progress",
    actors: ["leader"],
    schema: actionSchemas.reject_extension,
    apply: () => ({ adjustmentRequest: null }),
  },
  report: {
    from: ["in_progress"],
    to: "reported",
    actors: ["lead"],
    schema: actionSchemas.report,
    guard: (item, p, today) =>
      p.completedTo > today
        ? { path: "completedTo", message: "完成时间（止）不能晚于今天" }
        : p.completedFrom < earliestWorkStart(item)
          ? {
              path: "completedFrom",
              message: `完成时间（起）不能早于 ${earliestWorkStart(item)}（事项登记前一年）`,
            }
          : null,
    apply: (_item, p, ctx) => ({
      report: {
        completedFrom: p.completedFrom,
        completedTo: p.completedTo,
        summary: p.summary,
        leadOpinion: p.leadOpinion,
        ...(p.assistOpinion ? { assistOpinion: p.assistOpinion } : {}),
        reportedAt: ctx.at,
      },
    }),
  },
  close: {
    from: ["reported"],
    to: "closed",
    actors: ["leader"],
    schema: actionSchemas.close,
    apply: (_item, p, ctx) => ({ closeOpinion: p.opinion, closedDate: cstDate(ctx.at) }),
  },
  return: {
    from: ["reported"],
    to: "in_progress",
    actors: ["leader"],
    schema: actionSchemas.return,
    guard: (_item, p, today) =>
      p.deadline < today ? { path: "deadline", message: "整改完成时限不能早于今天" } : null,
    apply: (_item, p) => ({ ...deadlineChange(p.deadline, "rectification"), report: null }),
  },
  cancel: {
    from: NON_TERMINAL,
    to: "cancelled",
    actors: ["leader"],
    schema: actionSchemas.cancel,
    apply: () => ({}),
  },
  flag_false_report: {
    from: ["reported", "closed"],
    to: null,
    actors: ["leader"],
    schema: actionSchemas.flag_false_report,
    precondition: (item) => (item.falseReport ? "该事项已被认定上报内容严重失实" : null),
    apply: (item, p, ctx) => ({
      falseReport: {
        reason: p.reason,
        at: ctx.at,
        by: ctx.principal.name,
        seriousConsequence: p.seriousConsequence,
        consequence: p.consequence ?? null,
        reportYear: reportYear(item),
      },
    }),
  },
  issue: {
    from: ["registered"],
    to: "notified",
    actors: ["office"],
    schema: null,
    precondition: (item) => {
      const missing = missingForSuperior(item);
      if (missing.length) return `上级部署事项下发通知单前须填写：${missing.join("、")}`;
      return item.deadline ? null : "尚未填写完成时限，不能下发通知单";
    },
    guard: (item, p) =>
      item.voidedNotices?.includes(p.noticeNumber)
        ? { path: "noticeNumber", message: `通知单 ${p.noticeNumber} 已作废，不能再用于该事项` }
        : item.deadline && item.deadline < p.issueDate
          ? { path: "deadline", message: `完成时限早于下发日期 ${p.issueDate}，请先修改完成时限` }
          : null,
    // A new notice asks for new signatures (附件1 收件人签字) and is not 调整后 until adjusted again.
    apply: (item, p) => ({
      acknowledgements: [],
      adjustedAt: null,
      noticeNumber: p.noticeNumber,
      noticeYear: p.year,
      noticeSeq: p.seq,
      issueDate: p.issueDate,
      ...deadlineChange(item.deadline ?? "", "original"),
    }),
  },
  // 作废: an item bearing the notice returns to registered; an item the notice listed but that does not bear it
  // (its issue not applied yet) stays registered. Either way the number is fenced off the item for good, so a
  // late or retried issue of the voided notice can never reach it (the item's ETag orders the two).
  void_notice: {
    from: ["registered", "notified", "in_progress", "extension_requested"],
    to: "registered",
    actors: ["office"],
    schema: null,
    precondition: (item) =>
      item.status === "registered" && item.noticeNumber ? "事项已立项但带有通知单编号，数据异常" : null,
    apply: (item, p) => ({
      ...(item.noticeNumber === p.noticeNumber
        ? {
            noticeNumber: null,
            noticeYear: null,
            noticeSeq: null,
            issueDate: null,
            effectiveDeadline: null,
            deadlineKind: "original" as const,
          }
        : {}),
      voidedNotices: [...(item.voidedNotices ?? []), p.noticeNumber],
    }),
  },
};

/** Statuses a restore (undoing an unfinished void) may return an item to: those a void starts from. */
const RESTORABLE: readonly Status[] = ["registered", "notified", "in_progress", "extension_requested"];

/** Every (state → state) move the table allows, for checking a fold. */
export function allowedMove(kind: EventKind, from: Status | null, to: Status): boolean {
  if (kind === "create") return from === null && to === "draft";
  if (kind === "edit") return from !== null && from === to && editableFieldsIn(from).length > 0;
  if (kind === "restore_notice") return from === "registered" && RESTORABLE.includes(to);
  // A stored kind the table does not know (forged or corrupt) is an illegal move, not a TypeError.
  if (!Object.hasOwn(TRANSITIONS, kind)) return false;
  const spec = TRANSITIONS[kind] as TransitionSpec<unknown>;
  if (from === null) return false;
  if (spec.byActor)
    return Object.values(spec.byActor).some((r) => r.from.includes(from) && to === (r.to ?? from));
  return spec.from.includes(from) && to === (spec.to ?? from);
}

/** The move this principal makes with the action from the item's state, or null when none of its roles may. */
function moveFor(
  spec: TransitionSpec<unknown>,
  item: Item,
  principal: Principal,
): { to: Status | null } | null {
  if (!spec.byActor) return spec.from.includes(item.status) ? { to: spec.to } : null;
  const actors = actorsFor(item, principal);
  for (const actor of spec.actors) {
    const rule = spec.byActor[actor];
    if (actors.has(actor) && rule?.from.includes(item.status)) return { to: rule.to };
  }
  return null;
}

/** The actor kinds a principal has towards an item. */
export function actorsFor(item: Pick<Item, "leadDept" | "assistDepts">, principal: Principal): Set<Actor> {
  const actors = new Set<Actor>();
  for (const role of principal.roles) {
    if (role === "office") actors.add("office");
    else if (role === "leader") actors.add("leader");
    else if (role.startsWith("dept:")) {
      const dept = role.slice(5);
      if (dept === item.leadDept) actors.add("lead");
      if (item.assistDepts.includes(dept)) actors.add("assist");
    }
  }
  return actors;
}

/** Whether the principal's roles could ever take this action (ignoring state): 403 when not. */
export function mayTake(kind: Action | "issue" | "void_notice", item: Item, principal: Principal): boolean {
  const actors = actorsFor(item, principal);
  return TRANSITIONS[kind].actors.some((a) => actors.has(a));
}

/** The fields the current state allows to edit (after the notice, the content, lead department, deadline and urgency are fixed). */
export function editableFieldsIn(status: Status): EditableField[] {
  switch (status) {
    case "draft":
      return [...EDITABLE_ITEM_FIELDS];
    case "registered":
      // 拟办意见 belongs to the draft the leader decided on.
      return EDITABLE_ITEM_FIELDS.filter((f) => f !== "proposal");
    case "notified":
    case "in_progress":
    case "extension_requested":
      return ["requirements", "owner", "leader", "leaderId", "mode", "assistDepts", "supervisionGroup"];
    default:
      return [];
  }
}

export function editableFields(item: Item, principal: Principal): EditableField[] {
  return principal.roles.includes("office") ? editableFieldsIn(item.status) : [];
}

/** The lifecycle actions this principal can take on the item now (so the UI enables exactly those). */
export function allowedActions(item: Item, principal: Principal): Action[] {
  return ACTIONS.filter((a) => {
    const spec = TRANSITIONS[a] as TransitionSpec<unknown>;
    return (
      mayTake(a, item, principal) &&
      moveFor(spec, item, principal) !== null &&
      !spec.precondition?.(item) &&
      !spec.check?.(item, principal)
    );
  });
}

export type Decision =
  | { ok: true; item: Item; event: ItemEvent }
  | { ok: false; kind: "forbidden"; message: string }
  | { ok: false; kind: "conflict"; message: string; allowedActions: Action[] }
  | { ok: false; kind: "invalid"; errors: FieldError[] };

function diff(before: Item | null, after: Item): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of Object.keys(after) as (keyof Item)[]) {
    if (key === "version" || key === "updatedAt") continue;
    const b = before ? before[key] : null;
    const a = after[key];
    // The create event records every field, including the null ones: otherwise the fold of the events
    // lacks noticeNumber, report, falseReport, ... instead of holding null, and differs from the item.
    if (before === null || JSON.stringify(b) !== JSON.stringify(a))
      changes[key] = { before: b ?? null, after: a };
  }
  return changes;
}

function makeEvent(
  before: Item | null,
  after: Item,
  kind: EventKind,
  payload: Record<string, unknown>,
  ctx: DecisionContext,
): ItemEvent {
  return {
    itemId: after.id,
    seq: after.version,
    kind,
    at: ctx.at,
    actor: ctx.principal.name,
    actorId: ctx.principal.id,
    payload,
    changes: diff(before, after),
  };
}

/**
 * Events of one item never go back in time, even when function instances' clocks differ slightly: replaying up
 * to an instant (scoring a month) relies on `at` growing with `seq`.
 */
function monotonic(item: Item, ctx: DecisionContext): DecisionContext {
  return Date.parse(ctx.at) < Date.parse(item.updatedAt) ? { ...ctx, at: item.updatedAt } : ctx;
}

/** 拟办: a new item in draft, by the office. */
export function createItem(id: string, input: CreateItemInput, ctx: DecisionContext): Decision {
  if (!ctx.principal.roles.includes("office"))
    return { ok: false, kind: "forbidden", message: "只有督办工作办公室可以登记督办事项" };
  const item: Item = {
    id,
    ...input,
    effectiveDeadline: null,
    deadlineKind: "original",
    status: "draft",
    noticeNumber: null,
    noticeYear: null,
    noticeSeq: null,
    issueDate: null,
    latestProgress: null,
    report: null,
    closeOpinion: null,
    registeredDate: null,
    closedDate: null,
    falseReport: null,
    acknowledgements: [],
    assistOpinions: [],
    siteVisits: [],
    adjustmentRequest: null,
    adjustedAt: null,
    archiveNumber: null,
    createdAt: ctx.at,
    createdBy: ctx.principal.name,
    updatedAt: ctx.at,
    version: 1,
  };
  return { ok: true, item, event: makeEvent(null, item, "create", { ...input }, ctx) };
}

/** 修改: fields the current state allows, by the office. */
export function editItem(item: Item, input: EditItemInput, ctx: DecisionContext): Decision {
  ctx = monotonic(item, ctx);
  if (!ctx.principal.roles.includes("office"))
    return { ok: false, kind: "forbidden", message: "只有督办工作办公室可以修改督办事项" };
  const allowed = new Set<string>(editableFieldsIn(item.status));
  const refused = Object.keys(input).filter((k) => !allowed.has(k));
  // No edit at all once nothing is editable (reported, closed, cancelled): an empty edit would otherwise
  // record an "edit" event that allowedMove/applyEvent reject, so the history could no longer be folded.
  if (refused.length > 0 || allowed.size === 0)
    return {
      ok: false,
      kind: "conflict",
      // Field names in Chinese: this message is shown to the user.
      message:
        refused.length > 0
          ? `事项处于「${STATUS_LABELS[item.status]}」状态，不能修改：${refused.map((k) => FIELD_LABELS[k] ?? k).join("、")}`
          : `事项处于「${STATUS_LABELS[item.status]}」状态，不能修改`,
      allowedActions: allowedActions(item, ctx.principal),
    };
  const next: Item = { ...item, ...input, updatedAt: ctx.at, version: item.version + 1 };
  const assist = next.assistDepts;
  if (assist.includes(next.leadDept))
    return {
      ok: false,
      kind: "invalid",
      errors: [{ path: "assistDepts", message: "协办部门不能包含牵头部门" }],
    };
  if (next.mode === "joint" && assist.length === 0)
    return {
      ok: false,
      kind: "invalid",
      errors: [{ path: "assistDepts", message: "联合督办须至少指定一个协办部门" }],
    };
  // Items saved before 督办组 existed keep working: the rule bites when the mode or the group is edited.
  if (
    next.mode === "joint" &&
    (input.mode !== undefined || input.supervisionGroup !== undefined) &&
    (next.supervisionGroup ?? []).length === 0
  )
    return {
      ok: false,
      kind: "invalid",
      errors: [{ path: "supervisionGroup", message: "联合督办须写明督办组成员" }],
    };
  return { ok: true, item: next, event: makeEvent(item, next, "edit", { ...input }, ctx) };
}

/**
 * Decide one lifecycle step: 403 when the principal's roles can never take it on this item, 409 when the
 * state does not allow it, 400 when the payload is invalid. `issue` and `void_notice` take trusted payloads
 * from the notice endpoints.
 */
export function decide(
  item: Item,
  kind: Action | "issue" | "void_notice",
  payload: unknown,
  ctx: DecisionContext,
): Decision {
  ctx = monotonic(item, ctx);
  const spec = TRANSITIONS[kind] as TransitionSpec<unknown>;
  const label = kind === "issue" ? "下发通知单" : kind === "void_notice" ? "作废通知单" : ACTION_LABELS[kind];
  if (!mayTake(kind, item, ctx.principal))
    return { ok: false, kind: "forbidden", message: `您没有对该事项「${label}」的权限` };
  const move = moveFor(spec, item, ctx.principal);
  if (!move)
    return {
      ok: false,
      kind: "conflict",
      message: `事项处于「${STATUS_LABELS[item.status]}」状态，不能${label}`,
      allowedActions: allowedActions(item, ctx.principal),
    };
  const broken = spec.precondition?.(item) ?? spec.check?.(item, ctx.principal);
  if (broken)
    return {
      ok: false,
      kind: "conflict",
      message: broken,
      allowedActions: allowedActions(item, ctx.principal),
    };
  let value: unknown = payload;
  if (spec.schema) {
    const v = validate(spec.schema, payload ?? {});
    if (!v.ok) return { ok: false, kind: "invalid", errors: v.errors };
    value = v.value;
  }
  const refusal = spec.guard?.(item, value, cstDate(ctx.at));
  if (refusal)
    return { ok: false, kind: "invalid", errors: [{ path: refusal.path ?? "", message: refusal.message }] };
  const next: Item = {
    ...item,
    ...spec.apply(item, value, ctx),
    status: move.to ?? item.status,
    updatedAt: ctx.at,
    version: item.version + 1,
  };
  return {
    ok: true,
    item: next,
    event: makeEvent(item, next, kind, (value ?? {}) as Record<string, unknown>, ctx),
  };
}

/**
 * Undo a void that could not finish (another item of the same notice was reported meanwhile): the exact inverse
 * of the void event, applied to the item as that event left it. `null` when the item changed since (the caller
 * then reports it) or the event did not move it.
 */
export function restoreAfterVoid(item: Item, voidEvent: ItemEvent, ctx: DecisionContext): Decision | null {
  if (voidEvent.kind !== "void_notice" || item.version !== voidEvent.seq || item.id !== voidEvent.itemId)
    return null;
  ctx = monotonic(item, ctx);
  const next = { ...item } as Record<string, unknown>;
  for (const [field, change] of Object.entries(voidEvent.changes)) next[field] = change.before;
  next.updatedAt = ctx.at;
  next.version = item.version + 1;
  const restored = next as unknown as Item;
  if (!allowedMove("restore_notice", item.status, restored.status)) return null;
  const payload = { noticeNumber: String(voidEvent.payload.noticeNumber ?? "") };
  return { ok: true, item: restored, event: makeEvent(item, restored, "restore_notice", payload, ctx) };
}

/** 办结 with the 存档编号 the server allocated for the item (附件2), recorded in the close event's changes. */
export function withArchiveNumber(decision: Extract<Decision, { ok: true }>, archiveNumber: string) {
  return {
    ok: true as const,
    item: { ...decision.item, archiveNumber },
    event: {
      ...decision.event,
      changes: {
        ...decision.event.changes,
        archiveNumber: { before: decision.event.changes.archiveNumber?.before ?? null, after: archiveNumber },
      },
    },
  };
}

export class IllegalHistoryError extends Error {
  override readonly name = "IllegalHistoryError";
}

/** Apply one stored event to the item it follows, refusing any move the table forbids. */
export function applyEvent(item: Item | null, event: ItemEvent): Item {
  const expectedSeq = (item?.version ?? 0) + 1;
  if (event.seq !== expectedSeq)
    throw new IllegalHistoryError(`事件序号应为 ${expectedSeq}，实为 ${event.seq}`);
  // An event of another item must never be folded into this one.
  if (item && event.itemId !== item.id)
    throw new IllegalHistoryError(`事件属于事项 ${event.itemId}，不属于 ${item.id}`);
  // Object.assign, not a spread: folds copy the item once per event, and a spread copy is several times slower.
  const next = (item ? Object.assign({}, item) : {}) as Record<string, unknown>;
  const changes = event.changes;
  for (const field in changes) if (Object.hasOwn(changes, field)) next[field] = changes[field]!.after;
  next.version = event.seq;
  next.updatedAt = event.at;
  const after = next as unknown as Item;
  if (!allowedMove(event.kind, item?.status ?? null, after.status))
    throw new IllegalHistoryError(
      `事件「${event.kind}」不能使事项从「${item ? STATUS_LABELS[item.status] : "无"}」变为「${STATUS_LABELS[after.status]}」`,
    );
  return after;
}

/** The item as the fold of its events (in seq order). */
export function foldEvents(events: readonly ItemEvent[]): Item {
  let item: Item | null = null;
  for (const e of events) item = applyEvent(item, e);
  if (!item) throw new IllegalHistoryError("事项没有任何事件");
  return item;
}

/** The item as it stood at an instant: the fold of the events up to and including it, or null if not yet created. */
export function itemAt(events: readonly ItemEvent[], at: Date): Item | null {
  let item: Item | null = null;
  const limit = at.getTime();
  for (const e of events) {
    if (Date.parse(e.at) > limit) break;
    item = applyEvent(item, e);
  }
  return item;
}
