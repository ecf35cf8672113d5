// One worksheet's content: sparse cells, layered formats, merges, data validations, conditional formats,
// column widths/row heights/hidden state, freeze panes, page layout, page breaks, charts, protection.
import {
  MAX_COLS,
  MAX_ROWS,
  cellCount,
  cols,
  contains,
  formatAddress,
  intersection,
  intersects,
  isEntireColumn,
  isEntireRow,
  rect,
  rows,
  subtract,
  type Rect,
} from "./a1";
import { FakeOfficeError, fail } from "./errors";
import { defaultFormat, NO_BORDER, type BorderSpec, type FormatBag, type FormatKey } from "./formats";
import { parseInput, type CellInput } from "./input";

/** Excel's limit on the characters in one cell (UTF-16 code units). */
export const CELL_TEXT_LIMIT = 32767;
import { formatValue, type ScalarValue } from "./numfmt";
import type { ChangeRecord, TableModel, WorkbookModel } from "./workbook";

export interface Cell {
  value: ScalarValue;
  formula?: string;
}

export interface ValidationModel {
  rects: Rect[];
  rule: Record<string, unknown> | null;
  prompt: { message: string; showPrompt: boolean; title: string };
  errorAlert: { message: string; showAlert: boolean; style: string; title: string };
  ignoreBlanks: boolean;
}

export interface ConditionalFormatModel {
  id: string;
  type: string;
  rects: Rect[];
  stopIfTrue: boolean;
  /** custom: { formula }, cellValue: { formula1, formula2?, operator }, containsText: { operator, text }. */
  rule: Record<string, unknown>;
  format: { fill: { color?: string }; font: Record<string, unknown>; numberFormat?: string };
}

export interface ChartModel {
  id: string;
  name: string;
  chartType: string;
  source: Rect;
  seriesBy: string;
  top: number;
  left: number;
  width: number;
  height: number;
  position: { startCell?: string; endCell?: string };
  title: Record<string, unknown>;
  legend: Record<string, unknown>;
  dataLabels: Record<string, unknown>;
  axes: { categoryAxis: Record<string, unknown>; valueAxis: Record<string, unknown> };
}

export interface PageBreakModel {
  row: number;
  col: number;
}

export type HeaderFooterBag = Record<
  "leftHeader" | "centerHeader" | "rightHeader" | "leftFooter" | "centerFooter" | "rightFooter",
  string
>;

export function defaultPageLayout(locale: "en-US" | "zh-CN") {
  const hf = (): HeaderFooterBag => ({
    leftHeader: "",
    centerHeader: "",
    rightHeader: "",
    leftFooter: "",
    centerFooter: "",
    rightFooter: "",
  });
  return {
    orientation: "Portrait",
    paperSize: locale === "zh-CN" ? "A4" : "Letter",
    topMargin: 54,
    bottomMargin: 54,
    leftMargin: 50.4,
    rightMargin: 50.4,
    headerMargin: 21.6,
    footerMargin: 21.6,
    centerHorizontally: false,
    centerVertically: false,
    printGridlines: false,
    printHeadings: false,
    blackAndWhite: false,
    draftMode: false,
    firstPageNumber: "" as number | "",
    printComments: "NoComments",
    printErrors: "AsDisplayed",
    printOrder: "DownThenOver",
    alignMarginsHeaderFooter: true,
    zoom: { scale: 100 } as Record<string, number | null>,
    headersFooters: {
      state: "Default",
      useSheetMargins: true,
      useSheetScale: true,
      defaultForAllPages: hf(),
      firstPage: hf(),
      evenPages: hf(),
      oddPages: hf(),
    },
  };
}
export type PageLayoutModel = ReturnType<typeof defaultPageLayout>;

export type Axis = "row" | "col";

/** Insert `n` lines at `at` along an axis: [a,b] → moved or grown. */
function insertSpan(a: number, b: number, at: number, n: number): [number, number] {
  if (a >= at) return [a + n, b + n];
  if (b >= at) return [a, b + n];
  return [a, b];
}

