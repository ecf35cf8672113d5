// Excel.Range and Excel.RangeAreas proxies. A range is resolved to (worksheet, rectangle) when its instantiate
// action runs and keeps that rectangle (ranges are not re-adjusted for later row inserts/deletes).
import {
  MAX_COLS,
  MAX_ROWS,
  boundingBox,
  cellCount,
  checkInGrid,
  cols,
  formatAddress,
  formatRect,
  intersection,
  isEntireColumn,
  isEntireRow,
  parseAddress,
  rect,
  rows,
  sameRect,
  type Rect,
} from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars, type SyncRun } from "../client";
import { fail } from "../errors";
import { sameName } from "../names";
import type { SheetModel } from "../sheet";
import { ConditionalFormatCollectionProxy } from "./conditional";
import { RangeFormatProxy } from "./format";
import { DataValidationProxy } from "./validation";
import { WorksheetProxy } from "./worksheet";

export interface RangeRef {
  sheet: SheetModel;
  rect: Rect;
}

export interface RangeAreasRef {
  sheet: SheetModel;
  rects: Rect[];
}

const grid = <T>(r: Rect, f: (row: number, col: number) => T): T[][] => {
  const out: T[][] = [];
  for (let row = r.r0; row <= r.r1; row++) {
    const line: T[] = [];
    for (let col = r.c0; col <= r.c1; col++) line.push(f(row, col));
    out.push(line);
  }
  return out;
};

/** Shifting cells up or down through a filtered table is refused (InsertDeleteConflict), as Excel refuses it. */
function refuseUnderFilter(ref: RangeRef): void {
  const below = rect(ref.rect.r0, ref.rect.c0, MAX_ROWS - 1, ref.rect.c1);
  for (const t of ref.sheet.tables()) if (intersection(t.rect, below)) ref.sheet.wb.checkNotFiltered(t);
}

/** A Range argument (proxy or address string) as a rectangle on `sheet` (another sheet is InvalidArgument). */
export function rangeArg(rt: SyncRun, value: unknown, sheet: SheetModel | undefined, what: string): RangeRef {
  if (value instanceof RangeProxy) {
    const ref = rt.entity(value) as RangeRef;
    if (typeof ref !== "object") fail("InvalidArgument", `${what}: the range does not exist`);
    if (sheet && ref.sheet !== sheet) fail("InvalidArgument", `${what}: the range is on another worksheet`);
    return ref;
  }
  if (typeof value !== "string") fail("InvalidArgument", `${what}: expected a Range or an address`);
  const parsed = parseAddress(value);
  let target = sheet;
  if (parsed.sheet !== undefined) {
    target = rt.host.wb.sheets.find((s) => sameName(s.name, parsed.sheet ?? ""));
    if (!target) fail("InvalidArgument", `${what}: no worksheet "${parsed.sheet}"`);
    if (sheet && target !== sheet) fail("InvalidArgument", `${what}: the range is on another worksheet`);
  }
  if (!target) target = rt.host.wb.active;
  return { sheet: target, rect: parsed.rect };
}

const sub = (ref: RangeRef, r: Rect): RangeRef => {
  checkInGrid(r);
  return { sheet: ref.sheet, rect: r };
};

function hiddenState(lines: Set<number>, from: number, to: number): boolean | null {
  let hidden = 0;
  for (const x of lines) if (x >= from && x <= to) hidden++;
  if (hidden === 0) return false;
  return hidden === to - from + 1 ? true : null;
}

function sumSizes(
  sizes: Map<number, number>,
  hidden: Set<number>,
  standard: number,
  from: number,
  to: number,
): number {
  let total = (to - from + 1) * standard;
  for (const [i, size] of sizes) if (i >= from && i <= to) total += size - standard;
  for (const i of hidden) if (i >= from && i <= to) total -= sizes.get(i) ?? standard;
  return total;
}

export class RangeProxy extends ClientObj {
  static override typeName = "Range";

  private rel(
    name: string,
    args: unknown[],
    f: (ref: RangeRef, ...a: never[]) => Rect,
    api?: string,
  ): RangeProxy {
    this._requireApi(name, api);
    return this._child(RangeProxy, name, args, (_rt, ref: RangeRef, a) => sub(ref, f(ref, ...a)));
  }

