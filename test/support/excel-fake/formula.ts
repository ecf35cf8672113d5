// A deliberately tiny formula evaluator, so a formula written by mistake shows a plausible value. It knows
// numbers, strings, TRUE/FALSE, A1 references (optionally "Sheet!A1", relative parts shifted by an offset, as
// conditional formats need), + - * / ^ & % and comparisons, and SUM COUNT COUNTA AVERAGE MIN MAX IF IFERROR AND
// OR NOT LEN CONCAT(ENATE) TRIM LEFT RIGHT MID TODAY NOW DATE YEAR MONTH DAY ROUND ABS INT ISBLANK ISNUMBER ISTEXT
// ISERROR TEXT. Anything else is #NAME?.
import { columnIndex, type Rect } from "./a1";
import { dateToSerial, formatValue, serialToParts, type ScalarValue } from "./numfmt";

export interface FormulaHost {
  /** Value of a cell (formulas evaluated); "" when empty. */
  valueAt(sheet: string | undefined, row: number, col: number): ScalarValue;
  sheetExists(sheet: string): boolean;
  now(): Date;
}

interface ErrorValue {
  error: string;
}
interface RangeValue {
  sheet: string | undefined;
  rect: Rect;
}
type Value = ScalarValue | ErrorValue | RangeValue;

const isError = (v: unknown): v is ErrorValue =>
  typeof v === "object" && v !== null && !Array.isArray(v) && "error" in v;
const isRange = (v: Value): v is RangeValue => typeof v === "object" && v !== null && "rect" in v;

type Tok =
  | { t: "num"; v: number }
  | { t: "str"; v: string }
  | { t: "bool"; v: boolean }
  | { t: "err"; v: string }
  | { t: "ref"; sheet?: string; a: RefPart; b?: RefPart }
  | { t: "fn"; v: string }
  | { t: "name"; v: string }
  | { t: "op"; v: string };

interface RefPart {
  row: number;
  col: number;
  absRow: boolean;
  absCol: boolean;
}

