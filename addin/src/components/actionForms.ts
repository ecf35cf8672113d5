// The form of each lifecycle action (DESIGN §2 payloads), validated with the domain's own schemas so the pane
// shows the server's Chinese messages before anything is sent. Pure.
import { cstDate } from "../../../functions/src/domain/dates";
import type { Action } from "../../../functions/src/domain/types";
import { actionSchemas, FIELD_LABELS, validate } from "../../../functions/src/domain/validation";
import type { ApiItem, FieldError } from "../api/client";

export interface FormField {
  name: string;
  label: string;
  kind: "text" | "date";
  required: boolean;
  hint?: string;
}

const field = (name: string, kind: FormField["kind"], required: boolean, hint?: string): FormField => ({
  name,
  label: FIELD_LABELS[name] ?? name,
  kind,
  required,
  ...(hint ? { hint } : {}),
});

export const ACTION_FORMS: Record<Action, readonly FormField[]> = {
  approve: [field("comment", "text", false)],
  reject: [field("reason", "text", true)],
  acknowledge: [],
  urge: [field("note", "text", false, "催办内容，如督促限期办理的要求")],
  progress: [field("note", "text", true, "当前办理进展")],
  request_extension: [
    field("reason", "text", true, "未能按期完成或发生重大变化的原因"),
    field("measures", "text", true),
    field("proposedDeadline", "date", false),
  ],
  approve_extension: [
    field("deadline", "date", true, "同意延期后的完成时限"),
    field("comment", "text", false),
  ],
  reject_extension: [field("comment", "text", true)],
  report: [
    field("completedFrom", "date", true),
    field("completedTo", "date", true),
    field("summary", "text", true),
    field("leadOpinion", "text", true),
    field("assistOpinion", "text", false),
  ],
  close: [field("opinion", "text", true, "办结意见")],
  return: [field("opinion", "text", true, "整改要求"), field("deadline", "date", true, "整改完成时限")],
  cancel: [field("reason", "text", true, "撤销理由（决策撤回或调整）")],
  flag_false_report: [field("reason", "text", true, "认定上报内容严重失实的理由")],
};

/** What the confirm button of each form says. */
export const CONFIRM_TEXT: Partial<Record<Action, string>> = {
  acknowledge: "确定签收该事项，开始办理？",
  cancel: "撤销后事项不再办理，此操作不可恢复。",
  reject: "不予立项后事项将被撤销。",
  flag_false_report: "认定后，牵头部门将失去本年度评优评先资格。",
};

/** Actions that can be applied to several selected rows at once: no payload is needed. */
export const BULK_ACTIONS: readonly Action[] = ["approve", "acknowledge", "urge"];

export type FormValues = Record<string, string>;
/** Error message per field name; "" holds a message about the form as a whole. */
export type FormErrors = Record<string, string>;

/** Starting values: the 报告单 proposes the notice's issue date and today as the completion period. */
export function initialValues(
  action: Action,
  item: Pick<ApiItem, "issueDate">,
  now: Date = new Date(),
): FormValues {
  const values: FormValues = {};
  for (const f of ACTION_FORMS[action]) values[f.name] = "";
  if (action === "report") {
    values.completedFrom = item.issueDate ?? "";
    values.completedTo = cstDate(now);
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

/**
 * The payload for `action`, or the errors to show under the fields. Blank fields are left out, so a missing
 * required field reads "…为必填项" exactly as the server would say it.
 */
export function validateActionForm(
  action: Action,
  values: FormValues,
): { ok: true; payload: Record<string, unknown> } | { ok: false; errors: FormErrors } {
  const payload: Record<string, string> = {};
  for (const f of ACTION_FORMS[action]) {
    const value = (values[f.name] ?? "").trim();
    if (value) payload[f.name] = value;
  }
  const result = validate(actionSchemas[action], payload);
  if (result.ok) return { ok: true, payload: result.value as Record<string, unknown> };
  return { ok: false, errors: formErrors(result.errors) };
}
