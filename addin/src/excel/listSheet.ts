/**
 * The 督办清单 sheet: initialise (or adopt) the table, pull the server's items into it in a few syncs without
 * overwriting unsent edits, and push what the clerk added or edited since the last pull — found from the rows
 * themselves (hidden fingerprint column), never from change events alone.
 */
import { createItemSchema, editItemSchema, validate } from "../../../functions/src/domain/validation";
import type { Department, Status } from "../../../functions/src/domain/types";
import {
  MODE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from "../../../functions/src/domain/types";
import type { ApiClient, ApiItem, ItemInput, ItemQuery } from "../api/client";
import { ApiError } from "../api/client";
import {
  actionForStatus,
  type Cell,
  classifyRow,
  col,
  COLUMNS,
  DATE_COLUMNS,
  DATE_FORMAT,
  DepartmentNames,
  editedKeys,
  fingerprint,
  HEADERS,
  itemToRow,
  LIST_SHEET,
  LIST_TABLE,
  REFERENCE_SHEET,
  rowToFields,
  TEXT_COLUMNS,
  toWritable,
} from "./listModel";
import { type ExcelHost, ExcelError, runExcel } from "./run";

/** Excel on the web refuses requests over 5 MB: keep each sync's writes well under it. */
export const REQUEST_BUDGET_BYTES = 4 * 1024 * 1024;

export interface ListOptions {
  host?: ExcelHost;
  signal?: AbortSignal;
  onProgress?: (message: string, fraction: number) => void;
}

const lastColumn = (n: number) => {
  let s = "";
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
};
const WIDTH = COLUMNS.length;
const HEADER_ADDRESS = `A1:${lastColumn(WIDTH)}1`;

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/** Split rows into chunks whose JSON stays under the request budget. */
export function chunkRows(rows: Cell[][], budget = REQUEST_BUDGET_BYTES): Cell[][][] {
  const chunks: Cell[][][] = [];
  let current: Cell[][] = [];
  let size = 0;
  for (const row of rows) {
    const bytes = utf8Length(JSON.stringify(row)) + 1;
    if (current.length > 0 && size + bytes > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(row);
    size += bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

// ---------------------------------------------------------------- initialise

export interface InitResult {
  created: boolean;
  adopted: boolean;
}

/** Dropdowns, formats, widths and conditional formats of the table; safe to apply again and again. */
function formatTable(
  context: Excel.RequestContext,
  sheet: Excel.Worksheet,
  table: Excel.Table,
  deptCount: number,
) {
  const header = table.getHeaderRowRange();
  header.format.font.bold = true;
  header.format.fill.color = "#1F4E79";
  header.format.font.color = "#FFFFFF";
  header.format.wrapText = true;
  COLUMNS.forEach((c, i) => {
    const column = sheet.getRangeByIndexes(0, i, 1, 1).getEntireColumn();
    if (c.kind === "hidden") column.columnHidden = true;
    else column.format.columnWidth = c.width;
  });
  const body = table.getDataBodyRange();
  const colBody = (key: string) => table.columns.getItemAt(col(key)).getDataBodyRange();
  for (const i of DATE_COLUMNS)
    table.columns.getItemAt(i).getDataBodyRange().numberFormat = DATE_FORMAT as unknown as string[][]; // one value fills the column
  colBody("content").format.wrapText = true;
  const lists: [string, string][] = [
    ["source", Object.values(SOURCE_LABELS).join(",")],
    ["mode", Object.values(MODE_LABELS).join(",")],
    ["urgency", Object.values(URGENCY_LABELS).join(",")],
    ["status", Object.values(STATUS_LABELS).join(",")],
  ];
  for (const [key, source] of lists) {
    const range = colBody(key);
    range.dataValidation.clear();
    range.dataValidation.rule = { list: { inCellDropDown: true, source } };
    range.dataValidation.errorAlert = { showAlert: false, message: "", style: "Information", title: "" };
  }
  const lead = colBody("leadDept");
  lead.dataValidation.clear();
  if (deptCount > 0) {
    // Department names can exceed the 255-character limit of a literal list: point at the reference sheet.
    lead.dataValidation.rule = {
      list: { inCellDropDown: true, source: `=${REFERENCE_SHEET}!$A$2:$A$${deptCount + 1}` },
    };
  }
  body.conditionalFormats.clearAll();
  const overdueCol = lastColumn(col("overdueDays") + 1);
  const firstRow = 2;
  const overdue = body.conditionalFormats.add("Custom" as Excel.ConditionalFormatType);
  overdue.custom.rule.formula = `=AND(ISNUMBER($${overdueCol}${firstRow}),$${overdueCol}${firstRow}>0)`;
  overdue.custom.format.fill.color = "#FDE9E7";
  const light = colBody("light");
  for (const [text, fill, font] of [
    ["红灯", "#E81123", "#FFFFFF"],
    ["黄灯", "#FFC000", "#000000"],
    ["绿灯", "#00B050", "#FFFFFF"],
    ["灰灯", "#A6A6A6", "#FFFFFF"],
  ] as const) {
    const cf = light.conditionalFormats.add("ContainsText" as Excel.ConditionalFormatType);
    cf.textComparison.rule = { operator: "Contains" as Excel.ConditionalTextOperator, text };
    cf.textComparison.format.fill.color = fill;
    cf.textComparison.format.font.color = font;
  }
  void context;
}

function writeReference(context: Excel.RequestContext, departments: readonly Department[]): void {
  const sheets = context.workbook.worksheets;
  const ref = sheets.getItem(REFERENCE_SHEET);
  ref.getRange("A:A").clear();
  const rows: Cell[][] = [["部门"], ...departments.map((d) => [d.name])];
  ref.getRangeByIndexes(0, 0, rows.length, 1).values = rows;
  ref.visibility = "VeryHidden" as Excel.SheetVisibility;
}

/** 初始化清单: create (or adopt) the sheet and its table; re-running repairs formats and never duplicates. */
export async function initialiseList(
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<InitResult> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets;
    const sheet = sheets.getItemOrNullObject(LIST_SHEET);
    const ref = sheets.getItemOrNullObject(REFERENCE_SHEET);
    const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
    sheet.load("name");
    ref.load("name");
    table.load("name");
    await context.sync();

    let created = false;
    let adopted = false;
    let lastUsedRow = 1;
    let target: Excel.Table;
    let targetSheet: Excel.Worksheet;
    if (!table.isNullObject) {
      target = table;
      targetSheet = table.worksheet;
      const header = table.getHeaderRowRange();
      header.load("values");
      await context.sync();
      const found = (header.values[0] ?? []).map(String);
      if (HEADERS.some((h, i) => found[i] !== h))
        throw new ExcelError(
          "InvalidOperation",
          `表格 ${LIST_TABLE} 的列与督办清单不一致，请勿修改表头后再初始化`,
        );
    } else {
      targetSheet = sheet.isNullObject ? sheets.add(LIST_SHEET) : sheet;
      if (!sheet.isNullObject) {
        // Adopt a sheet that already has the headers (typed or pasted by a clerk); refuse to bury other content.
        const used = sheet.getUsedRangeOrNullObject(true);
        used.load("address,rowIndex,rowCount,columnCount");
        const head = sheet.getRange(HEADER_ADDRESS);
        head.load("values");
        const tables = sheet.tables;
        tables.load("items/name");
        await context.sync();
        const sameHeaders = HEADERS.every((h, i) => String(head.values[0]?.[i] ?? "") === h);
        if (tables.items.length > 0 || (!used.isNullObject && !sameHeaders))
          throw new ExcelError(
            "InvalidOperation",
            `工作表「${LIST_SHEET}」已有其他内容，请先改名或清空后再初始化`,
          );
        adopted = sameHeaders;
        if (adopted) lastUsedRow = used.rowIndex + used.rowCount; // the rows typed under the headers
      }
      const rows = adopted ? undefined : [HEADERS];
      if (rows) targetSheet.getRange(HEADER_ADDRESS).values = rows;
      target = targetSheet.tables.add(
        lastUsedRow > 1 ? `A1:${lastColumn(WIDTH)}${lastUsedRow}` : HEADER_ADDRESS,
        true,
      );
      target.name = LIST_TABLE;
      created = !adopted;
    }
    if (ref.isNullObject) sheets.add(REFERENCE_SHEET);
    writeReference(context, departments);
    targetSheet.freezePanes.freezeRows(1);
    formatTable(context, targetSheet, target, departments.length);
    targetSheet.activate();
    await context.sync();
    return { created, adopted };
  }, options);
}

// ---------------------------------------------------------------- reading the table

interface TableSnapshot {
  rows: Cell[][];
}

async function readRows(context: Excel.RequestContext): Promise<TableSnapshot> {
  // No separate existence check: a missing table fails the first read with ItemNotFound (runExcel explains it),
  // which saves a round trip on every pull and push.
  const table = context.workbook.tables.getItem(LIST_TABLE);
  // Excel on the web refuses a response over 5 MB: read the body in slices (halved when a slice is too big).
  const body = table.getDataBodyRange();
  body.load("rowCount");
  const rows: Cell[][] = [];
  let size = READ_SLICE_ROWS;
  let total = Infinity;
  while (rows.length < total) {
    const slice = body
      .getRow(rows.length)
      .getResizedRange(size - 1, 0)
      .getIntersection(body);
    slice.load("values");
    try {
      await context.sync();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === "ItemNotFound")
        throw new ExcelError("ItemNotFound", "尚未初始化督办清单，请先点击「初始化清单」");
      if (code === "ResponsePayloadSizeLimitExceeded" && size > 1) {
        size = Math.ceil(size / 2);
        continue;
      }
      throw e;
    }
    total = body.rowCount;
    for (const r of slice.values) rows.push(r.map((v) => (v === null || v === undefined ? "" : (v as Cell))));
  }
  return { rows };
}
const READ_SLICE_ROWS = 5000;

/** Replace the table's rows with `rows`, in syncs that each stay under the request limit. */
async function writeRows(
  context: Excel.RequestContext,
  current: number,
  rows: Cell[][],
  options: ListOptions,
): Promise<void> {
  const table = context.workbook.tables.getItem(LIST_TABLE);
  const writable = rows.map(toWritable);
  const keep = Math.min(current, writable.length);
  const chunks = chunkRows(writable);
  if (chunks.length === 0) chunks.push([]); // an empty answer must still remove the old rows
  let written = 0;
  let first = true;
  for (const chunk of chunks) {
    if (options.signal?.aborted) throw new ExcelError("Cancelled", "操作已取消");
    if (first) {
      first = false;
      context.application.suspendApiCalculationUntilNextSync();
      if (current > writable.length) {
        // Shrink: delete the surplus rows (keep one empty row when nothing is left: a table needs a body).
        const from = Math.max(writable.length, 1);
        if (current > from)
          table
            .getDataBodyRange()
            .getRow(from)
            .getResizedRange(current - from - 1, 0)
            .delete("Up" as Excel.DeleteShiftDirection);
        if (writable.length === 0)
          table
            .getDataBodyRange()
            .getRow(0)
            .clear("Contents" as Excel.ClearApplyTo);
      }
    }
    const inPlace = Math.max(0, Math.min(chunk.length, keep - written));
    if (inPlace > 0) {
      table
        .getDataBodyRange()
        .getCell(written, 0)
        .getResizedRange(inPlace - 1, WIDTH - 1).values = chunk.slice(0, inPlace);
    }
    if (chunk.length > inPlace) table.rows.add(undefined, chunk.slice(inPlace));
    written += chunk.length;
    if (written === writable.length)
      // In the same request as the last rows: no extra round trip for the formats.
      for (const i of DATE_COLUMNS)
        table.columns.getItemAt(i).getDataBodyRange().numberFormat = DATE_FORMAT as unknown as string[][];
    options.onProgress?.(`已写入 ${written} / ${writable.length} 行`, written / Math.max(1, writable.length));
    await context.sync();
  }
  void TEXT_COLUMNS;
}

// ---------------------------------------------------------------- pull

export interface PullResult {
  total: number;
  pending: number;
  added: number;
}

const pendingLabel = (state: string) =>
  /^(冲突|已拒绝|未发送)/.test(state) ? state : "待提交（本地修改尚未提交）";

/**
 * 刷新: the table shows the server's items (with the query's filters); rows with unsent edits and new rows are
 * kept as the clerk left them and marked pending. Two syncs plus one per extra 4 MB of data.
 */
export async function pullList(
  api: ApiClient,
  query: Omit<ItemQuery, "continuationToken"> = {},
  options: ListOptions = {},
): Promise<PullResult> {
  options.onProgress?.("正在读取服务器数据…", 0);
  const [items, departments] = await Promise.all([
    api.listAllItems(query, options.signal),
    api.getDepartments(options.signal),
  ]);
  const depts = new DepartmentNames(departments.value);
  return runExcel(async (context) => {
    const snapshot = await readRows(context);
    const local = snapshot.rows;
    const pendingById = new Map<string, Cell[]>();
    const fresh: Cell[][] = [];
    for (const row of local) {
      const change = classifyRow(row);
      if (change.kind === "new") fresh.push(row);
      else if (change.kind === "edited") pendingById.set(String(row[col("id")]), row);
    }
    const rows: Cell[][] = [];
    const seen = new Set<string>();
    for (const item of items) {
      seen.add(item.id);
      const mine = pendingById.get(item.id);
      if (mine) {
        const kept = [...mine];
        kept[col("syncState")] = pendingLabel(String(mine[col("syncState")] ?? ""));
        rows.push(kept);
      } else rows.push(itemToRow(item, rows.length + 1, depts));
    }
    for (const [id, row] of pendingById) if (!seen.has(id)) rows.push(row);
    for (const row of fresh) {
      const kept = [...row];
      kept[col("syncState")] = pendingLabel(String(row[col("syncState")] ?? ""));
      rows.push(kept);
    }
    rows.forEach((r, i) => (r[col("seq")] = i + 1));
    await writeRows(context, local.length, rows, options);
    return { total: rows.length, pending: pendingById.size + fresh.length, added: fresh.length };
  }, options);
}

// ---------------------------------------------------------------- push

export type RowOutcome =
  | { kind: "created" | "updated"; item: ApiItem; note?: string }
  | { kind: "rejected"; reason: string }
  | { kind: "conflict"; server: ApiItem; reason: string }
  | { kind: "unsent"; reason: string };

export interface PushResult {
  created: number;
  updated: number;
  rejected: number;
  conflicts: number;
  unsent: number;
  /** Rows whose outcome was written, by item id or idempotency key. */
  outcomes: Map<string, RowOutcome>;
}

const newKey = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function describeApiError(e: ApiError): string {
  const label = (path: string) => {
    const field = path.split(".")[0] ?? "";
    const column = COLUMNS.find((c) => c.field === field);
    return column ? column.header : "";
  };
  if (e.errors.length > 0)
    return e.errors
      .map((x) =>
        label(x.path) && !x.message.includes(label(x.path)) ? `${label(x.path)}：${x.message}` : x.message,
      )
      .join("；");
  return e.detail;
}

function fieldsToInput(fields: ReturnType<typeof rowToFields>["fields"]): ItemInput {
  return { ...fields };
}

const rowRef = (row: Cell[]) => String(row[col("id")] || row[col("key")] || "");

/** The fields whose local value differs from the server's, for a conflict message. */
function conflictSummary(row: Cell[], server: ApiItem, depts: DepartmentNames): string {
  const theirs = itemToRow(server, 0, depts);
  const diffs: string[] = [];
  for (const c of COLUMNS) {
    if (!c.field && c.key !== "status") continue;
    const a = String(row[col(c.key)] ?? "").trim();
    const b = String(theirs[col(c.key)] ?? "").trim();
    if (a !== b)
      diffs.push(
        `${c.header}：${typeof theirs[col(c.key)] === "number" && DATE_COLUMNS.includes(col(c.key)) ? (server.effectiveDeadline ?? server.deadline ?? "") : b || "（空）"}`,
      );
  }
  return `冲突：服务器上已被修改（${diffs.join("；") || "版本不同"}），请在任务窗格中选择保留哪一版`;
}

/**
 * 提交更改: every row added or edited since the last pull is validated with the shared domain schemas and sent
 * with its ETag (creates with an idempotency key written to the row first, so a retry never duplicates);
 * each row is then marked in place: sent, rejected (with the reason) or in conflict (with the server's values).
 */
export async function pushList(api: ApiClient, options: ListOptions = {}): Promise<PushResult> {
  const result: PushResult = {
    created: 0,
    updated: 0,
    rejected: 0,
    conflicts: 0,
    unsent: 0,
    outcomes: new Map(),
  };
  let departments: Awaited<ReturnType<ApiClient["getDepartments"]>>;
  try {
    departments = await api.getDepartments(options.signal);
  } catch (e) {
    if (!(e instanceof ApiError && (e.isNetworkError || e.status === 503))) throw e;
    // The server cannot be reached at all: say so on every pending row (new rows get their key now).
    const reason = `未发送：${e.detail}，恢复后再点「提交更改」`;
    await runExcel(async (context) => {
      const { rows } = await readRows(context);
      const table = context.workbook.tables.getItem(LIST_TABLE);
      rows.forEach((row, i) => {
        const change = classifyRow(row);
        if (change.kind !== "new" && change.kind !== "edited") return;
        if (change.kind === "new" && !String(row[col("key")] ?? "")) row[col("key")] = newKey();
        row[col("syncState")] = reason;
        result.outcomes.set(rowRef(row), { kind: "unsent", reason });
        table
          .getDataBodyRange()
          .getCell(i, 0)
          .getResizedRange(0, WIDTH - 1).values = [toWritable(row)];
      });
      await context.sync();
    }, options);
    result.unsent = result.outcomes.size;
    return result;
  }
  const depts = new DepartmentNames(departments.value);

  // 1. Read the rows; give every new row its idempotency key before anything is sent.
  const work = await runExcel(async (context) => {
    const { rows } = await readRows(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const todo: { row: Cell[]; sentPrint: string }[] = [];
    rows.forEach((row, i) => {
      const change = classifyRow(row);
      if (change.kind === "new" && !String(row[col("key")] ?? "")) {
        row[col("key")] = newKey();
        table.getDataBodyRange().getCell(i, col("key")).values = [[row[col("key")]!]];
      }
      if (change.kind === "new" || change.kind === "edited") todo.push({ row, sentPrint: fingerprint(row) });
    });
    await context.sync();
    return todo;
  }, options);

  // 2. Send, one row at a time in table order; stop at the first sign the server is unreachable.
  let unreachable: string | null = null;
  const total = work.length;
  for (const [index, { row }] of work.entries()) {
    const ref = rowRef(row);
    options.onProgress?.(`正在提交第 ${index + 1} / ${total} 行…`, index / Math.max(1, total));
    if (options.signal?.aborted) unreachable = "已取消，未提交的行将在下次提交";
    if (unreachable) {
      result.outcomes.set(ref, { kind: "unsent", reason: unreachable });
      continue;
    }
    try {
      result.outcomes.set(ref, await sendRow(api, row, depts, options.signal));
    } catch (e) {
      if (e instanceof ApiError && (e.isNetworkError || e.status === 503)) {
        unreachable = `未发送：${e.detail}，恢复后再点「提交更改」`;
        result.outcomes.set(ref, { kind: "unsent", reason: unreachable });
      } else throw e;
    }
  }

  // 3. Mark each row in place; a row the clerk changed again meanwhile keeps the new values.
  await runExcel(async (context) => {
    const { rows } = await readRows(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const sentPrints = new Map(work.map((w) => [rowRef(w.row), w.sentPrint]));
    rows.forEach((row, i) => {
      const ref = rowRef(row);
      const outcome = result.outcomes.get(ref);
      if (!outcome) return;
      const target = table
        .getDataBodyRange()
        .getCell(i, 0)
        .getResizedRange(0, WIDTH - 1);
      let next: Cell[] = [...row];
      if (outcome.kind === "created" || outcome.kind === "updated") {
        const fresh = itemToRow(
          outcome.item,
          Number(row[col("seq")]) || i + 1,
          depts,
          outcome.note ??
            `已提交 ${new Date().toLocaleTimeString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" })}`,
        );
        if (fingerprint(row) === sentPrints.get(ref)) next = fresh;
        else {
          // Edited again while we were sending: keep the clerk's values, adopt the new version underneath.
          next[col("id")] = outcome.item.id;
          next[col("etag")] = outcome.item.etag;
          next[col("base")] = fresh[col("base")]!;
          next[col("syncState")] = "已提交；之后又有修改，待提交";
        }
      } else if (outcome.kind === "rejected") next[col("syncState")] = `已拒绝：${outcome.reason}`;
      else if (outcome.kind === "conflict" || outcome.kind === "unsent")
        next[col("syncState")] = outcome.reason;
      target.values = [toWritable(next)];
    });
    await context.sync();
  }, options);

  for (const o of result.outcomes.values()) {
    if (o.kind === "created") result.created++;
    else if (o.kind === "updated") result.updated++;
    else if (o.kind === "rejected") result.rejected++;
    else if (o.kind === "conflict") result.conflicts++;
    else result.unsent++;
  }
  options.onProgress?.("提交完成", 1);
  return result;
}

async function sendRow(
  api: ApiClient,
  row: Cell[],
  depts: DepartmentNames,
  signal?: AbortSignal,
): Promise<RowOutcome> {
  const change = classifyRow(row);
  const { fields, issues } = rowToFields(row, depts);
  if (change.kind === "new") {
    if (issues.length) return { kind: "rejected", reason: issues.map((x) => x.message).join("；") };
    const v = validate(createItemSchema, fieldsToInput(fields));
    if (!v.ok) return { kind: "rejected", reason: v.errors.map((x) => x.message).join("；") };
    try {
      const item = await api.createItem(fieldsToInput(fields), String(row[col("key")]), signal);
      return { kind: "created", item };
    } catch (e) {
      if (e instanceof ApiError && !e.isNetworkError && e.status !== 503)
        return { kind: "rejected", reason: describeApiError(e) };
      throw e;
    }
  }
  if (change.kind !== "edited") throw new Error("unreachable");
  const id = String(row[col("id")]);
  let etag = String(row[col("etag")]);
  const relevant = issues.filter((x) =>
    change.changedFields.some((f) => COLUMNS.find((c) => c.field === f)?.header === x.column),
  );
  if (relevant.length) return { kind: "rejected", reason: relevant.map((x) => x.message).join("；") };
  const patch: Partial<ItemInput> = {};
  for (const f of change.changedFields) (patch as Record<string, unknown>)[f] = fields[f];
  let item: ApiItem | null = null;
  try {
    if (change.changedFields.length > 0) {
      const v = validate(editItemSchema, patch);
      if (!v.ok) return { kind: "rejected", reason: v.errors.map((x) => x.message).join("；") };
      item = await api.editItem(id, patch, etag, signal);
      etag = item.etag;
    }
    if (change.statusTo !== change.statusFrom) {
      const plan = actionForStatus(change.statusFrom, change.statusTo);
      if ("explain" in plan) {
        const reason = `状态未变更：${plan.explain}`;
        return item ? { kind: "updated", item, note: `已提交修改；${reason}` } : { kind: "rejected", reason };
      }
      item = await api.runAction(id, plan.action, {}, etag, signal);
    }
    if (!item) item = await api.getItem(id, signal);
    return { kind: "updated", item };
  } catch (e) {
    if (!(e instanceof ApiError) || e.isNetworkError || e.status === 503) throw e;
    if (e.status === 412) {
      const server = await api.getItem(id, signal);
      // A retried edit whose first attempt had landed: the server already holds exactly these values.
      const same = change.changedFields.every(
        (f) => JSON.stringify(server[f] ?? null) === JSON.stringify(fields[f] ?? null),
      );
      const statusDone =
        change.statusTo === null ||
        change.statusTo === change.statusFrom ||
        server.status === (change.statusTo as Status);
      if (same && statusDone) return { kind: "updated", item: server };
      return { kind: "conflict", server, reason: conflictSummary(row, server, depts) };
    }
    return item
      ? { kind: "updated", item, note: `已提交修改；状态未变更：${describeApiError(e)}` }
      : { kind: "rejected", reason: describeApiError(e) };
  }
}

// ---------------------------------------------------------------- selection and conflicts

/** The item ids (and row numbers) of the table rows in the user's selection. */
export async function selectedRows(options: ListOptions = {}): Promise<{ ids: string[]; rows: number[] }> {
  return runExcel(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
    table.load("name");
    const selection = context.workbook.getSelectedRange();
    selection.load("rowIndex,rowCount,worksheet/name");
    await context.sync();
    if (table.isNullObject) return { ids: [], rows: [] };
    const body = table.getDataBodyRange();
    body.load("rowIndex,rowCount,values");
    const sheet = table.worksheet;
    sheet.load("name");
    await context.sync();
    if (selection.worksheet.name !== sheet.name) return { ids: [], rows: [] };
    const ids: string[] = [];
    const rows: number[] = [];
    const from = Math.max(selection.rowIndex, body.rowIndex);
    const to = Math.min(selection.rowIndex + selection.rowCount, body.rowIndex + body.rowCount);
    for (let r = from; r < to; r++) {
      const id = String(body.values[r - body.rowIndex]?.[col("id")] ?? "");
      if (id) {
        ids.push(id);
        rows.push(r - body.rowIndex);
      }
    }
    return { ids, rows };
  }, options);
}

/**
 * Settle a conflict: "server" puts the server's version in the row; "mine" keeps the clerk's values on top of
 * the server's version, so the next push sends them knowingly.
 */
export async function resolveConflict(
  server: ApiItem,
  choice: "server" | "mine",
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<void> {
  const depts = new DepartmentNames(departments);
  await runExcel(async (context) => {
    const { rows } = await readRows(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const i = rows.findIndex((r) => String(r[col("id")]) === server.id);
    if (i < 0) throw new ExcelError("ItemNotFound", "清单中找不到该事项，请先刷新");
    const fresh = itemToRow(server, Number(rows[i]![col("seq")]) || i + 1, depts);
    let next: Cell[] = fresh;
    if (choice === "mine") {
      // Three-way: the server's version, with the cells the clerk changed since the pull laid over it.
      const mine = rows[i]!;
      next = [...fresh];
      for (const key of editedKeys(mine)) next[col(key)] = mine[col(key)]!;
      next[col("syncState")] = "待提交（保留我的修改，将覆盖服务器版本）";
    }
    table
      .getDataBodyRange()
      .getCell(i, 0)
      .getResizedRange(0, WIDTH - 1).values = [toWritable(next)];
    await context.sync();
  }, options);
}

/** Write server items into their rows after an action taken in the pane (the rows are found by id). */
export async function updateRows(
  items: readonly ApiItem[],
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<number> {
  const depts = new DepartmentNames(departments);
  const byId = new Map(items.map((i) => [i.id, i]));
  return runExcel(async (context) => {
    const { rows } = await readRows(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    let n = 0;
    rows.forEach((row, i) => {
      const item = byId.get(String(row[col("id")]));
      if (!item) return;
      const change = classifyRow(row);
      const fresh = itemToRow(item, Number(row[col("seq")]) || i + 1, depts);
      let next = fresh;
      if (change.kind === "edited") {
        // The clerk has unsent edits in this row: keep them, take the new version underneath.
        next = [...row];
        next[col("etag")] = item.etag;
        next[col("base")] = fresh[col("base")]!;
        next[col("status")] = fresh[col("status")]!;
      }
      table
        .getDataBodyRange()
        .getCell(i, 0)
        .getResizedRange(0, WIDTH - 1).values = [toWritable(next)];
      n++;
    });
    await context.sync();
    return n;
  }, options);
}

// ---------------------------------------------------------------- what the workbook itself says is pending

export interface PendingRow {
  row: number;
  seq: number;
  id: string | null;
  kind: "new" | "edited" | "conflict" | "rejected" | "unsent";
  state: string;
}

/**
 * Rows still waiting for the server, read from the workbook (so they survive closing the pane): new or edited
 * rows, and rows marked 冲突 / 已拒绝 / 未发送 by the last push.
 */
export async function pendingRows(options: ListOptions = {}): Promise<PendingRow[]> {
  return runExcel(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
    table.load("name");
    await context.sync();
    if (table.isNullObject) return [];
    const { rows } = await readRows(context);
    const out: PendingRow[] = [];
    rows.forEach((row, i) => {
      const change = classifyRow(row);
      if (change.kind === "empty" || change.kind === "unchanged") return;
      const state = String(row[col("syncState")] ?? "");
      const kind = state.startsWith("冲突")
        ? "conflict"
        : state.startsWith("已拒绝")
          ? "rejected"
          : state.startsWith("未发送")
            ? "unsent"
            : change.kind;
      out.push({
        row: i,
        seq: Number(row[col("seq")]) || i + 1,
        id: String(row[col("id")] ?? "") || null,
        kind,
        state,
      });
    });
    return out;
  }, options);
}

/**
 * Call `handler` whenever the selection moves on the 督办清单 sheet; returns the function that unsubscribes.
 * (Excel on the web misses some change events, but selection events are reliable enough to follow the clerk.)
 */
export async function onListSelectionChanged(
  handler: () => void,
  options: ListOptions = {},
): Promise<() => Promise<void>> {
  const registration = await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(LIST_SHEET);
    sheet.load("name");
    await context.sync();
    if (sheet.isNullObject) return null;
    const result = sheet.onSelectionChanged.add(async () => handler());
    await context.sync();
    return result;
  }, options);
  return async () => {
    if (!registration) return;
    // An event handler is removed through the context it was added with.
    registration.remove();
    await registration.context.sync().catch(() => undefined);
  };
}
