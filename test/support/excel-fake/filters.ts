// AutoFilter criteria of a table column (Excel.FilterCriteria) and whether a cell's displayed text passes them.
// Modelled: "Values" (the displayed text is one of `values`; "" stands for blanks) and "Custom" (criterion1 and
// optionally criterion2 joined by operator And/Or; each "=x", "<>x", ">n", ">=n", "<n", "<=n", with * and ? as
// wildcards for text). Other kinds (top items, colours, icons, dynamic dates) are refused with NotImplemented.
import { fail } from "./errors";

export interface FilterCriteriaModel {
  filterOn: string;
  values?: string[];
  criterion1?: string;
  criterion2?: string;
  operator?: string;
}

/** Validates criteria given to AutoFilter.apply and keeps a JSON copy. */
export function checkCriteria(value: unknown): FilterCriteriaModel {
  if (!value || typeof value !== "object") fail("InvalidArgument", "filter criteria must be an object");
  const c = value as Record<string, unknown>;
  if (c.filterOn === "Values") {
    if (!Array.isArray(c.values) || c.values.some((v) => typeof v !== "string"))
      fail("InvalidArgument", "values filtering needs values: string[]");
    return { filterOn: "Values", values: [...(c.values as string[])] };
  }
  if (c.filterOn === "Custom") {
    if (typeof c.criterion1 !== "string" || c.criterion1 === "")
      fail("InvalidArgument", "custom filtering needs criterion1");
    const out: FilterCriteriaModel = { filterOn: "Custom", criterion1: c.criterion1 };
    if (typeof c.criterion2 === "string" && c.criterion2 !== "") out.criterion2 = c.criterion2;
    if (c.operator !== undefined) {
      if (c.operator !== "And" && c.operator !== "Or") fail("InvalidArgument", "operator must be And or Or");
      out.operator = c.operator;
    }
    return out;
  }
  if (typeof c.filterOn !== "string") fail("InvalidArgument", "filterOn");
  return fail("NotImplemented", `excel-fake filters on Values and Custom only, not ${c.filterOn}`);
}

const wildcard = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
    "i",
  );

function passesOne(criterion: string, text: string, value: unknown): boolean {
  const m = /^(<>|>=|<=|=|>|<)?(.*)$/s.exec(criterion)!;
  const op = m[1] ?? "=";
  const operand = m[2] ?? "";
  const n = Number(operand);
  if (op === "=" || op === "<>") {
    const hit = wildcard(operand).test(text);
    return op === "=" ? hit : !hit;
  }
  if (typeof value !== "number" || operand === "" || !Number.isFinite(n)) return false;
  return op === ">" ? value > n : op === ">=" ? value >= n : op === "<" ? value < n : value <= n;
}

/** Whether a cell (its displayed text and value) passes a column's criteria. */
export function passes(criteria: FilterCriteriaModel, text: string, value: unknown): boolean {
  if (criteria.filterOn === "Values") return (criteria.values ?? []).includes(text);
  const first = passesOne(criteria.criterion1 ?? "", text, value);
  if (!criteria.criterion2) return first;
  const second = passesOne(criteria.criterion2, text, value);
  return criteria.operator === "Or" ? first || second : first && second;
}

/** What AutoFilter.criteria reports for a column without a filter (best guess: no criteria set). */
export const NO_CRITERIA = { filterOn: "Custom", criterion1: "", criterion2: "", operator: "And" };