/** Delete lines d0..d1: [a,b] → shifted, shrunk or null when removed entirely. */
function deleteSpan(a: number, b: number, d0: number, d1: number): [number, number] | null {
  const n = d1 - d0 + 1;
  if (b < d0) return [a, b];
  if (a > d1) return [a - n, b - n];
  if (a >= d0 && b <= d1) return null;
  const overlap = Math.min(b, d1) - Math.max(a, d0) + 1;
  return [Math.min(a, d0), b - overlap];
}

const along = (r: Rect, axis: Axis): [number, number] => (axis === "row" ? [r.r0, r.r1] : [r.c0, r.c1]);
const across = (r: Rect, axis: Axis): [number, number] => (axis === "row" ? [r.c0, r.c1] : [r.r0, r.r1]);
const withAlong = (r: Rect, axis: Axis, a: number, b: number): Rect =>
  axis === "row" ? { ...r, r0: a, r1: b } : { ...r, c0: a, c1: b };

/** How a rectangle relates to the band of lines being shifted: untouched, fully inside the band, or partly. */
function bandRelation(
  r: Rect,
  axis: Axis,
  band: [number, number],
  from: number,
): "outside" | "inside" | "partial" {
  const [x0, x1] = across(r, axis);
  const [, b] = along(r, axis);
  if (x1 < band[0] || x0 > band[1] || b < from) return "outside";
  return x0 >= band[0] && x1 <= band[1] ? "inside" : "partial";
}

export class SheetModel {
  readonly id: string;
  name: string;
  visibility: "Visible" | "Hidden" | "VeryHidden" = "Visible";
  deleted = false;
  cells = new Map<number, Cell>();
  fmtSheet: FormatBag = {};
  fmtCols = new Map<number, FormatBag>();
  fmtRows = new Map<number, FormatBag>();
  fmtCells = new Map<number, FormatBag>();
  colWidths = new Map<number, number>();
  rowHeights = new Map<number, number>();
  hiddenCols = new Set<number>();
  hiddenRows = new Set<number>();
  standardWidth = 48;
  standardHeight = 15;
  merges: Rect[] = [];
  validations: ValidationModel[] = [];
  conditionalFormats: ConditionalFormatModel[] = [];
  freeze = { rows: 0, cols: 0 };
  pageLayout: PageLayoutModel;
  printArea: Rect[] | null = null;
  printTitleRows: Rect | null = null;
  printTitleColumns: Rect | null = null;
  horizontalPageBreaks: PageBreakModel[] = [];
  verticalPageBreaks: PageBreakModel[] = [];
  charts: ChartModel[] = [];
  protection = { protected: false, options: {} as Record<string, unknown> };
  showGridlines = true;
  showHeadings = true;
  tabColor = "";

  constructor(
    readonly wb: WorkbookModel,
    id: string,
    name: string,
  ) {
    this.id = id;
    this.name = name;
    this.pageLayout = defaultPageLayout(wb.locale);
    this.standardHeight = wb.locale === "zh-CN" ? 14.25 : 15;
  }

  static key(row: number, col: number): number {
    return row * MAX_COLS + col;
  }
  static unkey(key: number): [number, number] {
    return [Math.floor(key / MAX_COLS), key % MAX_COLS];
  }

  address(r: Rect): string {
    return formatAddress(this.name, r);
  }

  tables(): TableModel[] {
    return this.wb.tables.filter((t) => t.sheet === this);
  }

  // ---- values ----

  cell(row: number, col: number): Cell | undefined {
    return this.cells.get(SheetModel.key(row, col));
  }

  valueAt(row: number, col: number, depth = 0): ScalarValue {
    const c = this.cell(row, col);
    if (!c) return "";
    if (c.formula === undefined) return c.value;
    if (depth > 50) return 0;
    return this.wb.evaluateIn(this, c.formula, 0, 0, depth + 1);
  }

  formulaAt(row: number, col: number): ScalarValue {
    const c = this.cell(row, col);
    if (!c) return "";
    return c.formula ?? c.value;
  }

  textAt(row: number, col: number): string {
    return formatValue(this.valueAt(row, col), this.fmt("numberFormat", row, col) as string);
  }

