/**
 * What the API answers, as zod schemas: the one description of every 2xx body. The OpenAPI document is generated
 * from them (z.toJSONSchema, functions/src/functions/openapi.ts) and test/functions/openapi-answers.test.ts
 * validates real answers against that document, so a field added to an answer without being described here
 * fails the test (objects are closed: additionalProperties false).
 *
 * Each schema carries an `id` in `answerRegistry`: it becomes `#/components/schemas/{id}`.
 */
import { z } from "zod";
import { RULE_LABELS } from "./scoring.js";
import {
  ACCOUNTABILITY_MEASURES,
  ACTIONS,
  EVENT_LABELS,
  MODES,
  SOURCES,
  STATUSES,
  URGENCIES,
} from "./types.js";
import { EDITABLE_ITEM_FIELDS } from "./validation.js";
import type { ItemView } from "./view.js";

/** The schemas that become components of the OpenAPI document, by id. */
export const answerRegistry = z.registry<{ id: string; description?: string }>();

const named = <S extends z.ZodType>(id: string, description: string, schema: S): S => {
  answerRegistry.add(schema, { id, description });
  return schema;
};

const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: "日期 YYYY-MM-DD（中国标准时间）" });
const instant = z.string().meta({ description: "ISO 8601 时刻（UTC）" });
const nullable = <S extends z.ZodType>(s: S) => s.nullable();

export const reportFormAnswer = named(
  "ReportForm",
  "报告单（附件2）",
  z.object({
    completedFrom: date,
    completedTo: date,
    summary: z.string(),
    leadOpinion: z.string(),
    assistOpinion: z.string().optional(),
    /** When the report was filed (absent on reports filed before it was recorded). */
    reportedAt: instant.optional(),
  }),
);

/** The stored item (DESIGN §2 item JSON), before the derived fields. */
const itemShape = {
  id: z.string(),
  source: z.enum(SOURCES),
  content: z.string(),
  requirements: z.string(),
  supervisedDept: z.string(),
  leadDept: z.string(),
  assistDepts: z.array(z.string()),
  owner: z.string(),
  leader: z.string(),
  mode: z.enum(MODES),
  urgency: z.enum(URGENCIES),
  deadline: nullable(date),
  effectiveDeadline: nullable(date),
  deadlineKind: z.enum(["original", "extension", "rectification"]),
  status: z.enum(STATUSES),
  noticeNumber: z.string().nullable(),
  noticeYear: z.number().int().nullable(),
  noticeSeq: z.number().int().nullable(),
  issueDate: nullable(date),
  latestProgress: z.string().nullable(),
  report: reportFormAnswer.nullable(),
  closeOpinion: z.string().nullable(),
  registeredDate: nullable(date),
  closedDate: nullable(date),
  falseReport: z
    .object({
      reason: z.string(),
      at: instant,
      by: z.string(),
      seriousConsequence: z.boolean().optional(),
      consequence: z.string().nullable().optional(),
      reportYear: z.number().int().nullable().optional(),
    })
    .nullable(),
  // DESIGN §4 fields: absent on items written before them.
  proposal: z.string().optional(),
  leaderId: z.string().nullable().optional(),
  supervisionGroup: z.array(z.string()).optional(),
  acknowledgements: z.array(z.object({ deptId: z.string(), by: z.string(), at: instant })).optional(),
  assistOpinions: z
    .array(z.object({ deptId: z.string(), opinion: z.string(), by: z.string(), at: instant }))
    .optional(),
  siteVisits: z
    .array(
      z.object({
        date,
        place: z.string(),
        participants: z.string(),
        findings: z.string(),
        followUp: z.string().nullable(),
        by: z.string(),
        at: instant,
      }),
    )
    .optional(),
  archiveNumber: z.string().nullable().optional(),
  /** 申请延期/调整 pending the leader's decision. */
  adjustmentRequest: z
    .object({
      reason: z.string(),
      measures: z.string(),
      proposedDeadline: nullable(date),
      proposedContent: z.string().nullable(),
      proposedRequirements: z.string().nullable(),
      by: z.string(),
      at: instant,
    })
    .nullable()
    .optional(),
  adjustedAt: instant.nullable().optional(),
  voidedNotices: z.array(z.string()).nullable().optional(),
  createdAt: instant,
  createdBy: z.string(),
  updatedAt: instant,
  version: z.number().int(),
};

