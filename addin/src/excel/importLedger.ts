/**
 * 导入现有台账, the Excel side: the sheets and tables a clerk can pick, reading one (header row found among the
 * first rows), marking every row with its outcome in a 导入结果 column beside the data (可导入 / 不能导入：why /
 * 已导入), and the import itself: items created through the API with one Idempotency-Key per row, rows marked
 * as they are accepted, so a cancelled or broken import resumes where it stopped and never creates twice.
 * Syncs stay few: one read, one write of the marks per batch of rows.
 */
import type { ApiClient, ApiItem } from "../api/client";
import type { Department } from "../../../functions/src/domain/types";
import {
  type Cell,
  DepartmentMatcher,
  findHeaderRow,
  isBlankRow,
  type LedgerMapping,
  mappingProblems,
  proposeMapping,
  type RowResult,
  rowKeys,
  rowToInput,
} from "./ledgerMapping";
import { ExcelError, runExcel, type RunOptions } from "./run";

export const RESULT_HEADER = "导入结果";
const DONE = "已导入";
/** The add-in's own sheets are not ledgers to import. */
const OWN_SHEETS = new Set(["督办清单", "督办参考"]);
const WORKBOOK_ID_SETTING = "duban.workbookId";
/** Rows marked in the sheet per write while importing (each mark write is one sync). */
const MARK_EVERY = 100;
/** Bytes of 导入结果 text per write request (Excel on the web refuses requests over 5 MB). */
const MARK_BYTES = 1024 * 1024;
/** Requests in flight at once. */
const CONCURRENCY = 4;

export interface LedgerOptions extends RunOptions {
  onProgress?: (message: string, fraction: number) => void;
}

/** A sheet or a table the clerk can import from. */
export interface LedgerSource {
  kind: "sheet" | "table";
  /** The sheet's or the table's name. */
  name: string;
  /** For a table, its sheet. */
  sheet: string;
}

/** The sheets and tables of the workbook, except the add-in's own. */
export async function listLedgerSources(options: LedgerOptions = {}): Promise<LedgerSource[]> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    const tables = context.workbook.tables;
    tables.load("items/name,items/worksheet/name");
    await context.sync();
    const out: LedgerSource[] = [];
    for (const t of tables.items)
      if (!OWN_SHEETS.has(t.worksheet.name))
        out.push({ kind: "table", name: t.name, sheet: t.worksheet.name });
    for (const s of sheets.items)
      if (!OWN_SHEETS.has(s.name)) out.push({ kind: "sheet", name: s.name, sheet: s.name });
    return out;
  }, options);
}

/** A ledger as read: its header cells, its data rows (sheet row numbers kept), and where the marks go. */
export interface LedgerData {
  source: LedgerSource;
  headers: Cell[];
  rows: Cell[][];
  /** 0-based sheet row of each data row. */
  rowIndexes: number[];
  /** 0-based sheet row of the header. */
  headerRowIndex: number;
  /** 0-based sheet column of the first ledger column. */
  firstColumn: number;
  /** 0-based sheet column of 导入结果 (existing, or the first one right of the data). */
  resultColumn: number;
  /** The 导入结果 text of each row (empty when none yet). */
  results: string[];
  /** The proposed mapping of the ledger's columns. */
  proposal: LedgerMapping;
}

/** Rows read per request at first; halved while a read's answer is over Excel on the web's 5 MB. */
const READ_ROWS = 2000;

/**
 * Reads a ledger: where it is (one sync), then its values in blocks of rows, each block's answer under Excel on
 * the web's 5 MB (a block that is refused is read again in halves: the failed sync returned nothing).
 */