class FormulaError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  const refRe =
    /^(?:('(?:[^']|'')+'|[\p{L}_][\p{L}\p{N}_.]*)!)?(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?::(\$?)([A-Za-z]{1,3})(\$?)(\d+))?(?![\p{L}\p{N}_(])/u;
  while (i < src.length) {
    const rest = src.slice(i);
    const ch = src[i] ?? "";
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    let m = /^\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|^\.\d+/.exec(rest);
    if (m) {
      out.push({ t: "num", v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = "";
      for (;;) {
        if (j >= src.length) throw new FormulaError("unterminated string");
        if (src[j] === '"' && src[j + 1] === '"') {
          s += '"';
          j += 2;
        } else if (src[j] === '"') break;
        else s += src[j++];
      }
      out.push({ t: "str", v: s });
      i = j + 1;
      continue;
    }
    m = /^#(?:NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!)/.exec(rest);
    if (m) {
      out.push({ t: "err", v: m[0] });
      i += m[0].length;
      continue;
    }
    m = refRe.exec(rest);
    if (m) {
      const sheetRaw = m[1];
      const sheet = sheetRaw?.startsWith("'") ? sheetRaw.slice(1, -1).replace(/''/g, "'") : sheetRaw;
      const part = (
        absCol: string | undefined,
        col: string | undefined,
        absRow: string | undefined,
        row: string | undefined,
      ): RefPart => ({
        col: columnIndex(col ?? "A"),
        row: Number(row) - 1,
        absCol: absCol === "$",
        absRow: absRow === "$",
      });
      const a = part(m[2], m[3], m[4], m[5]);
      const b = m[7] ? part(m[6], m[7], m[8], m[9]) : undefined;
      out.push(
        b ? { t: "ref", ...(sheet ? { sheet } : {}), a, b } : { t: "ref", ...(sheet ? { sheet } : {}), a },
      );
      i += m[0].length;
      continue;
    }
    m = /^[\p{L}_][\p{L}\p{N}_.]*/u.exec(rest);
    if (m) {
      const word = m[0];
      i += word.length;
      if (src[i] === "(") {
        out.push({ t: "fn", v: word.toUpperCase() });
        i++;
      } else if (/^(TRUE|FALSE)$/i.test(word)) out.push({ t: "bool", v: word.toUpperCase() === "TRUE" });
      else out.push({ t: "name", v: word });
      continue;
    }
    m = /^(<>|<=|>=|[-+*/^&=<>%(),:])/.exec(rest);
    if (m) {
      out.push({ t: "op", v: m[0] });
      i += m[0].length;
      continue;
    }
    throw new FormulaError(`unexpected ${ch}`);
  }
  return out;
}

type Node =
  | { k: "lit"; v: Value }
  | { k: "ref"; tok: Extract<Tok, { t: "ref" }> }
  | { k: "name"; v: string }
  | { k: "un"; op: string; a: Node }
  | { k: "pct"; a: Node }
  | { k: "bin"; op: string; a: Node; b: Node }
  | { k: "call"; fn: string; args: Node[] };

function parse(tokens: Tok[]): Node {
  let p = 0;
  const peek = () => tokens[p];
  const isOp = (v: string) => {
    const t = peek();
    return t?.t === "op" && t.v === v;
  };
  const binary = (ops: string[], next: () => Node) => (): Node => {
    let left = next();
    for (;;) {
      const t = peek();
      if (t?.t === "op" && ops.includes(t.v)) {
        p++;
        left = { k: "bin", op: t.v, a: left, b: next() };
      } else return left;
    }
  };
  const primary = (): Node => {
    const t = tokens[p++];
    if (!t) throw new FormulaError("unexpected end");
    switch (t.t) {
      case "num":
      case "str":
      case "bool":
        return { k: "lit", v: t.v };
      case "err":
        return { k: "lit", v: { error: t.v } };
      case "ref":
        return { k: "ref", tok: t };
      case "name":
        return { k: "name", v: t.v };
      case "fn": {
        const args: Node[] = [];
        if (!isOp(")")) {
          for (;;) {
            args.push(comparison());
            if (isOp(",")) p++;
            else break;
          }
        }
        if (!isOp(")")) throw new FormulaError("missing )");
        p++;
        return { k: "call", fn: t.v, args };
      }
      case "op":
        if (t.v === "(") {
          const inner = comparison();
          if (!isOp(")")) throw new FormulaError("missing )");
          p++;
          return inner;
        }
        if (t.v === "-" || t.v === "+") return { k: "un", op: t.v, a: unary() };
        throw new FormulaError(`unexpected ${t.v}`);
    }
  };
  const postfix = (): Node => {
    let n = primary();
    while (isOp("%")) {
      p++;
      n = { k: "pct", a: n };
    }
    return n;
  };
  const unary = (): Node => {
    const t = peek();
    if (t?.t === "op" && (t.v === "-" || t.v === "+")) {
      p++;
      return { k: "un", op: t.v, a: unary() };
    }
    return postfix();
  };
  const power = binary(["^"], unary);
  const mul = binary(["*", "/"], power);
  const add = binary(["+", "-"], mul);
  const concat = binary(["&"], add);
  const comparison = binary(["=", "<>", "<", ">", "<=", ">="], concat);
  const node = comparison();
  if (p !== tokens.length) throw new FormulaError("trailing tokens");
  return node;
}

export interface EvalContext {
  host: FormulaHost;
  sheet: string | undefined;
  /** Shift applied to relative (non-$) reference parts. */
  rowOffset: number;
  colOffset: number;
}

function toNumber(v: ScalarValue): number | ErrorValue {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === "") return 0;
  const n = Number(v);
  return Number.isFinite(n) && v.trim() !== "" ? n : { error: "#VALUE!" };
}

function toText(v: ScalarValue): string {
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  if (typeof v === "number") return formatValue(v, "General");
  return v;
}

function cells(ctx: EvalContext, r: RangeValue): ScalarValue[] {
  const out: ScalarValue[] = [];
  for (let row = r.rect.r0; row <= r.rect.r1; row++) {
    for (let col = r.rect.c0; col <= r.rect.c1; col++)
      out.push(ctx.host.valueAt(r.sheet ?? ctx.sheet, row, col));
  }
  return out;
}

function scalar(ctx: EvalContext, v: Value): ScalarValue | ErrorValue {
  if (isRange(v)) {
    if (v.rect.r0 === v.rect.r1 && v.rect.c0 === v.rect.c1)
      return ctx.host.valueAt(v.sheet ?? ctx.sheet, v.rect.r0, v.rect.c0);
    return { error: "#VALUE!" };
  }
  return v;
}