/** An item as a caller sees it: the stored fold plus 亮灯, 超期 and what the caller may do (domain/view.ts). */
export const itemViewAnswer = named(
  "ItemView",
  "督办事项（含亮灯、超期天数、调用者可执行的操作与 ETag）",
  z.object({
    ...itemShape,
    light: z.enum(["red", "yellow", "green", "grey"]),
    overdueDays: z.number().int().min(0),
    overdue: z.boolean(),
    allowedActions: z.array(z.enum(ACTIONS)),
    editableFields: z.array(z.enum(EDITABLE_ITEM_FIELDS as [string, ...string[]])),
    etag: z.string(),
  }),
);

const pageOf = <S extends z.ZodType>(id: string, description: string, item: S) =>
  named(
    id,
    description,
    z.object({
      items: z.array(item),
      continuationToken: z.string().nullable().meta({ description: "下一页的令牌；null 表示没有更多" }),
    }),
  );

export const itemPageAnswer = pageOf("ItemPage", "一页督办事项", itemViewAnswer);

export const itemEventAnswer = named(
  "ItemEvent",
  "事项历史中的一条（不可修改）",
  z.object({
    itemId: z.string(),
    seq: z.number().int().min(1),
    kind: z.enum(Object.keys(EVENT_LABELS) as [string, ...string[]]),
    at: instant,
    actor: z.string(),
    actorId: z.string(),
    payload: z.record(z.string(), z.unknown()),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  }),
);
export const itemEventPageAnswer = pageOf("ItemEventPage", "一页事项历史（从早到晚）", itemEventAnswer);

export const noticeAnswer = named(
  "Notice",
  "通知单",
  z.object({
    year: z.number().int(),
    seq: z.number().int().min(1),
    number: z.string(),
    itemIds: z.array(z.string()),
    leadDept: z.string(),
    issueDate: date,
    voided: z.boolean(),
    voidedAt: instant.nullable(),
    voidReason: z.string().nullable(),
    createdAt: instant,
    createdBy: z.string(),
  }),
);
export const noticePageAnswer = pageOf("NoticePage", "一页通知单（按编号）", noticeAnswer);
export const noticeWithItemsAnswer = named(
  "NoticeWithItems",
  "通知单及其事项的最新状态（下发、作废的应答）",
  noticeAnswer.extend({ items: z.array(itemViewAnswer) }),
);

/** 问责 (七、(一)): an immutable record; a revocation is recorded beside it. */
export const accountabilityAnswer = named(
  "AccountabilityRecord",
  "问责记录（不可修改；撤销时记录撤销信息）",
  z.object({
    id: z.string(),
    itemIds: z.array(z.string()),
    deptId: z.string(),
    person: z.string(),
    measure: z.enum(ACCOUNTABILITY_MEASURES),
    reason: z.string(),
    month: z.string().regex(/^\d{4}-\d{2}$/),
    createdAt: instant,
    createdBy: z.string(),
    revoked: z.boolean(),
    revokedAt: instant.nullable(),
    revokedBy: z.string().nullable(),
    revokeReason: z.string().nullable(),
  }),
);
export const accountabilityPageAnswer = pageOf("AccountabilityPage", "一页问责记录", accountabilityAnswer);

