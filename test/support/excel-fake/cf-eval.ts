// Which conditional formats apply to a cell (Custom formulas with relative references, CellValue comparisons,
// ContainsText), in priority order, for the inspection API and renderSheetHtml.
import { containsCell } from "./a1";
import { parseInput } from "./input";
import type { ScalarValue } from "./numfmt";
import type { ConditionalFormatModel, SheetModel } from "./sheet";

export interface AppliedConditionalFormat {
  fillColor?: string;
  fontColor?: string;
  bold?: boolean;
  italic?: boolean;
  numberFormat?: string;
  /** The formats that matched, highest priority first. */
  matched: string[];
}

const truthy = (v: ScalarValue): boolean => (typeof v === "string" ? v.toUpperCase() === "TRUE" : Boolean(v));

function compare(a: ScalarValue, b: ScalarValue): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (a === "" && typeof b === "number") return -b;
  return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

function operand(sheet: SheetModel, text: unknown, dr: number, dc: number): ScalarValue {
  const s = String(text ?? "");
  if (s.startsWith("=")) return sheet.wb.evaluateIn(sheet, s, dr, dc);
  return parseInput(s, "General", sheet.wb.locale, sheet.wb.now())?.value ?? "";
}

export function matches(sheet: SheetModel, cf: ConditionalFormatModel, row: number, col: number): boolean {
  const area = cf.rects.find((r) => containsCell(r, row, col));
  if (!area) return false;
  const dr = row - area.r0;
  const dc = col - area.c0;
  const rule = cf.rule as Record<string, unknown>;
  if (cf.type === "Custom") {
    return typeof rule.formula === "string" && truthy(sheet.wb.evaluateIn(sheet, rule.formula, dr, dc));
  }
  if (cf.type === "ContainsText") {
    const text = sheet.textAt(row, col).toLowerCase();
    const needle = String(rule.text ?? "").toLowerCase();
    switch (rule.operator) {
      case "Contains":
        return text.includes(needle);
      case "NotContains":
        return !text.includes(needle);
      case "BeginsWith":
        return text.startsWith(needle);
      case "EndsWith":
        return text.endsWith(needle);
      default:
        return false;
    }
  }
  if (cf.type === "CellValue") {
    const v = sheet.valueAt(row, col);
    const a = operand(sheet, rule.formula1, dr, dc);
    const c = compare(v, a);
    switch (rule.operator) {
      case "EqualTo":
        return c === 0;
      case "NotEqualTo":
        return c !== 0;
      case "GreaterThan":
        return c > 0;
      case "LessThan":
        return c < 0;
      case "GreaterThanOrEqual":
        return c >= 0;
      case "LessThanOrEqual":
        return c <= 0;
      case "Between":
      case "NotBetween": {
        const b = operand(sheet, rule.formula2, dr, dc);
        const inside = c >= 0 && compare(v, b) <= 0;
        return rule.operator === "Between" ? inside : !inside;
      }
      default:
        return false;
    }
  }
  return false;
}

export function appliedConditionalFormat(
  sheet: SheetModel,
  row: number,
  col: number,
): AppliedConditionalFormat | null {
  const out: AppliedConditionalFormat = { matched: [] };
  for (const cf of sheet.conditionalFormats) {
    if (!matches(sheet, cf, row, col)) continue;
    out.matched.push(cf.id);
    const { fill, font, numberFormat } = cf.format;
    if (out.fillColor === undefined && fill.color) out.fillColor = fill.color;
    if (out.fontColor === undefined && typeof font.color === "string") out.fontColor = font.color;
    if (out.bold === undefined && typeof font.bold === "boolean") out.bold = font.bold;
    if (out.italic === undefined && typeof font.italic === "boolean") out.italic = font.italic;
    if (out.numberFormat === undefined && numberFormat) out.numberFormat = numberFormat;
    if (cf.stopIfTrue) break;
  }
  return out.matched.length ? out : null;
}
