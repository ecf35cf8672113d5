// Excel date serials (days since 1899-12-30) and the display text of a value under a number format.
// Supported: General, "@", 0 / 0.00 / #,##0 / #,##0.00 / 0% / 0.0% with literal text ("0\"天\""), and date/time
// codes (yyyy yy m mm d dd h hh mm ss AM/PM, quoted literals such as yyyy"年"m"月"d"日"), sections "pos;neg;zero;text".
export type ScalarValue = string | number | boolean;

const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 30);

export function dateToSerial(year: number, month: number, day: number, h = 0, mi = 0, s = 0): number {
  return (Date.UTC(year, month - 1, day, h, mi, s) - EPOCH) / DAY_MS;
}

export interface DateParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function serialToParts(serial: number): DateParts {
  const ms = Math.round((serial * DAY_MS) / 1000) * 1000 + EPOCH;
  const d = new Date(ms);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** The General format: up to 11 significant characters, scientific for very large or small numbers. */
export function generalNumber(n: number): string {
  if (!Number.isFinite(n)) return "#NUM!";
  if (n === 0) return "0";
  const abs = Math.abs(n);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mant = "0", exp = "0"] = n.toExponential(5).split("e");
    const m = mant.replace(/\.?0+$/, "");
    const e = Number(exp);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  const intDigits = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - intDigits);
  const fixed = n.toFixed(decimals);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** Splits a format into sections on ";" outside quotes and brackets. */
function sections(format: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  let bracket = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] ?? "";
    if (ch === "\\" && !quoted) {
      cur += ch + (format[i + 1] ?? "");
      i++;
      continue;
    }
    if (ch === '"') quoted = !quoted;
    else if (ch === "[" && !quoted) bracket = true;
    else if (ch === "]" && !quoted) bracket = false;
    if (ch === ";" && !quoted && !bracket) {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

type Token = { kind: "lit"; text: string } | { kind: "code"; text: string };

/** Tokenises a section: quoted text, \x escapes and [..] blocks become literals (brackets dropped). */
function tokenize(section: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] ?? "";
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const text = end < 0 ? section.slice(i + 1) : section.slice(i + 1, end);
      out.push({ kind: "lit", text });
      i = end < 0 ? section.length : end;
    } else if (ch === "\\") {
      out.push({ kind: "lit", text: section[i + 1] ?? "" });
      i++;
    } else if (ch === "[") {
      const end = section.indexOf("]", i);
      i = end < 0 ? section.length : end;
    } else if (ch === "_" || ch === "*") {
      i++; // padding codes: skip the following character
    } else {
      out.push({ kind: "code", text: ch });
    }
  }
  return out;
}

const codeText = (tokens: Token[]): string =>
  tokens
    .filter((t) => t.kind === "code")
    .map((t) => t.text)
    .join("");

export function isDateFormat(format: string): boolean {
  const first = sections(format)[0] ?? "";
  const code = codeText(tokenize(first)).toLowerCase();
  return /[ymdhs]/.test(code.replace(/general/g, "")) && !/[0#?]/.test(code.replace(/[ymdhs]/g, ""));
}

function formatDate(serial: number, tokens: Token[]): string {
  const p = serialToParts(serial);
  const ampm =
    tokens.some((t) => t.kind === "code" && /[aA]/.test(t.text)) && /am\/pm|a\/p/i.test(codeText(tokens));
  // Group consecutive identical code letters.
  const groups: Array<{ kind: "lit" | "code"; text: string }> = [];
  for (const t of tokens) {
    const last = groups[groups.length - 1];
    if (
      t.kind === "code" &&
      last?.kind === "code" &&
      last.text[0]?.toLowerCase() === t.text.toLowerCase() &&
      /[ymdhs]/i.test(t.text)
    ) {
      last.text += t.text;
    } else groups.push({ kind: t.kind, text: t.text });
  }
  let out = "";
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (!g) continue;
    if (g.kind === "lit") {
      out += g.text;
      continue;
    }
    const lower = g.text.toLowerCase();
    const prevCode = groups
      .slice(0, i)
      .reverse()
      .find((x) => x.kind === "code" && /[a-z]/i.test(x.text));
    const nextCode = groups.slice(i + 1).find((x) => x.kind === "code" && /[a-z]/i.test(x.text));
    if (lower.startsWith("y"))
      out += lower.length <= 2 ? String(p.year % 100).padStart(2, "0") : String(p.year);
    else if (lower.startsWith("m")) {
      const isMinute =
        prevCode?.text.toLowerCase().startsWith("h") || nextCode?.text.toLowerCase().startsWith("s");
      const n = isMinute ? p.minute : p.month;
      out += lower.length >= 2 ? String(n).padStart(2, "0") : String(n);
    } else if (lower.startsWith("d"))
      out += lower.length >= 2 ? String(p.day).padStart(2, "0") : String(p.day);
    else if (lower.startsWith("h")) {
      const h = ampm ? ((p.hour + 11) % 12) + 1 : p.hour;
      out += lower.length >= 2 ? String(h).padStart(2, "0") : String(h);
    } else if (lower.startsWith("s"))
      out += lower.length >= 2 ? String(p.second).padStart(2, "0") : String(p.second);
    else if (
      lower === "a" &&
      /^am\/pm/i.test(
        groups
          .slice(i)
          .map((x) => x.text)
          .join(""),
      )
    ) {
      out += p.hour < 12 ? "AM" : "PM";
      i += 4; // skip "m/pm"
    } else out += g.text;
  }
  return out;
}

