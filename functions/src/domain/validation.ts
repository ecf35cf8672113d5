/**
 * Input schemas (zod) for items, every action payload and the reference data, with Chinese messages that
 * name the field. `validate` never throws: it returns either the parsed value or the per-field errors.
 */
import { z } from "zod";
import { BUSINESS_YEARS, isBusinessYear, isValidDate, isValidMonth } from "./dates.js";
import { FIELD_LABELS } from "./fieldLabels.js";
import { ACCOUNTABILITY_MEASURES, MODES, SOURCES, URGENCIES } from "./types.js";

/** Chinese names of every input field, used in error messages. */
export { FIELD_LABELS };

export interface FieldError {
  path: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function labelOf(path: PropertyKey[]): string {
  const names = path.filter((p): p is string => typeof p === "string");
  const last = names[names.length - 1];
  if (last === undefined) return FIELD_LABELS.body!;
  const label = FIELD_LABELS[last] ?? last;
  const index = path.find((p) => typeof p === "number");
  return typeof index === "number" ? `${label}第${index + 1}项` : label;
}

const TYPE_NAMES: Record<string, string> = {
  string: "文本",
  number: "数字",
  int: "整数",
  boolean: "是/否",
  array: "列表",
  object: "对象",
};

function messageOf(issue: z.core.$ZodIssue): string {
  const label = labelOf(issue.path);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `${label}为必填项`;
      if (issue.input === null) return `${label}不能为空`;
      return `${label}应为${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "too_small":
      if (issue.origin === "string")
        return Number(issue.minimum) <= 1 ? `${label}不能为空` : `${label}至少 ${issue.minimum} 个字`;
      if (issue.origin === "array") return `${label}至少需要 ${issue.minimum} 项`;
      return `${label}不能小于 ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `${label}不能超过 ${issue.maximum} 个字`;
      if (issue.origin === "array") return `${label}不能超过 ${issue.maximum} 项`;
      return `${label}不能大于 ${issue.maximum}`;
    case "invalid_value":
      if (issue.input === undefined) return `${label}为必填项`;
      return `${label}只能是：${issue.values.map(String).join("、")}`;
    case "unrecognized_keys":
      return `${label}包含不认识的字段：${issue.keys.join("、")}`;
    case "invalid_format":
      // An empty answer to a field with a format (a department not chosen) is a missing answer, not a bad one.
      if (issue.input === "") return `${label}不能为空`;
      // The schema's own Chinese explanation (应为部门编号…, 不是有效的邮箱地址) says more than 格式不正确.
      if (/[\u4e00-\u9fff]/.test(issue.message))
        return issue.message.startsWith(label) ? issue.message : `${label}${issue.message}`;
      return `${label}格式不正确`;
    case "custom":
      return issue.message.startsWith(label) ? issue.message : `${label}${issue.message}`;
    default:
      return `${label}不正确`;
  }
}

function pathOf(issue: z.core.$ZodIssue): string {
  const base = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") return base ? `${base}.${issue.keys[0]}` : (issue.keys[0] ?? "");
  return base;
}

export function validate<S extends z.ZodType>(schema: S, input: unknown): Validated<z.output<S>> {
  // reportInput: messageOf tells a missing field (input undefined) from a wrong one; without it zod 4 leaves
  // `input` out of every issue and `{content: 42}` was reported as "督办事项内容为必填项".
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  // One error per unknown field, so that every field is named in `path` (DESIGN §2: 400 names every field).
  const issues = result.error.issues.flatMap((i): z.core.$ZodIssue[] =>
    i.code === "unrecognized_keys" ? i.keys.map((key) => ({ ...i, keys: [key] })) : [i],
  );
  return { ok: false, errors: issues.map((i) => ({ path: pathOf(i), message: messageOf(i) })) };
}

// Lone surrogates and control characters (other than tab and newlines) cannot be stored or printed faithfully.
const BAD_CHARS =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Free text with a length limit (in characters); never trimmed away silently beyond outer whitespace. */
export const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !BAD_CHARS.test(s), { message: "包含无法保存的控制字符" });