function compare(a: ScalarValue, b: ScalarValue): number {
  const rank = (x: ScalarValue) => (typeof x === "number" ? 0 : typeof x === "string" ? 1 : 2);
  if (a === "" && typeof b === "number") a = 0;
  if (b === "" && typeof a === "number") b = 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase().localeCompare(b.toLowerCase());
  return Number(a) - Number(b);
}

function evalNode(ctx: EvalContext, n: Node): Value {
  switch (n.k) {
    case "lit":
      return n.v;
    case "name":
      return { error: "#NAME?" };
    case "ref": {
      const { tok } = n;
      if (tok.sheet && !ctx.host.sheetExists(tok.sheet)) return { error: "#REF!" };
      const shift = (part: RefPart) => ({
        row: part.absRow ? part.row : part.row + ctx.rowOffset,
        col: part.absCol ? part.col : part.col + ctx.colOffset,
      });
      const a = shift(tok.a);
      const b = tok.b ? shift(tok.b) : a;
      if (a.row < 0 || a.col < 0 || b.row < 0 || b.col < 0) return { error: "#REF!" };
      return {
        sheet: tok.sheet ?? ctx.sheet,
        rect: {
          r0: Math.min(a.row, b.row),
          c0: Math.min(a.col, b.col),
          r1: Math.max(a.row, b.row),
          c1: Math.max(a.col, b.col),
        },
      };
    }
    case "un": {
      const v = scalar(ctx, evalNode(ctx, n.a));
      if (isError(v)) return v;
      const num = toNumber(v);
      if (isError(num)) return num;
      return n.op === "-" ? -num : num;
    }
    case "pct": {
      const v = scalar(ctx, evalNode(ctx, n.a));
      if (isError(v)) return v;
      const num = toNumber(v);
      return isError(num) ? num : num / 100;
    }
    case "bin": {
      const a = scalar(ctx, evalNode(ctx, n.a));
      if (isError(a)) return a;
      const b = scalar(ctx, evalNode(ctx, n.b));
      if (isError(b)) return b;
      if (n.op === "&") return toText(a) + toText(b);
      if (["=", "<>", "<", ">", "<=", ">="].includes(n.op)) {
        const c = compare(a, b);
        return (
          { "=": c === 0, "<>": c !== 0, "<": c < 0, ">": c > 0, "<=": c <= 0, ">=": c >= 0 }[n.op] ?? false
        );
      }
      const x = toNumber(a);
      const y = toNumber(b);
      if (isError(x)) return x;
      if (isError(y)) return y;
      switch (n.op) {
        case "+":
          return x + y;
        case "-":
          return x - y;
        case "*":
          return x * y;
        case "/":
          return y === 0 ? { error: "#DIV/0!" } : x / y;
        default:
          return x ** y;
      }
    }
    case "call":
      return call(ctx, n.fn, n.args);
  }
}

function numbersOf(ctx: EvalContext, args: Node[]): number[] | ErrorValue {
  const out: number[] = [];
  for (const arg of args) {
    const v = evalNode(ctx, arg);
    if (isError(v)) return v;
    if (isRange(v)) {
      for (const c of cells(ctx, v)) if (typeof c === "number") out.push(c);
    } else {
      const num = toNumber(v);
      if (isError(num)) return num;
      out.push(num);
    }
  }
  return out;
}