export async function readLedger(source: LedgerSource, options: LedgerOptions = {}): Promise<LedgerData> {
  const area = await runExcel(async (context) => {
    const range =
      source.kind === "table"
        ? context.workbook.tables.getItem(source.name).getRange()
        : context.workbook.worksheets.getItem(source.sheet).getUsedRangeOrNullObject(true);
    range.load("rowIndex,columnIndex,rowCount,columnCount");
    await context.sync();
    if (range.isNullObject)
      throw new ExcelError("InvalidOperation", `「${source.name}」是空的，没有可导入的行`);
    return { row: range.rowIndex, col: range.columnIndex, rows: range.rowCount, cols: range.columnCount };
  }, options);
  const values: Cell[][] = [];
  let block = READ_ROWS;
  while (values.length < area.rows) {
    const from = values.length;
    const count = Math.min(block, area.rows - from);
    try {
      const part = await runExcel(async (context) => {
        const range = context.workbook.worksheets
          .getItem(source.sheet)
          .getRangeByIndexes(area.row + from, area.col, count, area.cols);
        range.load("values");
        await context.sync();
        return range.values as Cell[][];
      }, options);
      values.push(...part);
      options.onProgress?.(`正在读取台账 ${values.length} / ${area.rows} 行…`, values.length / area.rows);
    } catch (e) {
      if ((e as { code?: unknown }).code !== "ResponsePayloadSizeLimitExceeded" || count === 1) throw e;
      block = Math.max(1, Math.floor(count / 2));
    }
  }
  const header = source.kind === "table" ? 0 : findHeaderRow(values);
  const headerCells = values[header] ?? [];
  const existing = headerCells.findIndex((h) => String(h ?? "").trim() === RESULT_HEADER);
  const width = existing >= 0 ? existing : headerCells.length;
  const data = values.slice(header + 1);
  return {
    source,
    headers: headerCells.slice(0, width),
    rows: data.map((r) => r.slice(0, width)),
    rowIndexes: data.map((_r, i) => area.row + header + 1 + i),
    headerRowIndex: area.row + header,
    firstColumn: area.col,
    resultColumn: area.col + (existing >= 0 ? existing : area.cols),
    results: data.map((r) => (existing >= 0 ? String(r[existing] ?? "").trim() : "")),
    proposal: proposeMapping(headerCells.slice(0, width)),
  };
}

/** Writes 导入结果 for some rows (others left as they are) and its header, in one sync. */
async function writeMarks(
  data: LedgerData,
  marks: Map<number, string>,
  options: LedgerOptions,
): Promise<void> {
  if (marks.size === 0) return;
  // Consecutive rows per request, each request well under Excel on the web's 5 MB.
  const indexes = [...marks.keys()].sort((a, b) => a - b);
  const spans: [number, number][] = [];
  let bytes = 0;
  for (const i of indexes) {
    const size = new TextEncoder().encode(marks.get(i)!).length + 16;
    const span = spans[spans.length - 1];
    if (!span || bytes + size + (i - span[1]) * 8 > MARK_BYTES) {
      spans.push([i, i]);
      bytes = size;
    } else {
      bytes += size + (i - span[1] - 1) * 8;
      span[1] = i;
    }
  }
  await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItem(data.source.sheet);
    const header = sheet.getRangeByIndexes(data.headerRowIndex, data.resultColumn, 1, 1);
    header.values = [[RESULT_HEADER]];
    header.format.font.bold = true;
    for (const [first, last] of spans) {
      const column = sheet.getRangeByIndexes(data.rowIndexes[first]!, data.resultColumn, last - first + 1, 1);
      // null leaves a cell as it is: only the marked rows are written, in one assignment.
      column.values = Array.from({ length: last - first + 1 }, (_v, i) => [marks.get(first + i) ?? null]);
      column.format.wrapText = false;
      await context.sync();
    }
  }, options);
  for (const [i, text] of marks) data.results[i] = text;
}

/** The outcome of a dry run or an import, row by row (index into LedgerData.rows). */
export interface LedgerCheck {
  data: LedgerData;
  results: (RowResult | null)[];
  keys: (string | null)[];
  ready: number;
  refused: number;
  /** Rows marked 已导入 by an earlier run. */
  done: number;
  blank: number;
}

/** The workbook's own id (kept in its settings), so keys of two workbooks with the same rows differ. */
async function workbookId(options: LedgerOptions): Promise<string> {
  return runExcel(async (context) => {
    const setting = context.workbook.settings.getItemOrNullObject(WORKBOOK_ID_SETTING);
    setting.load("value");
    await context.sync();
    if (!setting.isNullObject && typeof setting.value === "string") return setting.value;
    // getRandomValues rather than randomUUID, which older Safari web views (Office on Mac) lack.
    const id = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
      b.toString(16).padStart(2, "0"),
    ).join("");
    context.workbook.settings.add(WORKBOOK_ID_SETTING, id);
    await context.sync();
    return id;
  }, options);
}