export const requiredText = (max: number) => text(max, 1);

const YEARS_MESSAGE = `年份应在 ${BUSINESS_YEARS.min}–${BUSINESS_YEARS.max} 之间`;
export const dateString = z
  .string()
  .refine(isValidDate, { message: "应为有效日期，格式 YYYY-MM-DD" })
  .refine((s) => !isValidDate(s) || isBusinessYear(s), { message: YEARS_MESSAGE });
export const monthString = z
  .string()
  .refine(isValidMonth, { message: "应为有效月份，格式 YYYY-MM" })
  .refine((s) => !isValidMonth(s) || isBusinessYear(s), { message: YEARS_MESSAGE });
/** A four-digit year within BUSINESS_YEARS, as a query parameter. */
export const yearString = z
  .string()
  .regex(/^\d{4}$/, { message: "应为四位年份" })
  .refine((s) => !/^\d{4}$/.test(s) || isBusinessYear(s), { message: YEARS_MESSAGE });
export const deptId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "应为部门编号（字母、数字、- 或 _，至多 64 个字符）" });
/** Item ids are generated by the server: letters, digits, - and _. */
export const itemId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, { message: "不是有效的事项编号" });

const itemFields = {
  source: z.enum(SOURCES),
  content: requiredText(2000),
  requirements: text(4000),
  supervisedDept: text(100),
  leadDept: deptId,
  assistDepts: z.array(deptId).max(30),
  owner: text(50),
  leader: text(50),
  mode: z.enum(MODES),
  urgency: z.enum(URGENCIES),
  deadline: dateString.nullable(),
  proposal: text(2000),
  leaderId: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, { message: "应为领导的登录账号（至多 128 个可见字符）" })
    .nullable(),
  supervisionGroup: z.array(requiredText(50)).max(20),
};

function itemRules(
  v: { leadDept?: string; assistDepts?: string[]; supervisionGroup?: string[] },
  ctx: z.RefinementCtx,
) {
  const assist = v.assistDepts ?? [];
  if (new Set(assist).size !== assist.length)
    ctx.addIssue({ code: "custom", path: ["assistDepts"], message: "协办部门不能重复" });
  if (v.leadDept && assist.includes(v.leadDept))
    ctx.addIssue({ code: "custom", path: ["assistDepts"], message: "协办部门不能包含牵头部门" });
  const group = v.supervisionGroup ?? [];
  if (new Set(group).size !== group.length)
    ctx.addIssue({ code: "custom", path: ["supervisionGroup"], message: "督办组成员不能重复" });
}

export const createItemSchema = z
  .strictObject({
    source: itemFields.source,
    content: itemFields.content,
    requirements: itemFields.requirements.default(""),
    supervisedDept: itemFields.supervisedDept.default(""),
    leadDept: itemFields.leadDept,
    assistDepts: itemFields.assistDepts.default([]),
    owner: itemFields.owner.default(""),
    leader: itemFields.leader.default(""),
    mode: itemFields.mode.default("tracking"),
    urgency: itemFields.urgency.default("normal"),
    deadline: itemFields.deadline.default(null),
    proposal: itemFields.proposal.default(""),
    leaderId: itemFields.leaderId.default(null),
    supervisionGroup: itemFields.supervisionGroup.default([]),
  })
  .superRefine((v, ctx) => {
    itemRules(v, ctx);
    if (v.mode === "joint" && v.assistDepts.length === 0)
      // Starts with the field's label, so messageOf does not prefix it into "协办部门联合督办须…".
      ctx.addIssue({
        code: "custom",
        path: ["assistDepts"],
        message: "协办部门不能为空（联合督办须至少指定一个协办部门）",
      });
    if (v.mode === "joint" && v.supervisionGroup.length === 0)
      ctx.addIssue({
        code: "custom",
        path: ["supervisionGroup"],
        message: "督办组不能为空（联合督办须写明督办组成员）",
      });
  });