  getCell(row: number, column: number): RangeProxy {
    return this.rel("getCell", [row, column], ({ rect: r }, a: number, b: number) =>
      rect(r.r0 + a, r.c0 + b),
    );
  }
  getRow(row: number): RangeProxy {
    return this.rel("getRow", [row], ({ rect: r }, a: number) => ({ ...r, r0: r.r0 + a, r1: r.r0 + a }));
  }
  getColumn(column: number): RangeProxy {
    return this.rel("getColumn", [column], ({ rect: r }, a: number) => ({
      ...r,
      c0: r.c0 + a,
      c1: r.c0 + a,
    }));
  }
  getEntireColumn(): RangeProxy {
    return this.rel("getEntireColumn", [], ({ rect: r }) => ({ ...r, r0: 0, r1: MAX_ROWS - 1 }));
  }
  getEntireRow(): RangeProxy {
    return this.rel("getEntireRow", [], ({ rect: r }) => ({ ...r, c0: 0, c1: MAX_COLS - 1 }));
  }
  getResizedRange(deltaRows: number, deltaColumns: number): RangeProxy {
    return this.rel(
      "getResizedRange",
      [deltaRows, deltaColumns],
      ({ rect: r }, a: number, b: number) => {
        const next = { ...r, r1: r.r1 + a, c1: r.c1 + b };
        if (next.r1 < next.r0 || next.c1 < next.c0)
          fail("InvalidArgument", "getResizedRange: the range would be empty");
        return next;
      },
      "1.2",
    );
  }
  getAbsoluteResizedRange(numRows: number, numColumns: number): RangeProxy {
    return this.rel(
      "getAbsoluteResizedRange",
      [numRows, numColumns],
      ({ rect: r }, a: number, b: number) => {
        if (a < 1 || b < 1) fail("InvalidArgument", "getAbsoluteResizedRange: sizes must be positive");
        return { ...r, r1: r.r0 + a - 1, c1: r.c0 + b - 1 };
      },
      "1.7",
    );
  }
  getOffsetRange(rowOffset: number, columnOffset: number): RangeProxy {
    return this.rel("getOffsetRange", [rowOffset, columnOffset], ({ rect: r }, a: number, b: number) => ({
      r0: r.r0 + a,
      r1: r.r1 + a,
      c0: r.c0 + b,
      c1: r.c1 + b,
    }));
  }
  getLastCell(): RangeProxy {
    return this.rel("getLastCell", [], ({ rect: r }) => rect(r.r1, r.c1));
  }
  getLastRow(): RangeProxy {
    return this.rel("getLastRow", [], ({ rect: r }) => ({ ...r, r0: r.r1 }));
  }
  getLastColumn(): RangeProxy {
    return this.rel("getLastColumn", [], ({ rect: r }) => ({ ...r, c0: r.c1 }));
  }
  getRowsAbove(count = 1): RangeProxy {
    return this.rel(
      "getRowsAbove",
      [count],
      ({ rect: r }, n: number) => ({ ...r, r0: r.r0 - n, r1: r.r0 - 1 }),
      "1.2",
    );
  }
  getRowsBelow(count = 1): RangeProxy {
    return this.rel(
      "getRowsBelow",
      [count],
      ({ rect: r }, n: number) => ({ ...r, r0: r.r1 + 1, r1: r.r1 + n }),
      "1.2",
    );
  }
  getColumnsBefore(count = 1): RangeProxy {
    return this.rel(
      "getColumnsBefore",
      [count],
      ({ rect: r }, n: number) => ({ ...r, c0: r.c0 - n, c1: r.c0 - 1 }),
      "1.2",
    );
  }
  getColumnsAfter(count = 1): RangeProxy {
    return this.rel(
      "getColumnsAfter",
      [count],
      ({ rect: r }, n: number) => ({ ...r, c0: r.c1 + 1, c1: r.c1 + n }),
      "1.2",
    );
  }
  getIntersection(anotherRange: RangeProxy | string): RangeProxy {
    return this._child(RangeProxy, "GetIntersection", [anotherRange], (rt, ref: RangeRef, [other]) => {
      const cut = intersection(ref.rect, rangeArg(rt, other, ref.sheet, "getIntersection").rect);
      if (!cut) fail("ItemNotFound", "the ranges do not intersect");
      return { sheet: ref.sheet, rect: cut };
    });
  }
  getIntersectionOrNullObject(anotherRange: RangeProxy | string): RangeProxy {
    this._requireApi("getIntersectionOrNullObject", "1.4");
    return this._child(
      RangeProxy,
      "GetIntersectionOrNullObject",
      [anotherRange],
      (rt, ref: RangeRef, [other]) => {
        const cut = intersection(ref.rect, rangeArg(rt, other, ref.sheet, "getIntersection").rect);
        return cut ? { sheet: ref.sheet, rect: cut } : null;
      },
      { orNull: true },
    );
  }
  getBoundingRect(anotherRange: RangeProxy | string): RangeProxy {
    return this._child(RangeProxy, "GetBoundingRect", [anotherRange], (rt, ref: RangeRef, [other]) => ({
      sheet: ref.sheet,
      rect: boundingBox(ref.rect, rangeArg(rt, other, ref.sheet, "getBoundingRect").rect),
    }));
  }
  private usedIn(ref: RangeRef, valuesOnly: unknown): RangeRef | null {
    const used = ref.sheet.usedRect(Boolean(valuesOnly));
    const cut = used ? intersection(used, ref.rect) : null;
    return cut ? { sheet: ref.sheet, rect: cut } : null;
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    this._requireApi("getUsedRange", "1.2");
    return this._child(RangeProxy, "GetUsedRange", [valuesOnly ?? false], (_rt, ref: RangeRef, [v]) => {
      const used = this.usedIn(ref, v);
      if (!used) fail("ItemNotFound", "there are no used cells in the range");
      return used;
    });
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    this._requireApi("getUsedRangeOrNullObject", "1.4");
    return this._child(
      RangeProxy,
      "GetUsedRangeOrNullObject",
      [valuesOnly ?? false],
      (_rt, ref: RangeRef, [v]) => this.usedIn(ref, v),
      { orNull: true },
    );
  }
  getMergedAreasOrNullObject(): RangeAreasProxy {
    this._requireApi("getMergedAreasOrNullObject", "1.13");
    return this._child(
      RangeAreasProxy,
      "GetMergedAreasOrNullObject",
      [],
      (_rt, ref: RangeRef) => {
        const merges = ref.sheet.merges.filter((m) => intersection(m, ref.rect));
        return merges.length ? { sheet: ref.sheet, rects: merges } : null;
      },
      { orNull: true },
    );
  }

