// The form of each lifecycle action (DESIGN §2 payloads): its fields, starting values and confirmations. Pure and
// free of zod, so the pane's first load does not carry the schemas; actionForms.ts validates with them.
import { cstDate } from "../../../../functions/src/domain/dates";
import type { Action } from "../../../../functions/src/domain/types";
import { FIELD_LABELS } from "../../../../functions/src/domain/fieldLabels";
import type { ApiItem, FieldError } from "../../api/client";

export interface FormField {
  name: string;
  label: string;
  /** choice: a yes/no question, sent as a boolean. */
  kind: "text" | "date" | "choice";
  required: boolean;
  hint?: string;
  /** Shown only while another field has this value (严重失实: 造成的后果 only when 是). */
  when?: { field: string; value: string };
}

const field = (
  name: string,
  kind: FormField["kind"],
  required: boolean,
  hint?: string,
  extra: Partial<FormField> = {},
): FormField => ({
  name,
  label: FIELD_LABELS[name] ?? name,
  kind,
  required,
  ...(hint ? { hint } : {}),
  ...extra,
});

/** The two answers of a choice field, as the form holds them. */
export const CHOICE_LABELS: Record<string, string> = { yes: "是", no: "否" };

export const ACTION_FORMS: Record<Action, readonly FormField[]> = {
  approve: [field("comment", "text", false)],
  reject: [field("reason", "text", true)],
  acknowledge: [],
  urge: [field("note", "text", false, "催办内容，如督促限期办理的要求")],
  progress: [field("note", "text", true, "当前办理进展")],
  // 附件2 承办（协办）部门意见: an assisting department's own opinion.
  assist_opinion: [field("opinion", "text", true, "本部门对该事项的承办（协办）意见")],
  // 四、(三) 现场督办.
  site_visit: [
    field("date", "date", true, "现场督办的日期"),
    field("place", "text", true),
    field("participants", "text", true, "督办组成员及被督办部门参加人员"),
    field("findings", "text", true, "现场察看、听取汇报的情况和发现的问题"),
    field("followUp", "text", false, "整改或后续办理要求"),
  ],
  // 三、(三) 调整: a new deadline, a changed content or requirement, or several of them.
  request_extension: [
    field("reason", "text", true, "未能按期完成或发生重大变化的原因"),
    field("measures", "text", true),
    field("proposedDeadline", "date", false, "需要延期时填写"),
    field("proposedContent", "text", false, "需要调整督办事项内容时填写调整后的全文"),
    field("proposedRequirements", "text", false, "需要调整督办要求时填写调整后的全文"),
  ],
  // The leader approves what it approves: a field left blank stays as it is.
  approve_extension: [
    field("deadline", "date", false, "同意延期后的完成时限；不延期则留空"),
    field("content", "text", false, "同意调整后的督办事项内容；不调整则留空"),
    field("requirements", "text", false, "同意调整后的督办要求；不调整则留空"),
    field("comment", "text", false),
  ],
  reject_extension: [field("comment", "text", true)],
  report: [
    field("completedFrom", "date", true),
    field("completedTo", "date", true),
    field("summary", "text", true),
    field("leadOpinion", "text", true, "本部门（牵头部门）的意见；协办部门各自填写「协办部门意见」"),
  ],
  close: [field("opinion", "text", true, "办结意见")],
  return: [field("opinion", "text", true, "整改要求"), field("deadline", "date", true, "整改完成时限")],
  cancel: [field("reason", "text", true, "撤销理由（决策撤回或调整）")],
  // 七、(二) 严重失实，且造成较大后果: both questions are asked.
  flag_false_report: [
    field("reason", "text", true, "认定上报内容严重失实的理由"),
    field("seriousConsequence", "choice", true, "造成较大后果的，牵头部门失去报告所属年度的评优评先资格"),
    field("consequence", "text", true, "造成了什么后果", {
      when: { field: "seriousConsequence", value: "yes" },
    }),
  ],
};

/** Whether a field is shown with these values (a field with `when` only while its condition holds). */
export const isShown = (f: FormField, values: FormValues) => !f.when || values[f.when.field] === f.when.value;

/** What the confirm button of each form says. */
export const CONFIRM_TEXT: Partial<Record<Action, string>> = {
  acknowledge: "确定签收该事项？牵头部门签收后开始办理；协办部门签收记录本部门已收到通知单。",
  cancel: "撤销后事项不再办理，此操作不可恢复。",
  reject: "不予立项后事项将被撤销。",
  flag_false_report:
    "认定为严重失实且造成较大后果的，牵头部门失去报告所属年度（工作年度）的评优评先资格；未造成较大后果的不影响评优评先。",
};

/** Actions that can be applied to several selected rows at once: no payload is needed. */
export const BULK_ACTIONS: readonly Action[] = ["approve", "acknowledge", "urge"];

export type FormValues = Record<string, string>;
/** Error message per field name; "" holds a message about the form as a whole. */
export type FormErrors = Record<string, string>;

/**
 * Starting values: the 报告单 proposes the notice's issue date and today as the completion period; 同意延期 starts
 * from what the department proposed (the leader clears what it does not approve); 现场督办 from today.
 */
export function initialValues(
  action: Action,
  item: Pick<ApiItem, "issueDate"> & Partial<Pick<ApiItem, "adjustmentRequest">>,
  now: Date = new Date(),
): FormValues {
  const values: FormValues = {};
  for (const f of ACTION_FORMS[action]) values[f.name] = "";
  if (action === "report") {
    values.completedFrom = item.issueDate ?? "";
    values.completedTo = cstDate(now);
  }
  if (action === "site_visit") values.date = cstDate(now);
  if (action === "approve_extension" && item.adjustmentRequest) {
    values.deadline = item.adjustmentRequest.proposedDeadline ?? "";
    values.content = item.adjustmentRequest.proposedContent ?? "";
    values.requirements = item.adjustmentRequest.proposedRequirements ?? "";
  }
  return values;
}

/** Field errors (from the domain or the server's 400) keyed by the form field they concern. */
export function formErrors(errors: readonly FieldError[]): FormErrors {
  const out: FormErrors = {};
  for (const e of errors) {
    const key = e.path.split(".")[0] ?? "";
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}
