// How Excel turns a value written through Range.values / Range.formulas into cell content: the same rules
// as typing. "=…" is a formula; "+…", "-…" and "@…" that are not numbers become formulas too; numeric-looking
// text becomes a number ("001" → 1, 15 significant digits kept), dates become serials with a date format,
// TRUE/FALSE become booleans; a leading apostrophe forces text; a cell formatted as text ("@") keeps the text
// exactly as written (the apostrophe included, as Excel does for a text-formatted cell).
import { fail } from "./errors";
import { dateToSerial, type ScalarValue } from "./numfmt";

export type Locale = "en-US" | "zh-CN";

export interface CellInput {
  value: ScalarValue;
  formula?: string;
  /** Number format Excel applies when the cell's format is General (a typed date gets a date format). */
  autoFormat?: string;
}

export function isTextFormat(format: string): boolean {
  return format.trim() === "@";
}

function truncate15(n: number): number {
  return Number(n.toPrecision(15));
}

function shortDateFormat(locale: Locale, withTime: boolean): string {
  const date = locale === "zh-CN" ? "yyyy/m/d" : "m/d/yyyy";
  return withTime ? `${date} h:mm` : date;
}

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || y < 1900 || y > 9999) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

function parseTime(text: string | undefined): number | null {
  if (!text) return 0;
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = Number(m[3] ?? 0);
  if (h > 23 || mi > 59 || s > 59) return null;
  return (h * 3600 + mi * 60 + s) / 86400;
}

/** A date typed in the given locale, or null. */
export function parseDateText(text: string, locale: Locale, now: Date): CellInput | null {
  const t = text.trim();
  let m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}:\d{2}(?::\d{2})?))?$/.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const time = parseTime(m[4]);
    if (validDate(y, mo, d) && time !== null) {
      return { value: dateToSerial(y, mo, d) + time, autoFormat: shortDateFormat(locale, Boolean(m[4])) };
    }
    return null;
  }
  m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(t);
  if (m && locale === "zh-CN") {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d) ? { value: dateToSerial(y, mo, d), autoFormat: 'yyyy"年"m"月"d"日"' } : null;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (m && locale === "en-US") {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return validDate(y, mo, d)
      ? { value: dateToSerial(y, mo, d), autoFormat: shortDateFormat(locale, false) }
      : null;
  }
  // "1/2" and "1-2" are month/day of the current year in both locales.
  m = /^(\d{1,2})[-/](\d{1,2})$/.exec(t);
  if (m) {
    const [mo, d] = [Number(m[1]), Number(m[2])];
    const y = now.getFullYear();
    return validDate(y, mo, d)
      ? { value: dateToSerial(y, mo, d), autoFormat: locale === "zh-CN" ? 'm"月"d"日"' : "d-mmm" }
      : null;
  }
  const time = /^\d{1,2}:\d{2}(:\d{2})?$/.test(t) ? parseTime(t) : null;
  if (time !== null) return { value: time, autoFormat: "h:mm" };
  return null;
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d*)?(?:[eE][+-]?\d+)?%?$/;

export function parseNumberText(text: string): CellInput | null {
  const t = text.trim();
  if (!NUMBER.test(t) || !/\d/.test(t.replace(/[eE][+-]?\d+$/, ""))) return null;
  const percent = t.endsWith("%");
  const thousands = t.includes(",");
  const body = t.replace(/[,%]/g, "");
  const n = Number(body);
  if (!Number.isFinite(n)) return null;
  const value = truncate15(percent ? n / 100 : n);
  const decimals = /\.(\d+)/.exec(body)?.[1]?.length ?? 0;
  if (percent) return { value, autoFormat: decimals > 0 ? `0.${"0".repeat(decimals)}%` : "0%" };
  if (thousands) return { value, autoFormat: decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0" };
  return { value };
}

/** Quotes and parentheses balanced: the least a formula needs before Excel accepts it. */
export function checkFormulaSyntax(formula: string): void {
  let depth = 0;
  let quoted = false;
  for (const ch of formula.slice(1)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === "(") depth++;
    else if (!quoted && ch === ")") depth--;
    if (depth < 0) break;
  }
  if (formula.length < 2 || quoted || depth !== 0) fail("InvalidArgument", `not a valid formula: ${formula}`);
}

/**
 * The content a cell gets when `raw` is written to it. `null` (and `undefined`) means "leave the cell as it is",
 * as Office.js does for null entries of a values array.
 */
export function parseInput(raw: unknown, cellFormat: string, locale: Locale, now: Date): CellInput | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return null;
    return { value: truncate15(raw) };
  }
  if (typeof raw === "boolean") return { value: raw };
  if (typeof raw !== "string")
    fail("InvalidArgument", `a cell value must be a string, number or boolean, got ${JSON.stringify(raw)}`);
  if (raw === "") return { value: "" };
  if (isTextFormat(cellFormat)) return { value: raw };
  if (raw.startsWith("'")) return { value: raw.slice(1) };
  if (raw.startsWith("=")) {
    checkFormulaSyntax(raw);
    return { value: "", formula: raw };
  }
  const number = parseNumberText(raw);
  if (number) {
    return raw.trim().startsWith("+") ? { value: number.value, formula: `=${raw.trim()}` } : number;
  }
  const date = parseDateText(raw, locale, now);
  if (date) return date;
  if (/^(true|false)$/i.test(raw.trim())) return { value: raw.trim().toUpperCase() === "TRUE" };
  if ((raw.startsWith("+") || raw.startsWith("-")) && raw.length > 1) {
    const formula = `=${raw}`;
    checkFormulaSyntax(formula);
    return { value: "", formula };
  }
  if (raw.startsWith("@") && raw.length > 1) {
    const formula = `=${raw.slice(1)}`;
    checkFormulaSyntax(formula);
    return { value: "", formula };
  }
  return { value: raw };
}