function formatNumber(n: number, tokens: Token[], hasMinusSection: boolean): string {
  const code = codeText(tokens);
  const pattern = code.replace(/[^0#?,.]/g, "");
  if (!/[0#?]/.test(pattern)) return tokens.map((t) => t.text).join("");
  const percent = (code.match(/%/g) ?? []).length;
  const value = Math.abs(n) * 100 ** percent;
  const [intPart = "", decPart = ""] = pattern.split(".");
  const decimals = (decPart.match(/[0#?]/g) ?? []).length;
  const minInt = (intPart.match(/0/g) ?? []).length;
  const fixed = value.toFixed(decimals);
  let [i = "0", d = ""] = fixed.split(".");
  if (i === "0" && minInt === 0) i = "";
  i = i.padStart(minInt, "0");
  if (intPart.includes(",")) i = i.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const optional = (decPart.match(/#/g) ?? []).length;
  if (optional > 0) d = d.replace(new RegExp(`0{1,${optional}}$`), "");
  const formatted = d ? `${i}.${d}` : pattern.includes(".") && decimals === 0 ? `${i}.` : i;
  let out = "";
  let placed = false;
  for (const t of tokens) {
    if (t.kind === "lit") out += t.text;
    else if (/[0#?,.]/.test(t.text)) {
      if (!placed) out += formatted;
      placed = true;
    } else out += t.text;
  }
  const sign = n < 0 && !hasMinusSection && Number(fixed) !== 0 ? "-" : "";
  return sign + out;
}

/** The `text` Excel shows for a value under a number format (cell width ignored, as Range.text is). */
export function formatValue(value: ScalarValue, format: string): string {
  if (value === "" || value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  const secs = sections(format || "General");
  if (typeof value === "string") {
    if (value.startsWith("#") && /^#(NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!|SPILL!|CALC!)$/.test(value))
      return value;
    const textSection = secs.length >= 4 ? secs[3] : secs.find((s) => s.includes("@"));
    if (!textSection) return value;
    return tokenize(textSection)
      .map((t) => (t.kind === "code" && t.text === "@" ? value : t.text))
      .join("");
  }
  const n = value;
  let section = secs[0] ?? "General";
  let hasMinusSection = false;
  if (n < 0 && secs.length >= 2) {
    section = secs[1] ?? section;
    hasMinusSection = true;
  } else if (n === 0 && secs.length >= 3) section = secs[2] ?? section;
  const trimmed = section.trim();
  if (trimmed === "" || /^general$/i.test(trimmed) || trimmed === "@") {
    return hasMinusSection ? generalNumber(Math.abs(n)) : generalNumber(n);
  }
  const tokens = tokenize(section);
  if (isDateFormat(section)) {
    if (n < 0) return "#".repeat(10);
    return formatDate(n, tokens);
  }
  if (/general/i.test(codeText(tokens))) {
    return tokens
      .map((t) => t.text)
      .join("")
      .replace(/general/i, generalNumber(Math.abs(n)));
  }
  return formatNumber(n, tokens, hasMinusSection);
}