  valueTypeAt(row: number, col: number): string {
    const v = this.valueAt(row, col);
    if (v === "") return "Empty";
    if (typeof v === "boolean") return "Boolean";
    if (typeof v === "number") return "Double";
    return /^#(NAME\?|VALUE!|REF!|DIV\/0!|N\/A|NUM!|NULL!)$/.test(v) ? "Error" : "String";
  }

  mergeAt(row: number, col: number): Rect | undefined {
    return this.merges.find((m) => row >= m.r0 && row <= m.r1 && col >= m.c0 && col <= m.c1);
  }

  private checkWritable(r: Rect): void {
    if (!this.protection.protected) return;
    for (let row = r.r0; row <= Math.min(r.r1, r.r0 + 10_000); row++) {
      for (let col = r.c0; col <= Math.min(r.c1, r.c0 + 1000); col++) {
        if (this.fmt("locked", row, col)) fail("AccessDenied", `worksheet "${this.name}" is protected`);
      }
    }
  }

  setCell(row: number, col: number, input: CellInput): void {
    const key = SheetModel.key(row, col);
    if (input.formula === undefined && input.value === "") this.cells.delete(key);
    else
      this.cells.set(
        key,
        input.formula === undefined ? { value: input.value } : { value: "", formula: input.formula },
      );
    if (input.autoFormat && this.fmt("numberFormat", row, col) === "General") {
      this.setCellFormat(row, col, "numberFormat", input.autoFormat);
    }
  }

  /**
   * Writes `raw` (a 2D array exactly the size of `r`, or one value for every cell) as Range.values/formulas does.
   * Only the top-left cell of a merged area keeps a value.
   */
  writeValues(
    r: Rect,
    raw: unknown,
    what: string,
    changeType: ChangeRecord["changeType"] | null = "RangeEdited",
  ): void {
    const array = Array.isArray(raw);
    if (array) {
      const okShape =
        raw.length === rows(r) &&
        raw.every((row) => Array.isArray(row) && (row as unknown[]).length === cols(r));
      if (!okShape) this.shapeError(what, r, raw);
    } else if (cellCount(r) > 2_000_000) {
      fail("InvalidArgument", `${what}: one value for ${cellCount(r)} cells is beyond what the fake writes`);
    }
    this.checkWritable(r);
    const now = this.wb.now();
    // Parse everything first: a bad value fails the whole write.
    const parsed: Array<[number, number, CellInput]> = [];
    for (let i = 0; i < rows(r); i++) {
      for (let j = 0; j < cols(r); j++) {
        const row = r.r0 + i;
        const col = r.c0 + j;
        const item = array ? (raw[i] as unknown[])[j] : raw;
        if (typeof item === "string" && item.length > CELL_TEXT_LIMIT)
          fail("InvalidArgument", `${what}: a cell holds at most 32,767 characters (${item.length} given)`);
        const input = parseInput(item, this.fmt("numberFormat", row, col) as string, this.wb.locale, now);
        if (!input) continue;
        const merge = this.mergeAt(row, col);
        if (merge && (merge.r0 !== row || merge.c0 !== col)) continue;
        parsed.push([row, col, input]);
      }
    }
    const single = r.r0 === r.r1 && r.c0 === r.c1;
    const before = single
      ? { value: this.valueAt(r.r0, r.c0), type: this.valueTypeAt(r.r0, r.c0) }
      : undefined;
    for (const [row, col, input] of parsed) this.setCell(row, col, input);
    const details = before
      ? {
          valueBefore: before.value,
          valueAfter: this.valueAt(r.r0, r.c0),
          valueTypeBefore: before.type,
          valueTypeAfter: this.valueTypeAt(r.r0, r.c0),
        }
      : undefined;
    this.wb.afterWrite(this, r, changeType, details);
  }

  /** Excel's own message for an array that does not fit the range. */
  private shapeError(what: string, r: Rect, raw: unknown[]): never {
    const got = `${raw.length}×${Array.isArray(raw[0]) ? (raw[0] as unknown[]).length : "?"}`;
    throw new FakeOfficeError(
      "InvalidArgument",
      `The number of rows or columns in the input array doesn't match the size or dimensions of the range. ` +
        `(${what}: the array is ${got}, ${this.address(r)} is ${rows(r)}×${cols(r)})`,
      what,
    );
  }