export const assessmentAnswer = named(
  "Assessment",
  "月度考核：各部门汇总与逐条扣分",
  z.object({
    month: z.string().regex(/^\d{4}-\d{2}$/),
    finalized: z.boolean(),
    finalizedAt: instant.nullable(),
    finalizedBy: z.string().nullable(),
    rulesVersion: z.number().int().min(0),
    computedAt: instant.optional(),
    complete: z.boolean().meta({ description: "该月是否已结束（未结束时为预览）" }),
    departments: z.array(
      z.object({
        deptId: z.string(),
        name: z.string(),
        handled: z.number().int(),
        closedOnTime: z.number().int(),
        overdue: z.number().int(),
        rawPoints: z.number(),
        deduction: z.number(),
        capped: z.boolean(),
        awardEligible: z.boolean(),
        falseReports: z.array(z.object({ itemId: z.string(), reason: z.string(), at: instant })),
        /** 问责 records taking away 评优评先 for the year, in force at the month's end. */
        awardLosses: z.array(z.object({ recordId: z.string(), reason: z.string(), at: instant })).optional(),
      }),
    ),
    lines: z.array(
      z.object({
        deptId: z.string(),
        itemId: z.string(),
        noticeNumber: z.string().nullable(),
        content: z.string(),
        rule: z.enum(Object.keys(RULE_LABELS) as [string, ...string[]]),
        points: z.number(),
        reason: z.string(),
        share: z.boolean().optional(),
        /** The item's 责任人 and 分管领导 (七、(一)). */
        owner: z.string().optional(),
        leader: z.string().optional(),
      }),
    ),
    /** The month's 问责 records (revoked ones marked). */
    accountability: z.array(accountabilityAnswer).optional(),
  }),
);

const bulletinItem = z.object({
  itemId: z.string(),
  noticeNumber: z.string().nullable(),
  content: z.string(),
  leadDept: z.string(),
  urgency: z.enum(URGENCIES),
  status: z.enum(STATUSES),
  effectiveDeadline: nullable(date),
  overdueDays: z.number().int(),
  rectification: z.boolean(),
  latestProgress: z.string().nullable(),
  requirements: z.string(),
  mode: z.enum(MODES),
  supervisionGroup: z.array(z.string()),
});

export const bulletinAnswer = named(
  "Bulletin",
  "督办通报数据（期间或年度）",
  z.object({
    from: date,
    to: date,
    year: z.number().int().nullable(),
    /** 随时通报 (?itemIds=): the chosen items; null for a period or a year. */
    itemIds: z.array(z.string()).nullable(),
    totals: z.object({
      total: z.number().int(),
      ...Object.fromEntries(STATUSES.map((s) => [s, z.number().int()])),
    }),
    departments: z.array(
      z.object({
        deptId: z.string(),
        name: z.string(),
        handled: z.number().int(),
        closed: z.number().int(),
        closedOnTime: z.number().int(),
        closedLate: z.number().int(),
        overdue: z.number().int(),
        onTimeRate: z.number().nullable(),
      }),
    ),
    onTimeRate: z.number().nullable(),
    overdueItems: z.array(bulletinItem),
    criticized: z.array(bulletinItem),
    urgentItems: z.array(bulletinItem),
    falseReports: z.array(
      z.object({
        deptId: z.string(),
        itemId: z.string(),
        content: z.string(),
        reason: z.string(),
        at: instant,
        seriousConsequence: z.boolean(),
      }),
    ),
    /** 现场督办 held in the period (四、(三)). */
    siteVisits: z.array(
      z.object({
        itemId: z.string(),
        noticeNumber: z.string().nullable(),
        content: z.string(),
        leadDept: z.string(),
        date,
        place: z.string(),
        participants: z.string(),
        findings: z.string(),
        followUp: z.string().nullable(),
      }),
    ),
    /** 问责 records made in the period, revoked ones marked. */
    accountability: z.array(accountabilityAnswer.extend({ measureLabel: z.string() })),
    /** Year-end only (?year=): each department's 评优评先 eligibility, with the reasons it was lost. */
    awardEligibility: z
      .array(
        z.object({
          deptId: z.string(),
          name: z.string(),
          eligible: z.boolean(),
          reasons: z.array(z.string()),
        }),
      )
      .optional(),
  }),
);

export const departmentsAnswer = named(
  "Departments",
  "部门列表",
  z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      head: z.string(),
      email: z.string().optional(),
      ccEmails: z.array(z.string()).optional(),
    }),
  ),
);