function call(ctx: EvalContext, fn: string, args: Node[]): Value {
  const arg = (i: number): ScalarValue | ErrorValue => {
    const node = args[i];
    return node ? scalar(ctx, evalNode(ctx, node)) : "";
  };
  const num = (i: number): number | ErrorValue => {
    const v = arg(i);
    return isError(v) ? v : toNumber(v);
  };
  const nums = () => numbersOf(ctx, args);
  switch (fn) {
    case "SUM": {
      const v = nums();
      return isError(v) ? v : v.reduce((s, x) => s + x, 0);
    }
    case "AVERAGE": {
      const v = nums();
      if (isError(v)) return v;
      return v.length ? v.reduce((s, x) => s + x, 0) / v.length : { error: "#DIV/0!" };
    }
    case "MIN":
    case "MAX": {
      const v = nums();
      if (isError(v)) return v;
      return v.length ? (fn === "MIN" ? Math.min(...v) : Math.max(...v)) : 0;
    }
    case "COUNT":
    case "COUNTA": {
      let count = 0;
      for (const a of args) {
        const v = evalNode(ctx, a);
        const list = isRange(v) ? cells(ctx, v) : isError(v) ? [] : [v];
        count += list.filter((x) => (fn === "COUNT" ? typeof x === "number" : x !== "")).length;
      }
      return count;
    }
    case "IF": {
      const c = arg(0);
      if (isError(c)) return c;
      const truthy = typeof c === "string" ? c !== "" : Boolean(c);
      return truthy ? (args[1] ? arg(1) : true) : args[2] ? arg(2) : false;
    }
    case "IFERROR": {
      const v = arg(0);
      return isError(v) ? arg(1) : v;
    }
    case "AND":
    case "OR": {
      const vals = args.map((_, i) => arg(i));
      const err = vals.find(isError);
      if (err) return err;
      const bools = vals.map((v) => Boolean(v));
      return fn === "AND" ? bools.every(Boolean) : bools.some(Boolean);
    }
    case "NOT": {
      const v = arg(0);
      return isError(v) ? v : !v;
    }
    case "LEN": {
      const v = arg(0);
      return isError(v) ? v : toText(v).length;
    }
    case "CONCAT":
    case "CONCATENATE": {
      let s = "";
      for (let i = 0; i < args.length; i++) {
        const v = arg(i);
        if (isError(v)) return v;
        s += toText(v);
      }
      return s;
    }
    case "TODAY":
    case "NOW": {
      const d = ctx.host.now();
      const serial = dateToSerial(d.getFullYear(), d.getMonth() + 1, d.getDate());
      return fn === "TODAY"
        ? serial
        : serial + (d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()) / 86400;
    }
    case "DATE": {
      const [y, m, d] = [num(0), num(1), num(2)];
      if (isError(y)) return y;
      if (isError(m)) return m;
      if (isError(d)) return d;
      return dateToSerial(Math.trunc(y), Math.trunc(m), Math.trunc(d));
    }
    case "YEAR":
    case "MONTH":
    case "DAY": {
      const v = num(0);
      if (isError(v)) return v;
      const p = serialToParts(v);
      return fn === "YEAR" ? p.year : fn === "MONTH" ? p.month : p.day;
    }
    case "ROUND": {
      const [v, d] = [num(0), num(1)];
      if (isError(v)) return v;
      if (isError(d)) return d;
      const f = 10 ** Math.trunc(d);
      return Math.round(v * f) / f;
    }
    case "ABS":
    case "INT": {
      const v = num(0);
      if (isError(v)) return v;
      return fn === "ABS" ? Math.abs(v) : Math.floor(v);
    }
    case "ISBLANK":
      return arg(0) === "";
    case "ISNUMBER":
      return typeof arg(0) === "number";
    case "ISTEXT": {
      const v = arg(0);
      return typeof v === "string";
    }
    case "ISERROR":
      return isError(arg(0));
    case "TRIM": {
      const v = arg(0);
      return isError(v) ? v : toText(v).trim().replace(/ +/g, " ");
    }
    case "LEFT":
    case "RIGHT": {
      const v = arg(0);
      const n = args[1] ? num(1) : 1;
      if (isError(v)) return v;
      if (isError(n)) return n;
      const text = toText(v);
      return fn === "LEFT" ? text.slice(0, n) : text.slice(Math.max(0, text.length - n));
    }
    case "MID": {
      const v = arg(0);
      const [start, n] = [num(1), num(2)];
      if (isError(v)) return v;
      if (isError(start)) return start;
      if (isError(n)) return n;
      return toText(v).slice(start - 1, start - 1 + n);
    }
    case "TEXT": {
      const v = arg(0);
      const f = arg(1);
      if (isError(v)) return v;
      if (isError(f)) return f;
      return formatValue(v, toText(f));
    }
    default:
      return { error: "#NAME?" };
  }
}

/** Evaluates `formula` ("=…"); errors come back as their text ("#NAME?"), as Range.values shows them. */
export function evaluate(formula: string, ctx: EvalContext): ScalarValue {
  let node: Node;
  try {
    node = parse(tokenize(formula.replace(/^=/, "")));
  } catch {
    return "#NAME?";
  }
  let v: Value;
  try {
    v = scalar(ctx, evalNode(ctx, node));
  } catch {
    return "#VALUE!";
  }
  if (isError(v)) return v.error;
  if (isRange(v)) return "#VALUE!";
  if (typeof v === "number" && !Number.isFinite(v)) return "#NUM!";
  return v;
}

/** Whether a value is an Excel error text such as "#NAME?". */
export function isErrorText(v: unknown): boolean {
  return typeof v === "string" && /^#(NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!)$/.test(v);
}