  writeNumberFormats(r: Rect, raw: unknown): void {
    if (Array.isArray(raw)) {
      const okShape =
        raw.length === rows(r) &&
        raw.every((row) => Array.isArray(row) && (row as unknown[]).length === cols(r));
      if (!okShape) this.shapeError("Range.numberFormat", r, raw);
      for (let i = 0; i < rows(r); i++) {
        for (let j = 0; j < cols(r); j++) {
          const f = (raw[i] as unknown[])[j];
          if (f === null || f === undefined) continue;
          if (typeof f !== "string") fail("InvalidArgument", `numberFormat ${JSON.stringify(f)}`);
          this.setCellFormat(r.r0 + i, r.c0 + j, "numberFormat", f);
        }
      }
    } else {
      if (raw === null || raw === undefined) return;
      if (typeof raw !== "string") fail("InvalidArgument", `numberFormat ${JSON.stringify(raw)}`);
      this.setFormat(r, "numberFormat", raw);
    }
  }

  clearContents(r: Rect, changeType: ChangeRecord["changeType"] | null = "RangeEdited"): void {
    this.checkWritable(r);
    for (const key of [...this.cells.keys()]) {
      const [row, col] = SheetModel.unkey(key);
      if (row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1) this.cells.delete(key);
    }
    this.wb.afterWrite(this, r, changeType);
  }

  // ---- formats ----

  fmt(key: FormatKey, row: number, col: number): unknown {
    const cellBag = this.fmtCells.get(SheetModel.key(row, col));
    if (cellBag && cellBag[key] !== undefined) return cellBag[key];
    const rowBag = this.fmtRows.get(row);
    if (rowBag && rowBag[key] !== undefined) return rowBag[key];
    const colBag = this.fmtCols.get(col);
    if (colBag && colBag[key] !== undefined) return colBag[key];
    if (this.fmtSheet[key] !== undefined) return this.fmtSheet[key];
    if (key.startsWith("border")) return undefined;
    return defaultFormat(this.wb.locale)[key as keyof ReturnType<typeof defaultFormat>];
  }

  private setCellFormat(row: number, col: number, key: FormatKey, value: unknown): void {
    const k = SheetModel.key(row, col);
    let bag = this.fmtCells.get(k);
    if (!bag) {
      bag = {};
      this.fmtCells.set(k, bag);
    }
    (bag as Record<string, unknown>)[key] = value;
  }

  /** Sets a format property on a rectangle, writing the sheet/column/row layer for entire sheets/columns/rows. */
  setFormat(r: Rect, key: FormatKey, value: unknown): void {
    const entireCol = isEntireColumn(r);
    const entireRow = isEntireRow(r);
    const drop = (bag: FormatBag | undefined) => {
      if (bag) delete (bag as Record<string, unknown>)[key];
    };
    if (entireCol && entireRow) {
      (this.fmtSheet as Record<string, unknown>)[key] = value;
      for (const bag of this.fmtCols.values()) drop(bag);
      for (const bag of this.fmtRows.values()) drop(bag);
      for (const bag of this.fmtCells.values()) drop(bag);
      return;
    }
    if (entireCol) {
      for (const [k, bag] of this.fmtCells) {
        const col = k % MAX_COLS;
        if (col >= r.c0 && col <= r.c1) drop(bag);
      }
      for (const [row, bag] of this.fmtRows) {
        if ((bag as Record<string, unknown>)[key] === undefined) continue;
        for (let col = r.c0; col <= r.c1; col++) this.setCellFormat(row, col, key, value);
      }
      for (let col = r.c0; col <= r.c1; col++) {
        const bag = this.fmtCols.get(col) ?? {};
        (bag as Record<string, unknown>)[key] = value;
        this.fmtCols.set(col, bag);
      }
      return;
    }
    if (entireRow) {
      for (const [k, bag] of this.fmtCells) {
        const row = Math.floor(k / MAX_COLS);
        if (row >= r.r0 && row <= r.r1) drop(bag);
      }
      for (const [col, bag] of this.fmtCols) {
        if ((bag as Record<string, unknown>)[key] === undefined) continue;
        for (let row = r.r0; row <= r.r1; row++) this.setCellFormat(row, col, key, value);
      }
      for (let row = r.r0; row <= r.r1; row++) {
        const bag = this.fmtRows.get(row) ?? {};
        (bag as Record<string, unknown>)[key] = value;
        this.fmtRows.set(row, bag);
      }
      return;
    }
    if (cellCount(r) > 2_000_000)
      fail("InvalidArgument", "formatting more than 2,000,000 single cells is beyond the fake");
    for (let row = r.r0; row <= r.r1; row++)
      for (let col = r.c0; col <= r.c1; col++) this.setCellFormat(row, col, key, value);
  }