  clear(applyTo: string = "All"): void {
    this._invoke("Clear", [applyTo], (_rt, ref: RangeRef, [what]: string[]) => {
      if (
        !["All", "Formats", "Contents", "Hyperlinks", "RemoveHyperlinks", "ResetContents"].includes(
          what ?? "",
        )
      ) {
        fail("InvalidArgument", `clear(${String(what)})`);
      }
      if (what === "All" || what === "Contents" || what === "ResetContents")
        ref.sheet.clearContents(ref.rect);
      if (what === "All" || what === "Formats") ref.sheet.clearFormats(ref.rect);
    });
  }

  delete(shift: string): void {
    this._invoke("Delete", [shift], (_rt, ref: RangeRef, [dir]: string[]) => {
      const r = ref.rect;
      if (dir === "Up") refuseUnderFilter(ref);
      // Deleting exactly a table's data body (getDataBodyRange().delete("Up")) leaves one empty data row.
      const body = ref.sheet.tables().find((t) => sameRect(t.bodyRect(), r));
      if (dir === "Up" && body) ref.sheet.wb.deleteTableRows(body, 0, body.bodyRowCount);
      else if (dir === "Up") ref.sheet.deleteLines("row", r.r0, r.r1, [r.c0, r.c1]);
      else if (dir === "Left") ref.sheet.deleteLines("col", r.c0, r.c1, [r.r0, r.r1]);
      else fail("InvalidArgument", `delete(${String(dir)})`);
    });
  }

  insert(shift: string): RangeProxy {
    return this._child(RangeProxy, "Insert", [shift], (_rt, ref: RangeRef, [dir]: string[]) => {
      const r = ref.rect;
      if (dir === "Down") refuseUnderFilter(ref);
      if (dir === "Down") ref.sheet.insertLines("row", r.r0, rows(r), [r.c0, r.c1]);
      else if (dir === "Right") ref.sheet.insertLines("col", r.c0, cols(r), [r.r0, r.r1]);
      else fail("InvalidArgument", `insert(${String(dir)})`);
      return ref;
    });
  }

