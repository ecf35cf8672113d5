/**
 * The one column map of the 督办清单 table: which table column holds which of the add-in's columns, found by
 * header, never by position. Clerks add their own columns (备注 typed right of the table, Excel grows it
 * sideways) and move columns around; every read goes through `fromCells` (the add-in's columns in COLUMNS order,
 * as listModel works with them) and every write through `toCells` (the table's full width, the clerk's own
 * columns left alone or carried along). Pure: no Excel.
 */
import { asTextCell, type Cell, COLUMNS, toWritable } from "./listModel";
import { ExcelError } from "./run";

export interface ColumnMap {
  /** How many columns the table has (the add-in's and the clerk's). */
  readonly width: number;
  /** Table column index of each of the add-in's columns, in COLUMNS order. */
  readonly at: readonly number[];
  /** Table column indexes of the clerk's own columns, left to right. */
  readonly own: readonly number[];
  readonly headers: readonly string[];
}

/** A table cell as the add-in writes it: null leaves the cell as it is. */
export type WriteCell = Cell | null;

export interface ColumnCheck {
  map: ColumnMap | null;
  /** Headers of the add-in's columns the table no longer has (renamed or deleted by the clerk). */
  missing: string[];
}

export function checkColumns(headerRow: readonly unknown[]): ColumnCheck {
  const headers = headerRow.map((h) => String(h ?? "").trim());
  const position = new Map(headers.map((h, i) => [h, i]));
  const at: number[] = [];
  const missing: string[] = [];
  for (const c of COLUMNS) {
    const i = position.get(c.header);
    if (i === undefined) missing.push(c.header);
    else at.push(i);
  }
  if (missing.length) return { map: null, missing };
  const mine = new Set(at);
  const own = headers.flatMap((_, i) => (mine.has(i) ? [] : [i]));
  return { map: { width: headers.length, at, own, headers }, missing };
}

export const missingColumnsMessage = (missing: readonly string[]) =>
  `督办清单缺少列「${missing.join("」「")}」（可能被改名或删除），请点击「初始化清单」修复后再试；本次未写入任何内容`;

/** The map of a header row, or a Chinese refusal naming the add-in's columns that are gone. */
export function columnMap(headerRow: readonly unknown[]): ColumnMap {
  const { map, missing } = checkColumns(headerRow);
  if (!map) throw new ExcelError("InvalidOperation", missingColumnsMessage(missing));
  return map;
}

/** A table row read from Excel as the add-in's row (COLUMNS order). */
export function fromCells(cells: readonly unknown[], map: ColumnMap): Cell[] {
  return map.at.map((i) => {
    const v = cells[i];
    return v === null || v === undefined ? "" : (v as Cell);
  });
}

/** The clerk's own cells of a table row, left to right. */
export function ownCells(cells: readonly unknown[], map: ColumnMap): Cell[] {
  return map.own.map((i) => {
    const v = cells[i];
    return v === null || v === undefined ? "" : (v as Cell);
  });
}

/**
 * The full-width table row for an add-in row: the add-in's columns from `row` (text protected), the clerk's
 * own columns from `own` (null: leave the cells alone). Text columns carry the text format, so their strings
 * are written as they are.
 */
export function toCells(
  row: readonly Cell[],
  map: ColumnMap,
  own: readonly WriteCell[] | null = null,
): WriteCell[] {
  const out: WriteCell[] = new Array<WriteCell>(map.width).fill(null);
  const writable = toWritable(row);
  map.at.forEach((i, k) => (out[i] = writable[k]!));
  map.own.forEach((i, k) => {
    const v = own?.[k];
    // A clerk's column is General: text that Excel would parse (001, =…) keeps its apostrophe guard.
    out[i] = v === undefined || v === null ? null : typeof v === "string" ? asTextCell(v) : v;
  });
  return out;
}

/** Zero-based table column index → letters (the table starts in column A). */
export function columnLetters(index0: number): string {
  let s = "";
  for (let n = index0 + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}
