/**
 * 导入现有台账, what the pane shows before anything is read or checked: the fields a ledger column can become,
 * their names, what a mapping lacks, and how a date cell is read. Free of zod (ledgerMapping.ts, which validates
 * rows with the domain's schemas, re-exports all of this), so the 清单 tab's import card costs little at first load.
 */
import { isValidDate } from "../../../functions/src/domain/dates";
import { FIELD_LABELS } from "../../../functions/src/domain/fieldLabels";

export type Cell = string | number | boolean | null;

/** What a ledger column can become; `note` (备注) is kept in 督办要求 as 「备注：…」. */
export const LEDGER_FIELDS = [
  "content",
  "leadDept",
  "deadline",
  "owner",
  "leader",
  "supervisedDept",
  "assistDepts",
  "requirements",
  "note",
  "source",
  "urgency",
  "mode",
] as const;
export type LedgerField = (typeof LEDGER_FIELDS)[number];

export const LEDGER_FIELD_LABELS: Record<LedgerField, string> = {
  content: FIELD_LABELS.content!,
  leadDept: FIELD_LABELS.leadDept!,
  deadline: FIELD_LABELS.deadline!,
  owner: FIELD_LABELS.owner!,
  leader: FIELD_LABELS.leader!,
  supervisedDept: FIELD_LABELS.supervisedDept!,
  assistDepts: FIELD_LABELS.assistDepts!,
  requirements: FIELD_LABELS.requirements!,
  note: "备注",
  source: FIELD_LABELS.source!,
  urgency: FIELD_LABELS.urgency!,
  mode: FIELD_LABELS.mode!,
};

/** Column index → field (or null: not imported). */
export type LedgerMapping = (LedgerField | null)[];

/** What the mapping lacks before anything can be imported. */
export function mappingProblems(mapping: LedgerMapping): string[] {
  const problems: string[] = [];
  for (const field of ["content", "leadDept"] as const)
    if (!mapping.includes(field)) problems.push(`请指定「${LEDGER_FIELD_LABELS[field]}」对应的列`);
  const counts = new Map<LedgerField, number>();
  for (const f of mapping) if (f) counts.set(f, (counts.get(f) ?? 0) + 1);
  for (const [f, n] of counts)
    if (n > 1 && f !== "note") problems.push(`「${LEDGER_FIELD_LABELS[f]}」对应了 ${n} 列，只能对应一列`);
  return problems;
}

/** Days since 1899-12-30 (Excel's serial) as an ISO date. */
function serialToDate(serial: number): string {
  const d = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A date typed as text (2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日) or an Excel serial. */
export function parseLedgerDate(v: Cell): string | null | "invalid" {
  if (v === null || v === "" || v === false) return null;
  if (typeof v === "number") return v >= 1 && v < 2958466 ? serialToDate(v) : "invalid";
  const text = String(v).trim();
  if (!text) return null;
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*前)?$/.exec(text);
  if (!m) return "invalid";
  const iso = `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
  return isValidDate(iso) ? iso : "invalid";
}