export const settingsAnswer = named(
  "Settings",
  "系统设置",
  z.object({
    companyName: z.string(),
    numberPrefix: z.string(),
    yellowLightDays: z.number().int(),
    remindBeforeDays: z.number().int(),
    remindOnWorkingDaysOnly: z.boolean(),
    archivePrefix: z.string().optional(),
  }),
);

export const rulesVersionAnswer = named(
  "RulesVersion",
  "考核规则的一个版本（版本 0 为默认规则）",
  z.object({
    version: z.number().int().min(0),
    createdAt: instant,
    createdBy: z.string(),
    r1Tiers: z.array(z.object({ maxDays: z.number().int().nullable(), points: z.number() })),
    urgencyFactors: z.object({ normal: z.number(), urgent: z.number(), critical: z.number() }),
    r2Points: z.number(),
    r3Points: z.number(),
    r4Points: z.number(),
    assistShare: z.number(),
    monthlyCap: z.number(),
  }),
);

const calendar = z.object({
  source: z.enum(["chinese-days", "office", "weekdays"]),
  lastYear: z.number().int(),
  covered: z.boolean(),
  note: z.string(),
});

export const healthAnswer = named(
  "Health",
  "健康检查",
  z.object({
    status: z.enum(["ok", "degraded"]),
    storage: z.object({
      reachable: z.boolean(),
      latencyMs: z.number(),
      checkedAt: instant,
      error: z.string().optional(),
    }),
    time: instant,
    devMode: z.boolean(),
    version: z.string(),
    calendar,
  }),
);

export const meAnswer = named(
  "Me",
  "当前用户",
  z.object({
    id: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    departments: z.array(z.string()),
    devMode: z.boolean(),
  }),
);

export const reminderAnswer = named(
  "Reminder",
  "一份催办提醒（某日、某部门、某类）",
  z.object({
    date,
    deptId: z.string(),
    deptName: z.string(),
    kind: z.enum(["due_soon", "overdue"]),
    itemIds: z.array(z.string()),
    itemCount: z.number().int(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    state: z.enum(["pending", "sent", "failed", "not_configured"]),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    sentAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
  }),
);

export const reminderListAnswer = named(
  "ReminderList",
  "某日的催办发件箱",
  z.object({
    date,
    transport: z.string().nullable(),
    calendar,
    items: z.array(reminderAnswer),
    continuationToken: z.null(),
  }),
);

export const openApiDocumentAnswer = named(
  "OpenApiDocument",
  "OpenAPI 3.1 文档（即本文档）",
  z
    .object({
      openapi: z.string().regex(/^3\.1\.\d+$/),
      info: z.object({ title: z.string(), version: z.string() }).catchall(z.unknown()),
      paths: z.record(z.string(), z.unknown()),
    })
    .catchall(z.unknown()),
);

/** RFC 9457 problem details, as every error answers (http/problem.ts). */
export const problemAnswer = named(
  "Problem",
  "错误（application/problem+json，RFC 9457），信息为中文",
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int().min(400).max(599),
      detail: z.string(),
      code: z.string(),
      instance: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
      allowedActions: z.array(z.string()).optional(),
    })
    // Some refusals carry what the client needs to recover (e.g. the notice a reused Idempotency-Key produced).
    .catchall(z.unknown()),
);

// Every field of an item view is described (checked at compile time): a field added to Item or ItemView without
// its line in itemShape fails `tsc` here, naming the field.
type UndescribedItemFields = Exclude<keyof ItemView, keyof z.output<typeof itemViewAnswer>>;
const _everyItemFieldDescribed: [UndescribedItemFields] extends [never] ? true : UndescribedItemFields = true;
void _everyItemFieldDescribed;

export const calendarYearAnswer = named(
  "CalendarYear",
  "一年的法定节假日与调休上班日（chinese-days 内置，或督办办公室录入，或尚无：按周一至周五）",
  z.object({
    year: z.number().int(),
    source: z.enum(["chinese-days", "office", "weekdays"]),
    editable: z.boolean(),
    holidays: z.array(z.object({ date: z.string(), name: z.string() })),
    workdays: z.array(z.string()),
    updatedAt: z.string().optional(),
    updatedBy: z.string().optional(),
  }),
);
