/**
 * 导入现有台账, the pure part: which of a ledger's columns hold which item field (proposed from the headers the
 * clerk's own ledger uses), how a row becomes an item (department names or short names → ids, dates typed as
 * text or serials, labels → codes), why a row would be refused (the domain's own validation, in Chinese), and
 * the Idempotency-Key of a row, so that importing again never creates an item twice. The fields, their names and
 * the date reading are in ledgerFields.ts (no zod, for the pane's first load) and re-exported here.
 */
import {
  MODE_LABELS,
  MODES,
  SOURCE_LABELS,
  SOURCES,
  URGENCIES,
  URGENCY_LABELS,
  type Department,
} from "../../../functions/src/domain/types";
import { createItemSchema, validate } from "../../../functions/src/domain/validation";
import type { ItemInput } from "../api/client";
import {
  type Cell,
  LEDGER_FIELD_LABELS,
  LEDGER_FIELDS,
  type LedgerField,
  type LedgerMapping,
  parseLedgerDate,
} from "./ledgerFields";

export {
  type Cell,
  LEDGER_FIELD_LABELS,
  LEDGER_FIELDS,
  type LedgerField,
  type LedgerMapping,
  mappingProblems,
  parseLedgerDate,
} from "./ledgerFields";

/** Headers clerks' ledgers use for each field, most specific first (compared without spaces and punctuation). */
const SYNONYMS: Record<LedgerField, string[]> = {
  content: [
    "督办事项内容",
    "督办事项",
    "事项内容",
    "工作内容",
    "工作任务",
    "重点工作",
    "任务内容",
    "事项",
    "内容",
  ],
  leadDept: ["牵头部门", "责任部门", "牵头单位", "责任单位", "主办部门", "承办部门"],
  deadline: ["完成时限", "办结时限", "完成时间", "截止日期", "截止时间", "时限", "期限"],
  owner: ["责任人", "负责人", "经办人"],
  leader: ["分管领导", "责任领导", "主管领导"],
  supervisedDept: ["被督办部门", "被督办单位"],
  assistDepts: ["协办部门", "配合部门", "协办单位", "配合单位"],
  requirements: ["督办要求", "工作要求", "具体要求", "要求"],
  note: ["备注", "说明"],
  source: ["事项来源", "来源"],
  urgency: ["紧急程度", "缓急程度", "缓急"],
  mode: ["督办方式", "督办类型"],
};

const normaliseHeader = (h: Cell): string =>
  String(h ?? "")
    .replace(/[\s:：()（）*＊]/g, "")
    .toLowerCase();

/** The proposal: each field to the column whose header names it best (exact synonym first, then containing). */
export function proposeMapping(headers: readonly Cell[]): LedgerMapping {
  const names = headers.map(normaliseHeader);
  const mapping: LedgerMapping = names.map(() => null);
  const score = (name: string, field: LedgerField): number => {
    const list = SYNONYMS[field];
    const exact = list.indexOf(name);
    if (exact >= 0) return 100 - exact;
    const within = list.findIndex((s) => s.length >= 2 && name.includes(s));
    return within >= 0 ? 50 - within : 0;
  };
  const candidates = names
    .flatMap((name, c) => LEDGER_FIELDS.map((field) => ({ c, field, s: name ? score(name, field) : 0 })))
    .filter((x) => x.s > 0)
    .sort((a, b) => b.s - a.s || a.c - b.c);
  const taken = new Set<LedgerField>();
  for (const { c, field } of candidates) {
    if (mapping[c] !== null || taken.has(field)) continue;
    mapping[c] = field;
    taken.add(field);
  }
  return mapping;
}

/** The header row of a sheet: among the first rows, the one whose cells name the most fields. */
export function findHeaderRow(rows: readonly (readonly Cell[])[], look = 10): number {
  let best = 0;
  let bestCount = 0;
  for (let r = 0; r < Math.min(look, rows.length); r++) {
    const count = proposeMapping(rows[r]!).filter((f) => f !== null).length;
    if (count > bestCount) {
      best = r;
      bestCount = count;
    }
  }
  return best;
}

// ---------------------------------------------------------------- cells → fields

const DEPT_SUFFIX = /(部门|部|室|处|科|中心|办公室|办|队|组|公司)$/;

/** Department names as ledgers write them: the id, the full name, or a short name (技术 for 技术部). */
export class DepartmentMatcher {
  private readonly exact = new Map<string, string>();
  constructor(private readonly departments: readonly Department[]) {
    for (const d of departments) {
      this.exact.set(d.id.toLowerCase(), d.id);
      this.exact.set(d.name, d.id);
    }
  }
  /** The department's id, or null when none or several match. */
  id(text: string): string | null {
    const t = text.trim().replace(/\s+/g, "");
    if (!t) return null;
    const hit = this.exact.get(t) ?? this.exact.get(t.toLowerCase());
    if (hit) return hit;
    const short = t.replace(DEPT_SUFFIX, "");
    const matches = this.departments.filter((d) => {
      const name = d.name.replace(DEPT_SUFFIX, "");
      return short.length >= 2 && (name === short || d.name.startsWith(short) || t.startsWith(name));
    });
    return matches.length === 1 ? matches[0]!.id : null;
  }
}

