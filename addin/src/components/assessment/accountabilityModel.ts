// 问责 (七、(一)) in the 考核 tab as plain work: the form checked with the domain's schema, the register read,
// a record made or revoked, and the 问责台账 sheet. No React here.
import {
  ACCOUNTABILITY_MEASURES,
  type AccountabilityMeasure,
  type AccountabilityRecord,
  MEASURE_LABELS,
} from "../../../../functions/src/domain/types";
import { accountabilitySchema, validate } from "../../../../functions/src/domain/validation";
import type { AccountabilityInput, ApiItem } from "../../api/client";
import { accountabilitySpec } from "../../excel/reportSheets";
import { formErrors, type FormErrors } from "../actions/actionForms";
import type { PaneDeps } from "../common/deps";

export const MEASURE_OPTIONS = ACCOUNTABILITY_MEASURES.map((m) => ({ value: m, label: MEASURE_LABELS[m] }));

export interface AccountabilityForm {
  items: Pick<ApiItem, "id" | "content" | "noticeNumber" | "leadDept" | "owner">[];
  deptId: string;
  person: string;
  measure: AccountabilityMeasure | "";
  reason: string;
  /** "YYYY-MM", or "" for the month it is recorded in. */
  month: string;
}

export const emptyForm = (): AccountabilityForm => ({
  items: [],
  deptId: "",
  person: "",
  measure: "",
  reason: "",
  month: "",
});

/** The selected items start the form: their lead department and 责任人 are proposed. */
export function formFor(items: AccountabilityForm["items"], form: AccountabilityForm): AccountabilityForm {
  const first = items[0];
  return {
    ...form,
    items,
    deptId: form.deptId || first?.leadDept || "",
    person: form.person || first?.owner || "",
  };
}

/** The request, or the errors to show (the server's own Chinese messages). */
export function checkAccountability(
  form: AccountabilityForm,
): { ok: true; input: AccountabilityInput } | { ok: false; errors: FormErrors } {
  const raw = {
    itemIds: form.items.map((i) => i.id),
    deptId: form.deptId,
    person: form.person.trim(),
    ...(form.measure ? { measure: form.measure } : {}),
    reason: form.reason.trim(),
    ...(form.month ? { month: form.month } : {}),
  };
  const result = validate(accountabilitySchema, raw);
  if (result.ok) return { ok: true, input: result.value as AccountabilityInput };
  const errors = formErrors(result.errors);
  if (errors.itemIds) errors.itemIds = "请先在「督办清单」中选中被问责的事项，然后点击「读取所选行」";
  return { ok: false, errors };
}

export const newAccountabilityKey = () => `accountability-${crypto.randomUUID()}`;

/** The register of a year (a department head: their department's records). */
export const loadRegister = (deps: PaneDeps, year: number, signal?: AbortSignal, deptId?: string | null) =>
  deps.api.listAccountability(year, deptId ?? undefined, signal);

/** 问责台账: the year's register as a sheet, each record's items by their 督办文号 where the pane knows them. */
export async function writeRegister(
  deps: PaneDeps,
  year: number,
  records: readonly AccountabilityRecord[],
  signal: AbortSignal,
): Promise<string> {
  const departments = await deps.departments(signal);
  const ids = [...new Set(records.flatMap((r) => r.itemIds))].slice(0, 200);
  const items = await Promise.all(ids.map((id) => deps.api.getItem(id, signal).catch(() => null)));
  const labels = new Map(
    items.filter((i): i is ApiItem => !!i).map((i) => [i.id, i.noticeNumber ?? i.content] as const),
  );
  return deps.excel.renderReport(
    accountabilitySpec(year, records, departments, (id) => labels.get(id) ?? id),
    { signal },
  );
}

/** One line per record, as the pane lists them. */
export function recordLine(r: AccountabilityRecord, deptName: (id: string) => string): string {
  return `${deptName(r.deptId)} · ${r.person} · ${MEASURE_LABELS[r.measure]}：${r.reason}（${r.month}）`;
}
