// Excel.DataValidation: list rules with a literal source are limited to 255 characters; a source may be a
// range reference ("=Sheet!$A$1:$A$20") or a Range; setting a rule over cells with two different existing
// validations is InvalidArgument (office-js#2594: clear() first).
import { cellCount, formatRectAbsolute, quoteSheetName, splitSheet, parseAddress } from "../a1";
import { ClientObj, defineScalars, liveClone, type SyncRun } from "../client";
import { fail } from "../errors";
import { sameName } from "../names";
import type { ValidationModel } from "../sheet";
import type { WorkbookModel } from "../workbook";
import { RangeProxy, type RangeRef } from "./range";

const RULE_KINDS = ["list", "custom", "wholeNumber", "decimal", "date", "time", "textLength"];
const TYPE_OF: Record<string, string> = {
  list: "List",
  custom: "Custom",
  wholeNumber: "WholeNumber",
  decimal: "Decimal",
  date: "Date",
  time: "Time",
  textLength: "TextLength",
};
const OPERATORS = [
  "Between",
  "NotBetween",
  "EqualTo",
  "NotEqualTo",
  "GreaterThan",
  "LessThan",
  "GreaterThanOrEqualTo",
  "LessThanOrEqualTo",
];

export const LIST_SOURCE_LIMIT = 255;

function checkRule(rt: SyncRun, ref: RangeRef, rule: unknown, original: unknown): Record<string, unknown> {
  if (!rule || typeof rule !== "object" || Array.isArray(rule))
    fail("InvalidArgument", "dataValidation.rule must be an object");
  const kinds = Object.keys(rule).filter((k) => (rule as Record<string, unknown>)[k] !== undefined);
  if (kinds.length !== 1 || !RULE_KINDS.includes(kinds[0] ?? "")) {
    fail("InvalidArgument", `dataValidation.rule needs exactly one of ${RULE_KINDS.join(", ")}`);
  }
  const kind = kinds[0] as string;
  const body = (rule as Record<string, Record<string, unknown>>)[kind] ?? {};
  if (kind === "list") {
    const originalSource = (original as { list?: { source?: unknown } }).list?.source;
    let source = body.source;
    if (originalSource instanceof RangeProxy) {
      const target = rt.entity(originalSource) as RangeRef;
      source = `=${quoteSheetName(target.sheet.name)}!${formatRectAbsolute(target.rect)}`;
    }
    if (typeof source !== "string" || source.trim() === "") fail("InvalidArgument", "list source is empty");
    if (source.startsWith("=")) {
      const text = source.slice(1);
      const { sheet } = splitSheet(text);
      const looksLikeRange =
        /^(?:'(?:[^']|'')+'!|[^!]+!)?\$?[A-Za-z]{1,3}\$?\d*(?::\$?[A-Za-z]{1,3}\$?\d*)?$/.test(text);
      if (looksLikeRange) {
        parseAddress(text);
        if (sheet !== undefined && !rt.host.wb.sheets.some((s) => sameName(s.name, sheet))) {
          fail("InvalidArgument", `list source refers to a missing worksheet "${sheet}"`);
        }
      }
    } else if (source.length > LIST_SOURCE_LIMIT) {
      fail(
        "InvalidArgument",
        `a literal list source is limited to ${LIST_SOURCE_LIMIT} characters (got ${source.length}); point it at a range`,
      );
    }
    return { list: { inCellDropDown: body.inCellDropDown ?? true, source } };
  }
  if (kind !== "custom") {
    if (body.operator !== undefined && !OPERATORS.includes(String(body.operator))) {
      fail("InvalidArgument", `operator "${String(body.operator)}"`);
    }
    if (body.formula1 === undefined) fail("InvalidArgument", "formula1 is required");
  } else if (typeof body.formula !== "string") fail("InvalidArgument", "custom validation needs a formula");
  return { [kind]: body };
}

function current(ref: RangeRef): { list: ValidationModel[]; covers: boolean } {
  const list = ref.sheet.validationsIn(ref.rect);
  const only = list[0];
  const covered = only
    ? only.rects.reduce((n, r) => {
        const cut = {
          r0: Math.max(r.r0, ref.rect.r0),
          c0: Math.max(r.c0, ref.rect.c0),
          r1: Math.min(r.r1, ref.rect.r1),
          c1: Math.min(r.c1, ref.rect.c1),
        };
        return cut.r0 <= cut.r1 && cut.c0 <= cut.c1 ? n + cellCount(cut) : n;
      }, 0)
    : 0;
  return { list, covers: list.length === 1 && covered === cellCount(ref.rect) };
}