function fromLabel<T extends string>(
  text: string,
  values: readonly T[],
  labels: Record<T, string>,
): T | null {
  const t = text.trim();
  for (const v of values) if (labels[v] === t || v === t) return v;
  return null;
}

const cellText = (v: Cell): string => (v === null || v === undefined ? "" : String(v)).trim();

export type RowResult = { ok: true; input: ItemInput } | { ok: false; reasons: string[] };

/** One ledger row as an item to create (拟办), or the Chinese reasons the server would refuse it for. */
export function rowToInput(
  row: readonly Cell[],
  mapping: LedgerMapping,
  depts: DepartmentMatcher,
): RowResult {
  const reasons: string[] = [];
  /** Fields whose cell was already explained: the schema's own message for them would repeat it. */
  const explained = new Set<string>();
  const refuse = (field: string, reason: string) => {
    explained.add(field);
    reasons.push(reason);
  };
  const raw: Record<string, unknown> = { source: "other" };
  const notes: string[] = [];
  mapping.forEach((field, c) => {
    if (!field) return;
    const v = row[c] ?? null;
    const text = cellText(v);
    switch (field) {
      case "leadDept": {
        if (!text) return;
        const id = depts.id(text);
        if (id) raw.leadDept = id;
        else refuse("leadDept", `牵头部门「${text}」不在部门列表中`);
        return;
      }
      case "assistDepts": {
        const ids: string[] = [];
        for (const name of text.split(/[、，,;；/\s]+/).filter(Boolean)) {
          const id = depts.id(name);
          if (id) ids.push(id);
          else refuse("assistDepts", `协办部门「${name}」不在部门列表中`);
        }
        raw.assistDepts = [...new Set(ids)];
        return;
      }
      case "deadline": {
        const date = parseLedgerDate(v);
        if (date === "invalid") refuse("deadline", `完成时限「${text}」不是有效日期（如 2026-12-31）`);
        else raw.deadline = date;
        return;
      }
      case "source":
      case "urgency":
      case "mode": {
        if (!text) return;
        const code =
          field === "source"
            ? fromLabel(text, SOURCES, SOURCE_LABELS)
            : field === "urgency"
              ? fromLabel(text, URGENCIES, URGENCY_LABELS)
              : fromLabel(text, MODES, MODE_LABELS);
        if (code) raw[field] = code;
        else refuse(field, `${LEDGER_FIELD_LABELS[field]}「${text}」不认识`);
        return;
      }
      case "note":
        if (text) notes.push(text);
        return;
      default:
        raw[field] = text;
    }
  });
  if (notes.length) {
    const before = typeof raw.requirements === "string" && raw.requirements ? `${raw.requirements}\n` : "";
    raw.requirements = `${before}备注：${notes.join("；")}`;
  }
  const checked = validate(createItemSchema, raw);
  if (!checked.ok)
    for (const e of checked.errors) if (!explained.has(e.path.split(".")[0]!)) reasons.push(e.message);
  if (reasons.length || !checked.ok) return { ok: false, reasons: [...new Set(reasons)] };
  return { ok: true, input: checked.value as ItemInput };
}

/** Whether a row holds nothing at all in the mapped columns (skipped, not refused). */
export const isBlankRow = (row: readonly Cell[], mapping: LedgerMapping): boolean =>
  mapping.every((f, c) => !f || cellText(row[c] ?? null) === "");

// ---------------------------------------------------------------- idempotency

async function sha256Hex(text: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(hash), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * One Idempotency-Key per row, from the workbook's id, the sheet and the row's item (not its position, so rows
 * moved or inserted above do not change it); identical rows are told apart by their occurrence. Importing again,
 * or resuming after a broken connection, sends the same keys, and the server answers with the items it made.
 */
export async function rowKeys(
  workbookId: string,
  source: string,
  inputs: readonly (ItemInput | null)[],
): Promise<(string | null)[]> {
  const seen = new Map<string, number>();
  return Promise.all(
    inputs.map(async (input) => {
      if (!input) return null;
      const body = JSON.stringify(input, Object.keys(input).sort());
      const n = (seen.get(body) ?? 0) + 1;
      seen.set(body, n);
      return `ledger-${await sha256Hex(`${workbookId}\n${source}\n${n}\n${body}`)}`;
    }),
  );
}