  merge(across = false): void {
    this._requireApi("merge", "1.2");
    this._invoke("Merge", [across], (_rt, ref: RangeRef, [a]: boolean[]) =>
      ref.sheet.merge(ref.rect, Boolean(a)),
    );
  }

  unmerge(): void {
    this._requireApi("unmerge", "1.2");
    this._invoke("Unmerge", [], (_rt, ref: RangeRef) => ref.sheet.unmerge(ref.rect));
  }

  select(): void {
    this._invoke("Select", [], (rt, ref: RangeRef) => {
      rt.host.wb.activate(ref.sheet);
      rt.host.wb.selection = { sheet: ref.sheet, rect: ref.rect };
    });
  }

  calculate(): void {
    this._invoke("Calculate", [], () => undefined);
  }
}

const cellsOf = (ref: RangeRef): number => cellCount(ref.rect);
/** Entire columns or rows: cell-level properties read as null and cannot be written (except a 1×1 format). */
const unbounded = (ref: RangeRef): boolean => isEntireColumn(ref.rect) || isEntireRow(ref.rect);

function writeCells(ref: RangeRef, v: unknown, what: string): void {
  if (unbounded(ref))
    fail("InvalidArgument", `${what} cannot be set on the unbounded range ${formatRect(ref.rect)}`);
  ref.sheet.writeValues(ref.rect, v, what);
}

function writeNumberFormat(ref: RangeRef, v: unknown): void {
  if (!unbounded(ref)) return ref.sheet.writeNumberFormats(ref.rect, v);
  // office-js-docs-pr#5400: an unbounded range takes a 1×1 number format (and a single value).
  const single = Array.isArray(v)
    ? v.length === 1 && Array.isArray(v[0]) && v[0].length === 1
      ? (v[0] as unknown[])[0]
      : undefined
    : v;
  if (single === undefined)
    fail("InvalidArgument", `numberFormat on the unbounded range ${formatRect(ref.rect)} must be one value`);
  ref.sheet.writeNumberFormats(ref.rect, single);
}

const cellProperty = (
  get: (ref: RangeRef) => unknown,
  set?: (ref: RangeRef, v: unknown) => void,
  api?: string,
) => ({
  get,
  ...(set ? { set } : {}),
  ...(api ? { api } : {}),
  cells: cellsOf,
  nullWhen: unbounded,
});