  /** The one value of a format property over a rectangle, or null when the cells differ. */
  uniformFormat(r: Rect, key: FormatKey): unknown {
    const seen = new Set<string>();
    let first: unknown;
    const add = (v: unknown) => {
      const s = JSON.stringify(v ?? null);
      if (seen.size === 0) first = v;
      seen.add(s);
    };
    if (cellCount(r) <= 200_000) {
      for (let row = r.r0; row <= r.r1; row++) {
        for (let col = r.c0; col <= r.c1; col++) {
          add(this.fmt(key, row, col));
          if (seen.size > 1) return null;
        }
      }
      return first;
    }
    // Large ranges: the layers that can differ.
    add(this.fmt(key, r.r0, r.c0));
    for (const [k, bag] of this.fmtCells) {
      const [row, col] = SheetModel.unkey(k);
      if (bag[key] !== undefined && row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1) add(bag[key]);
    }
    for (const [row, bag] of this.fmtRows)
      if (bag[key] !== undefined && row >= r.r0 && row <= r.r1) add(bag[key]);
    for (let col = r.c0; col <= Math.min(r.c1, r.c0 + MAX_COLS); col++) add(this.fmt(key, MAX_ROWS - 1, col));
    return seen.size > 1 ? null : first;
  }

  clearFormats(r: Rect): void {
    const all = Object.keys(defaultFormat(this.wb.locale)) as FormatKey[];
    const borders: FormatKey[] = [
      "borderTop",
      "borderBottom",
      "borderLeft",
      "borderRight",
      "borderDiagonalDown",
      "borderDiagonalUp",
    ];
    if (isEntireColumn(r) || isEntireRow(r)) {
      for (const key of [...all, ...borders]) this.setFormat(r, key, undefined);
    } else {
      for (const [k] of this.fmtCells) {
        const [row, col] = SheetModel.unkey(k);
        if (row >= r.r0 && row <= r.r1 && col >= r.c0 && col <= r.c1) this.fmtCells.delete(k);
      }
    }
    this.merges = this.merges.filter((m) => !intersects(m, r));
  }

  border(
    row: number,
    col: number,
    side: "Top" | "Bottom" | "Left" | "Right" | "DiagonalDown" | "DiagonalUp",
  ): BorderSpec {
    const own = this.fmt(`border${side}` as FormatKey, row, col) as BorderSpec | undefined;
    if (own && own.style !== "None") return own;
    // Shared edges: the neighbour's opposite border draws the same line.
    const neighbour =
      side === "Top" && row > 0
        ? (this.fmt("borderBottom", row - 1, col) as BorderSpec | undefined)
        : side === "Bottom"
          ? (this.fmt("borderTop", row + 1, col) as BorderSpec | undefined)
          : side === "Left" && col > 0
            ? (this.fmt("borderRight", row, col - 1) as BorderSpec | undefined)
            : side === "Right"
              ? (this.fmt("borderLeft", row, col + 1) as BorderSpec | undefined)
              : undefined;
    return neighbour && neighbour.style !== "None" ? neighbour : (own ?? NO_BORDER);
  }

  // ---- geometry ----