export type CreateItemInput = z.output<typeof createItemSchema>;

export const EDITABLE_ITEM_FIELDS = Object.keys(itemFields) as (keyof typeof itemFields)[];
export type EditableField = (typeof EDITABLE_ITEM_FIELDS)[number];

export const editItemSchema = z
  .strictObject({
    source: itemFields.source.optional(),
    content: itemFields.content.optional(),
    requirements: itemFields.requirements.optional(),
    supervisedDept: itemFields.supervisedDept.optional(),
    leadDept: itemFields.leadDept.optional(),
    assistDepts: itemFields.assistDepts.optional(),
    owner: itemFields.owner.optional(),
    leader: itemFields.leader.optional(),
    mode: itemFields.mode.optional(),
    urgency: itemFields.urgency.optional(),
    deadline: itemFields.deadline.optional(),
    proposal: itemFields.proposal.optional(),
    leaderId: itemFields.leaderId.optional(),
    supervisionGroup: itemFields.supervisionGroup.optional(),
  })
  .superRefine((v, ctx) => itemRules(v, ctx))
  // Only when nothing else is wrong: unknown fields alone must not also read as "nothing to change".
  .refine((v) => Object.keys(v).length > 0, {
    message: "没有要修改的字段",
    path: [],
    when: (payload) => payload.issues.length === 0,
  });
export type EditItemInput = z.output<typeof editItemSchema>;

/** Payload schemas of the lifecycle actions (DESIGN §2). */
export const actionSchemas = {
  approve: z.strictObject({ comment: text(1000).optional() }),
  reject: z.strictObject({ reason: requiredText(1000) }),
  acknowledge: z.strictObject({}),
  urge: z.strictObject({ note: text(1000).optional() }),
  progress: z.strictObject({ note: requiredText(4000) }),
  assist_opinion: z.strictObject({ opinion: requiredText(2000) }),
  site_visit: z.strictObject({
    date: dateString,
    place: requiredText(200),
    participants: requiredText(500),
    findings: requiredText(4000),
    followUp: text(2000).optional(),
  }),
  // 三、(三) 调整: a new deadline, a changed content or requirement, or several of them.
  request_extension: z
    .strictObject({
      reason: requiredText(2000),
      measures: requiredText(2000),
      proposedDeadline: dateString.optional(),
      proposedContent: requiredText(2000).optional(),
      proposedRequirements: text(4000).optional(),
    })
    .refine(
      (v) =>
        v.proposedDeadline !== undefined ||
        v.proposedContent !== undefined ||
        v.proposedRequirements !== undefined,
      {
        path: ["proposedDeadline"],
        message: "建议完成时限、建议调整后的督办事项内容、建议调整后的督办要求至少须提出一项",
        when: (payload) => payload.issues.length === 0,
      },
    ),
  approve_extension: z
    .strictObject({
      deadline: dateString.optional(),
      content: requiredText(2000).optional(),
      requirements: text(4000).optional(),
      comment: text(1000).optional(),
    })
    .refine((v) => v.deadline !== undefined || v.content !== undefined || v.requirements !== undefined, {
      path: ["deadline"],
      message: "完成时限、督办事项内容、督办要求至少须同意调整一项",
      when: (payload) => payload.issues.length === 0,
    }),
  reject_extension: z.strictObject({ comment: requiredText(1000) }),
  report: z
    .strictObject({
      completedFrom: dateString,
      completedTo: dateString,
      summary: requiredText(4000),
      leadOpinion: requiredText(2000),
      assistOpinion: text(2000).optional(),
    })
    .superRefine((v, ctx) => {
      if (isValidDate(v.completedFrom) && isValidDate(v.completedTo) && v.completedTo < v.completedFrom)
        ctx.addIssue({ code: "custom", path: ["completedTo"], message: "不能早于完成时间（起）" });
    }),
  close: z.strictObject({ opinion: requiredText(2000) }),
  return: z.strictObject({ opinion: requiredText(2000), deadline: dateString }),
  cancel: z.strictObject({ reason: requiredText(1000) }),
  flag_false_report: z
    .strictObject({
      reason: requiredText(1000),
      seriousConsequence: z.boolean(),
      consequence: text(1000).optional(),
    })
    .refine((v) => !v.seriousConsequence || !!v.consequence, {
      path: ["consequence"],
      message: "造成的后果须写明（认定造成较大后果时）",
      when: (payload) => payload.issues.length === 0,
    }),
} as const;