defineScalars(RangeProxy, {
  address: { get: (ref: RangeRef) => formatAddress(ref.sheet.name, ref.rect) },
  addressLocal: { get: (ref: RangeRef) => formatAddress(ref.sheet.name, ref.rect) },
  cellCount: { get: (ref: RangeRef) => cellCount(ref.rect) },
  rowCount: { get: (ref: RangeRef) => rows(ref.rect) },
  columnCount: { get: (ref: RangeRef) => cols(ref.rect) },
  rowIndex: { get: (ref: RangeRef) => ref.rect.r0 },
  columnIndex: { get: (ref: RangeRef) => ref.rect.c0 },
  isEntireColumn: { get: (ref: RangeRef) => isEntireColumn(ref.rect), api: "1.7" },
  isEntireRow: { get: (ref: RangeRef) => isEntireRow(ref.rect), api: "1.7" },
  values: cellProperty(
    (ref) => grid(ref.rect, (r, c) => ref.sheet.valueAt(r, c)),
    (ref, v) => writeCells(ref, v, "Range.values"),
  ),
  formulas: cellProperty(
    (ref) => grid(ref.rect, (r, c) => ref.sheet.formulaAt(r, c)),
    (ref, v) => writeCells(ref, v, "Range.formulas"),
  ),
  formulasLocal: cellProperty(
    (ref) => grid(ref.rect, (r, c) => ref.sheet.formulaAt(r, c)),
    (ref, v) => writeCells(ref, v, "Range.formulasLocal"),
  ),
  numberFormat: cellProperty(
    (ref) => grid(ref.rect, (r, c) => ref.sheet.fmt("numberFormat", r, c)),
    writeNumberFormat,
  ),
  numberFormatLocal: cellProperty(
    (ref) => grid(ref.rect, (r, c) => ref.sheet.fmt("numberFormat", r, c)),
    writeNumberFormat,
    "1.7",
  ),
  text: cellProperty((ref) => grid(ref.rect, (r, c) => ref.sheet.textAt(r, c))),
  valueTypes: cellProperty((ref) => grid(ref.rect, (r, c) => ref.sheet.valueTypeAt(r, c))),
  columnHidden: {
    api: "1.2",
    get: (ref: RangeRef) => hiddenState(ref.sheet.hiddenCols, ref.rect.c0, ref.rect.c1),
    set: (ref: RangeRef, v) => {
      for (let c = ref.rect.c0; c <= ref.rect.c1; c++) {
        if (v) ref.sheet.hiddenCols.add(c);
        else ref.sheet.hiddenCols.delete(c);
      }
    },
  },
  rowHidden: {
    api: "1.2",
    get: (ref: RangeRef) => hiddenState(ref.sheet.hiddenRows, ref.rect.r0, ref.rect.r1),
    set: (ref: RangeRef, v) => {
      for (let r = ref.rect.r0; r <= ref.rect.r1; r++) {
        if (v) ref.sheet.hiddenRows.add(r);
        else ref.sheet.hiddenRows.delete(r);
      }
    },
  },
  hidden: {
    api: "1.2",
    get: (ref: RangeRef) => {
      const byRow = hiddenState(ref.sheet.hiddenRows, ref.rect.r0, ref.rect.r1);
      const byCol = hiddenState(ref.sheet.hiddenCols, ref.rect.c0, ref.rect.c1);
      if (byRow === true || byCol === true) return true;
      return byRow === false && byCol === false ? false : null;
    },
  },
  height: {
    api: "1.10",
    get: (ref: RangeRef) =>
      sumSizes(
        ref.sheet.rowHeights,
        ref.sheet.hiddenRows,
        ref.sheet.standardHeight,
        ref.rect.r0,
        ref.rect.r1,
      ),
  },
  width: {
    api: "1.10",
    get: (ref: RangeRef) =>
      sumSizes(ref.sheet.colWidths, ref.sheet.hiddenCols, ref.sheet.standardWidth, ref.rect.c0, ref.rect.c1),
  },
  top: {
    api: "1.10",
    get: (ref: RangeRef) =>
      ref.rect.r0 === 0
        ? 0
        : sumSizes(ref.sheet.rowHeights, ref.sheet.hiddenRows, ref.sheet.standardHeight, 0, ref.rect.r0 - 1),
  },
  left: {
    api: "1.10",
    get: (ref: RangeRef) =>
      ref.rect.c0 === 0
        ? 0
        : sumSizes(ref.sheet.colWidths, ref.sheet.hiddenCols, ref.sheet.standardWidth, 0, ref.rect.c0 - 1),
  },
});

defineNavs(RangeProxy, {
  format: { cls: () => RangeFormatProxy, resolve: (ref: RangeRef) => ref },
  dataValidation: { cls: () => DataValidationProxy, resolve: (ref: RangeRef) => ref, api: "1.8" },
  conditionalFormats: {
    cls: () => ConditionalFormatCollectionProxy,
    resolve: (ref: RangeRef) => ref,
    api: "1.6",
  },
  worksheet: { cls: () => WorksheetProxy, resolve: (ref: RangeRef) => ref.sheet },
});

/** RangeAreas (print area, merged areas): addresses of several rectangles on one sheet. */
export class RangeAreasProxy extends ClientObj {
  static override typeName = "RangeAreas";
}

defineScalars(RangeAreasProxy, {
  address: { get: (a: RangeAreasRef) => a.rects.map((r) => formatAddress(a.sheet.name, r)).join(",") },
  addressLocal: { get: (a: RangeAreasRef) => a.rects.map((r) => formatAddress(a.sheet.name, r)).join(",") },
  areaCount: { get: (a: RangeAreasRef) => a.rects.length },
  cellCount: { get: (a: RangeAreasRef) => a.rects.reduce((n, r) => n + cellCount(r), 0) },
});

export class RangeCollectionProxy extends ClientCollection {
  static override typeName = "RangeCollection";
  static get itemClass() {
    return RangeProxy;
  }
  static listItems = (a: RangeAreasRef) =>
    a.rects.map((r) => ({ key: formatRect(r), entity: { sheet: a.sheet, rect: r } }));
}

defineNavs(RangeAreasProxy, {
  areas: { cls: () => RangeCollectionProxy, resolve: (a: RangeAreasRef) => a },
  worksheet: { cls: () => WorksheetProxy, resolve: (a: RangeAreasRef) => a.sheet },
});