  columnWidth(col: number): number {
    return this.colWidths.get(col) ?? this.standardWidth;
  }
  rowHeight(row: number): number {
    return this.rowHeights.get(row) ?? this.standardHeight;
  }

  /** Bounding box of cells with content (and, unless valuesOnly, with cell formats or in a table), or null. */
  usedRect(valuesOnly: boolean): Rect | null {
    let box: Rect | null = null;
    const take = (r: Rect) => {
      box = box
        ? {
            r0: Math.min(box.r0, r.r0),
            c0: Math.min(box.c0, r.c0),
            r1: Math.max(box.r1, r.r1),
            c1: Math.max(box.c1, r.c1),
          }
        : { ...r };
    };
    for (const key of this.cells.keys()) {
      const [row, col] = SheetModel.unkey(key);
      take(rect(row, col));
    }
    if (!valuesOnly) {
      for (const [key, bag] of this.fmtCells) {
        if (Object.values(bag).some((v) => v !== undefined)) {
          const [row, col] = SheetModel.unkey(key);
          take(rect(row, col));
        }
      }
      for (const t of this.tables()) take(t.rect);
      for (const m of this.merges) take(m);
    }
    return box;
  }

  // ---- merges ----

  merge(r: Rect, across: boolean): void {
    const targets: Rect[] = across
      ? Array.from({ length: rows(r) }, (_, i) => ({ ...r, r0: r.r0 + i, r1: r.r0 + i }))
      : [r];
    for (const t of this.tables()) {
      if (intersects(t.rect, r)) fail("InvalidOperation", "cells in a table cannot be merged");
    }
    for (const m of this.merges) {
      if (intersects(m, r) && !contains(r, m))
        fail("InvalidOperation", `the range overlaps part of the merged area ${this.address(m)}`);
    }
    this.merges = this.merges.filter((m) => !contains(r, m));
    for (const target of targets) {
      if (target.r0 === target.r1 && target.c0 === target.c1) continue;
      for (let row = target.r0; row <= target.r1; row++) {
        for (let col = target.c0; col <= target.c1; col++) {
          if (row !== target.r0 || col !== target.c0) this.cells.delete(SheetModel.key(row, col));
        }
      }
      this.merges.push(target);
    }
  }

  unmerge(r: Rect): void {
    this.merges = this.merges.filter((m) => !intersects(m, r));
  }

  // ---- data validation ----

  validationsIn(r: Rect): ValidationModel[] {
    return this.validations.filter((v) => v.rects.some((x) => intersects(x, r)));
  }

  /** Replaces the validation of `r` with `next` (built from the single validation already there, if any). */
  setValidation(r: Rect, change: (base: ValidationModel) => void): void {
    const existing = this.validationsIn(r);
    const base: ValidationModel = existing[0]
      ? structuredCloneJson(existing[0])
      : {
          rects: [],
          rule: null,
          prompt: { message: "", showPrompt: false, title: "" },
          errorAlert: { message: "", showAlert: true, style: "Stop", title: "" },
          ignoreBlanks: true,
        };
    change(base);
    base.rects = [r];
    this.clearValidation(r);
    this.validations.push(base);
  }

  clearValidation(r: Rect): void {
    for (const v of this.validations) v.rects = v.rects.flatMap((x) => subtract(x, r));
    this.validations = this.validations.filter((v) => v.rects.length > 0);
  }

  // ---- conditional formats ----

  conditionalFormatsIn(r: Rect): ConditionalFormatModel[] {
    return this.conditionalFormats.filter((cf) => cf.rects.some((x) => intersects(x, r)));
  }

  // ---- structural changes ----

  /** Every rectangle-holding structure of the sheet, for shifting. */
  private shiftTargets(): Array<{
    rects: () => Rect[];
    set: (rs: Rect[]) => void;
    strict: boolean;
    what: string;
  }> {
    const out: Array<{ rects: () => Rect[]; set: (rs: Rect[]) => void; strict: boolean; what: string }> = [];
    out.push({
      rects: () => this.merges,
      set: (rs) => (this.merges = rs),
      strict: true,
      what: "a merged area",
    });
    for (const v of this.validations)
      out.push({ rects: () => v.rects, set: (rs) => (v.rects = rs), strict: false, what: "" });
    for (const cf of this.conditionalFormats)
      out.push({ rects: () => cf.rects, set: (rs) => (cf.rects = rs), strict: false, what: "" });
    return out;
  }