export type ActionPayloads = { [A in keyof typeof actionSchemas]: z.output<(typeof actionSchemas)[A]> };

export const issueNoticeSchema = z
  .strictObject({
    itemIds: z.array(itemId).min(1).max(50),
    issueDate: dateString.optional(),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.itemIds).size !== v.itemIds.length)
      ctx.addIssue({ code: "custom", path: ["itemIds"], message: "不能重复" });
  });

export const voidNoticeSchema = z.strictObject({ reason: requiredText(1000) });

/** POST /api/accountability (七、(一) 问责). */
export const accountabilitySchema = z
  .strictObject({
    itemIds: z.array(itemId).min(1).max(50),
    deptId,
    person: requiredText(100),
    measure: z.enum(ACCOUNTABILITY_MEASURES),
    reason: requiredText(2000),
    month: monthString.optional(),
  })
  .superRefine((v, ctx) => {
    if (new Set(v.itemIds).size !== v.itemIds.length)
      ctx.addIssue({ code: "custom", path: ["itemIds"], message: "不能重复" });
  });

export const revokeSchema = z.strictObject({ reason: requiredText(1000) });

/** A mail address as mail systems accept it (one @, no spaces or angle brackets), at most 254 characters. */
export const emailAddress = z
  .string({ message: "应为邮箱地址" })
  .trim()
  .max(254, { message: "不能超过 254 个字符" })
  .regex(/^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/, { message: "不是有效的邮箱地址" });

export const departmentsSchema = z
  .array(
    z.strictObject({
      id: deptId,
      name: requiredText(50),
      head: text(50).default(""),
      // An empty address is the same as none.
      email: z
        .union([z.literal(""), emailAddress])
        .optional()
        .transform((v) => (v ? v : undefined)),
      ccEmails: z.array(emailAddress).max(20, { message: "抄送最多 20 个地址" }).optional(),
    }),
  )
  .max(200)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (seen.has(d.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `重复：${d.id}` });
      seen.add(d.id);
    });
  });

export const settingsSchema = z.strictObject({
  companyName: requiredText(100),
  numberPrefix: requiredText(20).refine((s) => !/[〔〕[\]［］\s\d]/.test(s), {
    message: "不能包含括号、空白或数字",
  }),
  yellowLightDays: z.number().int().min(0).max(30),
  remindBeforeDays: z.number().int().min(0).max(30).default(3),
  remindOnWorkingDaysOnly: z.boolean().default(true),
  archivePrefix: requiredText(10)
    .refine((s) => !/[〔〕[\]［］\s\d]/.test(s), { message: "不能包含括号、空白或数字" })
    .default("督报"),
});

export const itemListQuerySchema = z.strictObject({
  year: yearString.optional(),
  status: z
    .enum([
      "draft",
      "registered",
      "notified",
      "in_progress",
      "extension_requested",
      "reported",
      "closed",
      "cancelled",
    ])
    .optional(),
  dept: deptId.optional(),
  overdue: z.enum(["true", "false"]).optional(),
  awaiting: z.enum(["me"]).optional(),
  continuationToken: z.string().max(2000).optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, { message: "应为 1–1000 的整数" })
    .optional(),
});

export const monthParam = monthString;

/** PUT /api/calendar/{year}: the year's 法定节假日 (each with its name) and 调休 working weekends. */
export const calendarYearSchema = z
  .object({
    holidays: z.array(z.object({ date: dateString, name: requiredText(20) }).strict()).max(80),
    workdays: z.array(dateString).max(30),
  })
  .strict();