async function check(
  data: LedgerData,
  mapping: LedgerMapping,
  departments: readonly Department[],
  options: LedgerOptions,
): Promise<LedgerCheck> {
  const problems = mappingProblems(mapping);
  if (problems.length) throw new ExcelError("InvalidArgument", problems.join("；"));
  const depts = new DepartmentMatcher(departments);
  const results = data.rows.map((row, i) =>
    data.results[i]!.startsWith(DONE) || isBlankRow(row, mapping) ? null : rowToInput(row, mapping, depts),
  );
  const keys = await rowKeys(
    await workbookId(options),
    `${data.source.kind}:${data.source.name}`,
    results.map((r) => (r?.ok ? r.input : null)),
  );
  const done = data.results.filter((r) => r.startsWith(DONE)).length;
  const ready = results.filter((r) => r?.ok).length;
  const refused = results.filter((r) => r && !r.ok).length;
  return { data, results, keys, ready, refused, done, blank: data.rows.length - ready - refused - done };
}

const refusal = (r: RowResult) => (r.ok ? "可导入" : `不能导入：${r.reasons.join("；")}`);

/** 检查: marks every row in the sheet (可导入 / 不能导入：why), creates nothing. */
export async function checkLedger(
  source: LedgerSource,
  mapping: LedgerMapping,
  departments: readonly Department[],
  options: LedgerOptions = {},
): Promise<LedgerCheck> {
  const data = await readLedger(source, options);
  const checked = await check(data, mapping, departments, options);
  const marks = new Map<number, string>();
  checked.results.forEach((r, i) => r && marks.set(i, refusal(r)));
  await writeMarks(data, marks, options);
  return checked;
}

export interface LedgerImport extends LedgerCheck {
  /** Items created (or found again by their key) in this run. */
  created: ApiItem[];
  cancelled: boolean;
}

/**
 * 导入: refused rows are marked with why; the others are created (拟办) through the API, four at a time, with
 * their row's key, and marked 已导入 in batches as the server accepts them. Cancelling stops before the next
 * row; a failure (e.g. the connection) stops the import after marking what was accepted. Running it again
 * skips the rows marked 已导入 and sends the same keys for the rest.
 */
export async function importLedger(
  api: ApiClient,
  source: LedgerSource,
  mapping: LedgerMapping,
  departments: readonly Department[],
  options: LedgerOptions = {},
): Promise<LedgerImport> {
  const data = await readLedger(source, options);
  const checked = await check(data, mapping, departments, options);
  const refusedMarks = new Map<number, string>();
  checked.results.forEach((r, i) => r && !r.ok && refusedMarks.set(i, refusal(r)));
  await writeMarks(data, refusedMarks, options);

  const queue = checked.results.flatMap((r, i) => (r?.ok ? [i] : []));
  const total = queue.length;
  const created: ApiItem[] = [];
  let pending = new Map<number, string>();
  let failure: unknown = null;
  let next = 0;
  // Marks of accepted rows are written even after 取消: they are what a second run resumes from.
  const finishing: LedgerOptions = options.host ? { host: options.host } : {};
  const flush = async () => {
    const marks = pending;
    pending = new Map();
    await writeMarks(data, marks, finishing);
  };
  const worker = async () => {
    while (failure === null && next < queue.length && !options.signal?.aborted) {
      const i = queue[next++]!;
      const r = checked.results[i]!;
      if (!r.ok) continue;
      try {
        const item = await api.createItem(r.input, checked.keys[i]!, options.signal);
        created.push(item);
        pending.set(i, `${DONE}（${item.id}）`);
        options.onProgress?.(
          `正在导入 ${created.length} / ${total} 行…`,
          created.length / Math.max(1, total),
        );
        if (pending.size >= MARK_EVERY) await flush();
      } catch (e) {
        if (!options.signal?.aborted) failure ??= e;
      }
    }
  };
  options.onProgress?.(`正在导入 0 / ${total} 行…`, 0);
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, total) }, worker));
  // What the server accepted is marked even when the import stops: a second run resumes after it.
  await flush();
  if (failure !== null) throw failure;
  return { ...checked, created, cancelled: options.signal?.aborted === true };
}