  /**
   * Inserts `n` blank lines at `at` along `axis` (rows: cells shift down; columns: cells shift right) inside the
   * band of lines `band` of the other axis (the whole sheet width for entire rows/columns).
   */
  insertLines(axis: Axis, at: number, n: number, band: [number, number], skipTable?: TableModel): void {
    const full = band[0] === 0 && band[1] === (axis === "row" ? MAX_COLS - 1 : MAX_ROWS - 1);
    const limit = axis === "row" ? MAX_ROWS : MAX_COLS;
    // Conflicts first: nothing may change if the insert is refused.
    for (const t of this.tables()) {
      if (t === skipTable) continue;
      if (!full && bandRelation(t.rect, axis, band, at) === "partial") {
        fail("InvalidOperation", `the insert would shift part of table "${t.name}"`);
      }
      const [a, b] = along(t.rect, axis);
      if (axis === "col" && a < at && at <= b && bandRelation(t.rect, axis, band, at) !== "outside") {
        fail(
          "InvalidOperation",
          `insert table columns with table.columns.add, not through table "${t.name}"`,
        );
      }
    }
    for (const target of this.shiftTargets()) {
      if (!target.strict || full) continue;
      for (const r of target.rects()) {
        if (bandRelation(r, axis, band, at) === "partial")
          fail("InvalidOperation", `the insert would shift part of ${target.what}`);
      }
    }
    const moveKeys = <T>(map: Map<number, T>) => {
      const moved: Array<[number, T]> = [];
      for (const [key, v] of map) {
        const [row, col] = SheetModel.unkey(key);
        const [p, q] = axis === "row" ? [row, col] : [col, row];
        if (p >= at && q >= band[0] && q <= band[1]) {
          if (p + n >= limit) fail("NonBlankCellOffSheet");
          map.delete(key);
          moved.push([axis === "row" ? SheetModel.key(row + n, col) : SheetModel.key(row, col + n), v]);
        }
      }
      for (const [key, v] of moved) map.set(key, v);
    };
    moveKeys(this.cells);
    moveKeys(this.fmtCells);
    if (full) {
      const shiftLineMap = <T>(map: Map<number, T>) => {
        const entries = [...map].sort((a, b) => b[0] - a[0]);
        for (const [line, v] of entries) {
          if (line >= at) {
            map.delete(line);
            map.set(line + n, v);
          }
        }
      };
      if (axis === "row") {
        shiftLineMap(this.fmtRows);
        shiftLineMap(this.rowHeights);
        this.hiddenRows = new Set([...this.hiddenRows].map((r) => (r >= at ? r + n : r)));
      } else {
        shiftLineMap(this.fmtCols);
        shiftLineMap(this.colWidths);
        this.hiddenCols = new Set([...this.hiddenCols].map((c) => (c >= at ? c + n : c)));
      }
    }
    for (const target of this.shiftTargets()) {
      target.set(
        target.rects().map((r) => {
          if (!full && bandRelation(r, axis, band, at) !== "inside") return r;
          const [a, b] = along(r, axis);
          const [na, nb] = insertSpan(a, b, at, n);
          return withAlong(r, axis, na, nb);
        }),
      );
    }
    for (const t of this.tables()) {
      if (t === skipTable) continue;
      if (!full && bandRelation(t.rect, axis, band, at) !== "inside") continue;
      const [a, b] = along(t.rect, axis);
      const [na, nb] = insertSpan(a, b, at, n);
      t.rect = withAlong(t.rect, axis, na, nb);
    }
  }