function listValues(wb: WorkbookModel, ref: RangeRef, source: string): string[] | null {
  if (!source.startsWith("=")) return source.split(",").map((s) => s.trim());
  try {
    const parsed = parseAddress(source.slice(1));
    const sheet = parsed.sheet ? wb.sheets.find((s) => sameName(s.name, parsed.sheet ?? "")) : ref.sheet;
    if (!sheet) return null;
    const out: string[] = [];
    for (let r = parsed.rect.r0; r <= Math.min(parsed.rect.r1, parsed.rect.r0 + 10_000); r++) {
      for (let c = parsed.rect.c0; c <= parsed.rect.c1; c++) out.push(sheet.textAt(r, c));
    }
    return out;
  } catch {
    return null;
  }
}

export class DataValidationProxy extends ClientObj {
  static override typeName = "DataValidation";

  clear(): void {
    this._invoke("Clear", [], (_rt, ref: RangeRef) => ref.sheet.clearValidation(ref.rect));
  }

  /** Keeps the original (possibly a Range proxy) list source for the rule setter. */
  override _write(name: string, value: unknown, spec: Parameters<ClientObj["_write"]>[2]): void {
    if (name !== "rule") {
      super._write(name, value, spec);
      return;
    }
    this._fields.set(name, value);
    const live = liveClone(value);
    this._queueOp(4, name, [value], "DataValidation.rule = ...;", (rt) => {
      const ref = rt.entity(this) as RangeRef | symbol;
      if (typeof ref === "symbol") return;
      const existing = ref.sheet.validationsIn(ref.rect);
      if (existing.length > 1) {
        fail(
          "InvalidArgument",
          "the range has more than one data validation: call dataValidation.clear() first",
        );
      }
      const plain = JSON.parse(
        JSON.stringify(live, (_k, v: unknown) => (v instanceof RangeProxy ? "=" : v)),
      ) as unknown;
      const rule = checkRule(rt, ref, plain, live);
      ref.sheet.setValidation(ref.rect, (v) => {
        v.rule = rule;
      });
    });
  }
}

defineScalars(DataValidationProxy, {
  rule: {
    get: (ref: RangeRef) => {
      const { list, covers } = current(ref);
      return covers && list[0]?.rule ? list[0].rule : {};
    },
    set: () => undefined,
  },
  type: {
    get: (ref: RangeRef) => {
      const { list, covers } = current(ref);
      if (list.length === 0) return "None";
      if (list.length > 1) return "MixedCriteria";
      if (!covers) return "Inconsistent";
      const kind = Object.keys(list[0]?.rule ?? {})[0];
      return kind ? (TYPE_OF[kind] ?? "None") : "None";
    },
  },
  valid: {
    get: (ref: RangeRef, rt: SyncRun) => {
      const { list, covers } = current(ref);
      const source = (list[0]?.rule as { list?: { source?: string } } | null)?.list?.source;
      if (!covers || typeof source !== "string") return true;
      const allowed = listValues(rt.host.wb, ref, source);
      if (!allowed) return true;
      let valid = 0;
      let total = 0;
      for (let r = ref.rect.r0; r <= Math.min(ref.rect.r1, ref.rect.r0 + 10_000); r++) {
        for (let c = ref.rect.c0; c <= ref.rect.c1; c++) {
          const text = ref.sheet.textAt(r, c);
          total++;
          if (text === "" || allowed.includes(text)) valid++;
        }
      }
      return valid === total ? true : valid === 0 ? false : null;
    },
  },
  ignoreBlanks: {
    get: (ref: RangeRef) => current(ref).list[0]?.ignoreBlanks ?? true,
    set: (ref: RangeRef, v) => ref.sheet.setValidation(ref.rect, (m) => (m.ignoreBlanks = Boolean(v))),
  },
  prompt: {
    get: (ref: RangeRef) => current(ref).list[0]?.prompt ?? { message: "", showPrompt: false, title: "" },
    set: (ref: RangeRef, v) =>
      ref.sheet.setValidation(ref.rect, (m) => (m.prompt = { ...m.prompt, ...(v as object) })),
  },
  errorAlert: {
    get: (ref: RangeRef) =>
      current(ref).list[0]?.errorAlert ?? { message: "", showAlert: true, style: "Stop", title: "" },
    set: (ref: RangeRef, v) =>
      ref.sheet.setValidation(ref.rect, (m) => (m.errorAlert = { ...m.errorAlert, ...(v as object) })),
  },
});

/** The list a cell's dropdown offers, or null when the cell has no list validation. */
export function dropdownValues(ref: RangeRef): string[] | null {
  const v = ref.sheet.validationsIn(ref.rect)[0];
  const source = (v?.rule as { list?: { source?: string } } | null | undefined)?.list?.source;
  return typeof source === "string" ? listValues(ref.sheet.wb, ref, source) : null;
}
