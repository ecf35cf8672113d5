/**
 * Reading and writing the 督办清单 table through its column map, within Excel on the web's 5 MB limits: reads in
 * slices that re-load everything they need (a response over 5 MB delivers nothing of its sync), writes queued
 * against a byte budget and synced before it is exceeded.
 */
import { type Cell, COLUMNS, DATE_COLUMNS, DATE_FORMAT, LIST_TABLE, TEXT_COLUMNS } from "./listModel";
import { type ColumnMap, columnMap, fromCells, ownCells, type WriteCell } from "./listColumns";
import { ExcelError, type ExcelHost } from "./run";

/** Excel on the web refuses requests over 5 MB: keep each sync's writes well under it. */
export const REQUEST_BUDGET_BYTES = 4 * 1024 * 1024;
/** Rows per read slice; halved while a slice's response is over 5 MB. */
export const READ_SLICE_ROWS = 5000;

export interface ListOptions {
  host?: ExcelHost;
  signal?: AbortSignal;
  onProgress?: (message: string, fraction: number) => void;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return n;
}

/** Split rows into chunks whose JSON stays under the request budget. */
export function chunkRows<T>(rows: T[][], budget = REQUEST_BUDGET_BYTES): T[][][] {
  const chunks: T[][][] = [];
  let current: T[][] = [];
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

/** The filter criteria a clerk set on the table's columns (ExcelApi 1.9), by table column index. */
export type FilterState = { column: number; criteria: Excel.FilterCriteria }[];

export interface ListSnapshot {
  map: ColumnMap;
  /** The add-in's columns of each data row (COLUMNS order). */
  rows: Cell[][];
  /** The clerk's own columns of each data row. */
  own: Cell[][];
  /** Columns filtered by the clerk (empty when nothing is filtered or it was not asked for). */
  filter: FilterState;
}

const hasCriteria = (c: Excel.FilterCriteria | null | undefined): boolean =>
  !!c &&
  ((c.values?.length ?? 0) > 0 ||
    !!c.criterion1 ||
    !!c.color ||
    !!c.icon ||
    (!!c.dynamicCriteria && c.dynamicCriteria !== "Unknown"));

/** Criteria as they can be given back to AutoFilter.apply: only the fields that say something. */
function cleanCriteria(c: Excel.FilterCriteria): Excel.FilterCriteria {
  const out: Excel.FilterCriteria = { filterOn: c.filterOn };
  if (c.values?.length) out.values = c.values;
  if (c.criterion1) out.criterion1 = c.criterion1;
  if (c.criterion2) out.criterion2 = c.criterion2;
  if (c.criterion2 && c.operator) out.operator = c.operator;
  if (c.color) out.color = c.color;
  if (c.icon) out.icon = c.icon;
  if (c.dynamicCriteria && c.dynamicCriteria !== "Unknown") out.dynamicCriteria = c.dynamicCriteria;
  return out;
}

/** The columns a loaded AutoFilter (`criteria,isDataFiltered`) filters on, as they can be applied again. */
export function filterStateOf(autoFilter: Excel.AutoFilter): FilterState {
  return autoFilter.isDataFiltered
    ? autoFilter.criteria.flatMap((c, column) =>
        hasCriteria(c) ? [{ column, criteria: cleanCriteria(c) }] : [],
      )
    : [];
}

/**
 * Read the whole table: its header (→ the column map), optionally the clerk's filter, and the body in slices.
 * Everything a sync loads is loaded again after a slice's response was too big: Excel on the web then delivers
 * nothing of that sync. A missing table is ItemNotFound with the Chinese hint; missing add-in columns are a
 * refusal naming them, before anything is written.
 */
export async function readList(
  context: Excel.RequestContext,
  options: { filter?: boolean } = {},
): Promise<ListSnapshot> {
  const table = context.workbook.tables.getItem(LIST_TABLE);
  const body = table.getDataBodyRange();
  const header = table.getHeaderRowRange();
  const autoFilter = options.filter ? table.autoFilter : null;
  let map: ColumnMap | null = null;
  let filter: FilterState | null = options.filter ? null : [];
  const rows: Cell[][] = [];
  const own: Cell[][] = [];
  let size = READ_SLICE_ROWS;
  let total = Infinity;
  while (rows.length < total) {
    if (!map) header.load("values");
    if (!filter) autoFilter?.load("criteria,isDataFiltered");
    body.load("rowCount");
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
    map ??= columnMap(header.values[0] ?? []);
    if (!filter && autoFilter) filter = filterStateOf(autoFilter);
    total = body.rowCount;
    for (const cells of slice.values) {
      rows.push(fromCells(cells, map));
      own.push(ownCells(cells, map));
    }
  }
  return { map: map!, rows, own, filter: filter ?? [] };
}

/**
 * Queues writes and syncs whenever the next one would take the request over the budget, so that no request
 * comes near Excel on the web's 5 MB and each accepted part is in the workbook before the next is sent.
 */
export class BudgetedWriter {
  private pending = 0;
  constructor(
    private readonly context: Excel.RequestContext,
    private readonly budget = REQUEST_BUDGET_BYTES,
  ) {}

  /** Room for `bytes` more in this request (syncing first when there is none). */
  async reserve(bytes: number): Promise<void> {
    if (this.pending > 0 && this.pending + bytes > this.budget) await this.flush();
    this.pending += bytes;
  }

  /** Write one table row range (row index in the body, full table width). */
  async writeRow(table: Excel.Table, index: number, cells: WriteCell[]): Promise<void> {
    await this.reserve(utf8Length(JSON.stringify(cells)) + 600);
    table
      .getDataBodyRange()
      .getCell(index, 0)
      .getResizedRange(0, cells.length - 1).values = [cells as Cell[]];
  }

  async flush(): Promise<void> {
    if (this.pending === 0) return;
    this.pending = 0;
    await this.context.sync();
  }
}

/**
 * The number formats of the add-in's columns, set on the columns' whole bodies (one value fills a range): text
 * columns "@" so 001 or 1-2 typed there stays text, dates as dates. Queue before writing values.
 */
export function formatColumns(table: Excel.Table, map: ColumnMap): void {
  const body = (k: number) => table.columns.getItemAt(map.at[k]!).getDataBodyRange();
  for (const k of TEXT_COLUMNS) body(k).numberFormat = "@" as unknown as string[][];
  for (const k of DATE_COLUMNS) body(k).numberFormat = DATE_FORMAT as unknown as string[][];
}

export const headerOf = (key: string) => COLUMNS.find((c) => c.key === key)!.header;