  /** Deletes lines d0..d1 along `axis` inside `band` (cells below/right shift back). */
  deleteLines(axis: Axis, d0: number, d1: number, band: [number, number], skipTable?: TableModel): void {
    const n = d1 - d0 + 1;
    const full = band[0] === 0 && band[1] === (axis === "row" ? MAX_COLS - 1 : MAX_ROWS - 1);
    const deleted: Rect = axis === "row" ? rect(d0, band[0], d1, band[1]) : rect(band[0], d0, band[1], d1);
    for (const t of this.tables()) {
      if (t === skipTable) continue;
      const rel = bandRelation(t.rect, axis, band, d0);
      if (rel === "partial" && !full)
        fail("InvalidOperation", `the delete would shift part of table "${t.name}"`);
      const [a, b] = along(t.rect, axis);
      const cut = intersection(t.rect, deleted);
      if (cut && !(a >= d0 && b <= d1)) {
        // Deleting through a table is allowed for whole rows of its body only, leaving at least one.
        if (axis === "col" || a >= d0)
          fail("InvalidOperation", `the delete would remove part of table "${t.name}"'s header`);
        const span = deleteSpan(a, b, d0, d1);
        if (span && span[0] === span[1]) {
          fail(
            "InvalidOperation",
            `the delete would leave table "${t.name}" without data rows: use table.rows`,
          );
        }
      }
    }
    for (const target of this.shiftTargets()) {
      if (!target.strict) continue;
      for (const r of target.rects()) {
        const rel = bandRelation(r, axis, band, d0);
        if (rel === "partial" && !full)
          fail("InvalidOperation", `the delete would shift part of ${target.what}`);
        const [a, b] = along(r, axis);
        if (intersects(r, deleted) && !(a >= d0 && b <= d1) && !full) {
          fail("InvalidOperation", `the delete would change part of ${target.what}`);
        }
      }
    }
    const moveKeys = <T>(map: Map<number, T>) => {
      const moved: Array<[number, T]> = [];
      for (const [key, v] of map) {
        const [row, col] = SheetModel.unkey(key);
        const [p, q] = axis === "row" ? [row, col] : [col, row];
        if (q < band[0] || q > band[1] || p < d0) continue;
        map.delete(key);
        if (p > d1)
          moved.push([axis === "row" ? SheetModel.key(row - n, col) : SheetModel.key(row, col - n), v]);
      }
      for (const [key, v] of moved) map.set(key, v);
    };
    moveKeys(this.cells);
    moveKeys(this.fmtCells);
    if (full) {
      const shiftLineMap = <T>(map: Map<number, T>) => {
        const entries = [...map].sort((a, b) => a[0] - b[0]);
        for (const [line, v] of entries) {
          if (line < d0) continue;
          map.delete(line);
          if (line > d1) map.set(line - n, v);
        }
      };
      const shiftSet = (set: Set<number>) =>
        new Set([...set].filter((x) => x < d0 || x > d1).map((x) => (x > d1 ? x - n : x)));
      if (axis === "row") {
        shiftLineMap(this.fmtRows);
        shiftLineMap(this.rowHeights);
        this.hiddenRows = shiftSet(this.hiddenRows);
      } else {
        shiftLineMap(this.fmtCols);
        shiftLineMap(this.colWidths);
        this.hiddenCols = shiftSet(this.hiddenCols);
      }
    }
    for (const target of this.shiftTargets()) {
      target.set(
        target.rects().flatMap((r) => {
          if (!full && bandRelation(r, axis, band, d0) !== "inside") return [r];
          const [a, b] = along(r, axis);
          const span = deleteSpan(a, b, d0, d1);
          return span ? [withAlong(r, axis, span[0], span[1])] : [];
        }),
      );
    }
    this.validations = this.validations.filter((v) => v.rects.length > 0);
    this.conditionalFormats = this.conditionalFormats.filter((cf) => cf.rects.length > 0);
    for (const t of [...this.tables()]) {
      if (t === skipTable) continue;
      if (!full && bandRelation(t.rect, axis, band, d0) !== "inside") continue;
      const [a, b] = along(t.rect, axis);
      const span = deleteSpan(a, b, d0, d1);
      if (!span) this.wb.removeTable(t);
      else t.rect = withAlong(t.rect, axis, span[0], span[1]);
    }
  }
}

export function structuredCloneJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}
