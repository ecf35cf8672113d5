// The workbook: ordered worksheets, tables (names unique in the workbook), selection, Excel workbook settings,
// Office document settings (saved vs. unsaved), and the change records events are raised from.
import {
  cellCount,
  cols,
  intersection,
  intersects,
  isEntireColumn,
  isEntireRow,
  rect,
  rows,
  type Rect,
} from "./a1";
import { fail } from "./errors";
import { checkCriteria, type FilterCriteriaModel, passes } from "./filters";
import { evaluate, type FormulaHost } from "./formula";
import type { Locale } from "./input";
import { checkSheetName, checkTableName, normalizeHeaders, sameName } from "./names";
import type { ScalarValue } from "./numfmt";
import { SheetModel } from "./sheet";

export interface ChangeRecord {
  sheet: SheetModel;
  rect: Rect;
  changeType: "RangeEdited" | "RowInserted" | "ColumnInserted";
  /** Set for single-cell edits, as Excel's ChangedEventDetail. */
  details?: {
    valueBefore: ScalarValue;
    valueAfter: ScalarValue;
    valueTypeBefore: string;
    valueTypeAfter: string;
  };
}

export interface TableColumnModel {
  id: number;
  name: string;
  /** The column's AutoFilter criteria (the header's filter button), if any. */
  filter?: FilterCriteriaModel;
}

export class TableModel {
  style = "TableStyleMedium2";
  showFilterButton = true;
  showBandedRows = true;
  showBandedColumns = false;
  highlightFirstColumn = false;
  highlightLastColumn = false;
  showHeaders = true;
  showTotals = false;
  deleted = false;
  columns: TableColumnModel[] = [];
  nextColumnId = 1;

  constructor(
    readonly id: string,
    public name: string,
    public sheet: SheetModel,
    /** Header row plus data body. */
    public rect: Rect,
  ) {}

  get bodyRowCount(): number {
    return this.rect.r1 - this.rect.r0;
  }
  bodyRect(): Rect {
    return { ...this.rect, r0: this.rect.r0 + 1 };
  }
  headerRect(): Rect {
    return { ...this.rect, r1: this.rect.r0 };
  }
  /** Rows are hidden by a filter: Excel refuses to insert or delete table rows (InsertDeleteConflict). */
  get isDataFiltered(): boolean {
    return this.columns.some((c) => c.filter);
  }
  columnRect(index: number, part: "all" | "header" | "body"): Rect {
    const col = this.rect.c0 + index;
    const r0 = part === "body" ? this.rect.r0 + 1 : this.rect.r0;
    const r1 = part === "header" ? this.rect.r0 : this.rect.r1;
    return rect(r0, col, r1, col);
  }
}

const guid = (prefix: number, n: number): string =>
  `{${prefix.toString(16).padStart(8, "0").toUpperCase()}-0000-4000-8000-${n.toString(16).padStart(12, "0").toUpperCase()}}`;

export class WorkbookModel {
  sheets: SheetModel[] = [];
  tables: TableModel[] = [];
  active!: SheetModel;
  /** The selection; `areas` when the user selected several ranges (Ctrl-click). */
  selection!: { sheet: SheetModel; rect: Rect; areas?: Rect[] };
  /** Excel.SettingCollection (workbook.settings): persisted with the workbook immediately. */
  excelSettings = new Map<string, unknown>();
  /** Office.context.document.settings as saved in the document (saveAsync) and as currently held in memory. */
  docSettingsSaved: Record<string, unknown> = {};
  docSettings: Record<string, unknown> = {};
  changes: ChangeRecord[] = [];
  /** context.runtime.enableEvents: while false, changes raise no events (applied in queue order). */
  eventsEnabled = true;
  private sheetSeq = 0;
  private tableSeq = 0;
  private chartSeq = 0;

  constructor(
    readonly locale: Locale,
    readonly now: () => Date,
    sheetNames: string[],
  ) {
    for (const name of sheetNames) this.addSheet(name);
    const first = this.sheets[0];
    if (!first) throw new Error("excel-fake: a workbook needs at least one worksheet");
    this.active = first;
    this.selection = { sheet: first, rect: rect(0, 0) };
  }

  // ---- formulas ----

  evaluateIn(
    sheet: SheetModel,
    formula: string,
    rowOffset: number,
    colOffset: number,
    depth = 0,
  ): ScalarValue {
    const host: FormulaHost = {
      valueAt: (name, row, col) => {
        const target = name === undefined ? sheet : this.sheets.find((s) => sameName(s.name, name));
        return target ? target.valueAt(row, col, depth + 1) : "#REF!";
      },
      sheetExists: (name) => this.sheets.some((s) => sameName(s.name, name)),
      now: this.now,
    };
    return evaluate(formula, { host, sheet: sheet.name, rowOffset, colOffset });
  }

  // ---- worksheets ----

  findSheet(key: string): SheetModel | undefined {
    return this.sheets.find((s) => s.id === key || sameName(s.name, key));
  }

  addSheet(name?: string): SheetModel {
    let finalName = name;
    if (finalName === undefined || finalName === null) {
      let n = this.sheets.length + 1;
      while (this.findSheet(`Sheet${n}`)) n++;
      finalName = `Sheet${n}`;
    }
    checkSheetName(finalName);
    if (this.sheets.some((s) => sameName(s.name, finalName))) {
      fail("ItemAlreadyExists", `a worksheet named "${finalName}" already exists`);
    }
    const sheet = new SheetModel(this, guid(0x00000001, ++this.sheetSeq), finalName);
    this.sheets.push(sheet);
    return sheet;
  }

  renameSheet(sheet: SheetModel, name: unknown): void {
    const next = checkSheetName(name);
    if (this.sheets.some((s) => s !== sheet && sameName(s.name, next))) {
      fail("ItemAlreadyExists", `a worksheet named "${next}" already exists`);
    }
    sheet.name = next;
  }

  visibleSheets(): SheetModel[] {
    return this.sheets.filter((s) => s.visibility === "Visible");
  }

  setVisibility(sheet: SheetModel, value: string): void {
    if (!["Visible", "Hidden", "VeryHidden"].includes(value))
      fail("InvalidArgument", `visibility "${value}"`);
    if (value !== "Visible" && sheet.visibility === "Visible" && this.visibleSheets().length === 1) {
      fail("InvalidOperation", "a workbook must keep at least one visible worksheet");
    }
    sheet.visibility = value as SheetModel["visibility"];
    if (value !== "Visible" && this.active === sheet) this.activate(this.visibleSheets()[0] ?? sheet);
  }

  activate(sheet: SheetModel): void {
    if (sheet.visibility !== "Visible")
      fail("InvalidOperation", `worksheet "${sheet.name}" is hidden and cannot be activated`);
    this.active = sheet;
    this.selection = { sheet, rect: rect(0, 0) };
  }

  moveSheet(sheet: SheetModel, position: unknown): void {
    if (
      typeof position !== "number" ||
      !Number.isInteger(position) ||
      position < 0 ||
      position >= this.sheets.length
    ) {
      fail("InvalidArgument", `position ${String(position)}`);
    }
    this.sheets = this.sheets.filter((s) => s !== sheet);
    this.sheets.splice(position, 0, sheet);
  }

  deleteSheet(sheet: SheetModel): void {
    if (this.sheets.length === 1) fail("InvalidOperation", "a workbook must contain at least one worksheet");
    if (sheet.visibility === "Visible" && this.visibleSheets().length === 1) {
      fail("InvalidOperation", "a workbook must keep at least one visible worksheet");
    }
    for (const t of sheet.tables()) this.removeTable(t);
    this.sheets = this.sheets.filter((s) => s !== sheet);
    sheet.deleted = true;
    if (this.active === sheet) this.activate(this.visibleSheets()[0] ?? (this.sheets[0] as SheetModel));
    if (this.selection.sheet === sheet) this.selection = { sheet: this.active, rect: rect(0, 0) };
  }

  // ---- tables ----

  findTable(key: string): TableModel | undefined {
    return this.tables.find((t) => t.id === key || sameName(t.name, key));
  }

  private defaultTableName(): string {
    const base = this.locale === "zh-CN" ? "表" : "Table";
    let n = 1;
    while (this.tables.some((t) => sameName(t.name, `${base}${n}`))) n++;
    return `${base}${n}`;
  }

  renameTable(table: TableModel, name: unknown): void {
    const next = checkTableName(name);
    if (this.tables.some((t) => t !== table && sameName(t.name, next))) {
      fail("InvalidArgument", `a table named "${next}" already exists in the workbook`);
    }
    table.name = next;
  }

  private checkTableArea(sheet: SheetModel, r: Rect, ignore?: TableModel): void {
    for (const t of sheet.tables()) {
      if (t !== ignore && intersects(t.rect, r))
        fail("InvalidArgument", `a table cannot overlap table "${t.name}"`);
    }
    for (const m of sheet.merges) {
      if (intersects(m, r)) fail("InvalidOperation", "a table cannot contain merged cells");
    }
  }

  addTable(sheet: SheetModel, r: Rect, hasHeaders: boolean): TableModel {
    if (isEntireColumn(r) || isEntireRow(r) || cellCount(r) > 5_000_000)
      fail("InvalidArgument", "the table range is too large");
    if (sheet.protection.protected) fail("AccessDenied", `worksheet "${sheet.name}" is protected`);
    this.checkTableArea(sheet, r);
    let tableRect = r;
    if (!hasHeaders) {
      // Excel generates a header and shifts the data down by one row.
      this.checkTableArea(sheet, rect(r.r1 + 1, r.c0, r.r1 + 1, r.c1));
      sheet.insertLines("row", r.r0, 1, [r.c0, r.c1]);
      tableRect = { ...r, r1: r.r1 + 1 };
    } else if (rows(r) === 1) {
      tableRect = { ...r, r1: r.r1 + 1 };
      this.checkTableArea(sheet, tableRect);
    }
    const table = new TableModel(
      guid(0x00000002, ++this.tableSeq),
      this.defaultTableName(),
      sheet,
      tableRect,
    );
    table.columns = Array.from({ length: cols(tableRect) }, () => ({ id: table.nextColumnId++, name: "" }));
    this.tables.push(table);
    this.syncHeaders(table);
    return table;
  }

  /** Header cells become unique text, as Excel keeps them; column names follow. */
  syncHeaders(table: TableModel): void {
    const { sheet } = table;
    const raw = table.columns.map((_, i) => sheet.textAt(table.rect.r0, table.rect.c0 + i));
    const names = normalizeHeaders(raw, this.locale);
    names.forEach((name, i) => {
      sheet.cells.set(SheetModel.key(table.rect.r0, table.rect.c0 + i), { value: name });
      const column = table.columns[i];
      if (column) column.name = name;
    });
  }

  /** Removes the table object (cells stay, as convertToRange does). */
  removeTable(table: TableModel): void {
    this.tables = this.tables.filter((t) => t !== table);
    table.deleted = true;
  }

  deleteTable(table: TableModel): void {
    this.removeTable(table);
    table.sheet.clearContents(table.rect);
    table.sheet.clearFormats(table.rect);
  }

  private rowIsEmpty(sheet: SheetModel, row: number, c0: number, c1: number): boolean {
    for (let c = c0; c <= c1; c++) if (sheet.cell(row, c)) return false;
    return true;
  }

  /** TableRowCollection.add: every row must have exactly the table's column count. Returns the first new row index. */
  addTableRows(table: TableModel, index: unknown, values: unknown): number {
    const n = table.columns.length;
    let data: unknown[][];
    if (values === undefined || values === null) data = [Array.from({ length: n }, () => null)];
    else if (!Array.isArray(values)) data = [Array.from({ length: n }, () => values)];
    else {
      if (values.length === 0) fail("InvalidArgument", "rows.add: no rows given");
      values.forEach((row, i) => {
        if (!Array.isArray(row) || row.length !== n) {
          fail(
            "InvalidArgument",
            `rows.add: row ${i} has ${Array.isArray(row) ? row.length : "no"} values but table "${table.name}" has ${n} columns`,
          );
        }
      });
      data = values as unknown[][];
    }
    const { sheet } = table;
    if (sheet.protection.protected) fail("AccessDenied", `worksheet "${sheet.name}" is protected`);
    this.checkNotFiltered(table);
    const bodyCount = table.bodyRowCount;
    const idx = index === undefined || index === null || index === -1 ? bodyCount : index;
    if (typeof idx !== "number" || !Number.isInteger(idx) || idx < 0 || idx > bodyCount) {
      fail("InvalidArgument", `rows.add: index ${String(index)} is outside 0..${bodyCount}`);
    }
    const band: [number, number] = [table.rect.c0, table.rect.c1];
    const lastBodyRow = table.rect.r1;
    // A table whose only data row is still empty takes the first added row there.
    const placeholder =
      bodyCount === 1 && idx === bodyCount && this.rowIsEmpty(sheet, lastBodyRow, band[0], band[1]);
    const firstRow = placeholder ? lastBodyRow : table.rect.r0 + 1 + idx;
    const insertAt = placeholder ? lastBodyRow + 1 : firstRow;
    const insertCount = placeholder ? data.length - 1 : data.length;
    if (insertCount > 0) {
      sheet.insertLines("row", insertAt, insertCount, band, table);
      this.growTable(table, insertAt, insertCount);
    }
    const written = rect(firstRow, band[0], firstRow + data.length - 1, band[1]);
    sheet.writeValues(written, data, "TableRowCollection.add", null);
    this.record({ sheet, rect: written, changeType: "RowInserted" });
    return placeholder ? bodyCount - 1 : idx;
  }

  /**
   * Makes `count` rows starting at `firstNew` (inside the table's new extent) part of the table: they take the
   * formats of the row above (or, at the top, of the row they pushed down), and validations/conditional formats
   * covering the column's last data row grow with the table.
   */
  private growTable(table: TableModel, firstNew: number, count: number): void {
    const { sheet } = table;
    const band: [number, number] = [table.rect.c0, table.rect.c1];
    const lastBodyRow = table.rect.r1;
    table.rect = { ...table.rect, r1: table.rect.r1 + count };
    const template = firstNew - 1 > table.rect.r0 ? firstNew - 1 : firstNew + count;
    for (let c = band[0]; c <= band[1]; c++) {
      const bag = sheet.fmtCells.get(SheetModel.key(template, c));
      for (let r = firstNew; r < firstNew + count; r++) {
        if (bag) sheet.fmtCells.set(SheetModel.key(r, c), { ...bag });
      }
    }
    if (firstNew === lastBodyRow + 1) {
      const grow = (rs: Rect[]) =>
        rs.map((x) =>
          x.c0 >= band[0] && x.c1 <= band[1] && x.r1 === lastBodyRow && x.r0 > table.rect.r0
            ? { ...x, r1: x.r1 + count }
            : x,
        );
      for (const v of sheet.validations) v.rects = grow(v.rects);
      for (const cf of sheet.conditionalFormats) cf.rects = grow(cf.rects);
    }
  }

  /**
   * Excel's AutoCorrect ("include new rows in the table"): what the user types or pastes into the row just below
   * a table, starting within its columns, makes those rows part of the table (unless another table is in the way).
   * Only user input does this; values written through the API do not grow a table.
   */
  expandTableForUserInput(sheet: SheetModel, r: Rect): void {
    for (const table of sheet.tables()) {
      if (r.c0 === table.rect.c1 + 1 && r.r0 >= table.rect.r0 && r.r0 <= table.rect.r1) {
        this.growTableSideways(table, cols(r));
        continue;
      }
      if (r.r0 !== table.rect.r1 + 1 || r.c0 < table.rect.c0 || r.c0 > table.rect.c1) continue;
      const next = { ...table.rect, r1: r.r1 };
      const blocked = sheet.tables().some((other) => other !== table && !!intersection(other.rect, next));
      if (!blocked && !sheet.protection.protected) this.growTable(table, table.rect.r1 + 1, rows(r));
    }
  }

  /**
   * Typing or pasting in the column just right of a table (header or data rows) makes the table wider: the new
   * columns are named 列1/Column1… (the lowest unused number) unless the header cell was typed.
   */
  private growTableSideways(table: TableModel, count: number): void {
    const { sheet } = table;
    const next = { ...table.rect, c1: table.rect.c1 + count };
    const blocked = sheet.tables().some((other) => other !== table && !!intersection(other.rect, next));
    if (blocked || sheet.protection.protected) return;
    const prefix = this.locale === "zh-CN" ? "列" : "Column";
    const used = new Set(table.columns.map((c) => c.name.toUpperCase()));
    let n = 1;
    for (let i = 0; i < count; i++) {
      const col = table.rect.c1 + 1 + i;
      if (sheet.textAt(table.rect.r0, col) === "") {
        while (used.has(`${prefix}${n}`.toUpperCase())) n++;
        used.add(`${prefix}${n}`.toUpperCase());
        sheet.cells.set(SheetModel.key(table.rect.r0, col), { value: `${prefix}${n}` });
      }
      table.columns.push({ id: table.nextColumnId++, name: "" });
    }
    table.rect = next;
    this.syncHeaders(table);
  }

  // ---- filters and sorting ----

  checkNotFiltered(table: TableModel): void {
    if (table.isDataFiltered)
      fail(
        "InsertDeleteConflict",
        `table "${table.name}" has a filter applied: rows cannot be inserted or deleted`,
      );
  }

  /** AutoFilter.apply on a table: sets one column's criteria (if given) and hides the rows that fail any column's. */
  applyTableFilter(table: TableModel, columnIndex?: unknown, criteria?: unknown): void {
    if (columnIndex !== undefined && columnIndex !== null) {
      const column = table.columns[columnIndex as number];
      if (typeof columnIndex !== "number" || !column)
        fail("InvalidArgument", `column index ${String(columnIndex)}`);
      if (criteria !== undefined && criteria !== null) column.filter = checkCriteria(criteria);
    }
    this.refilter(table);
  }

  clearTableFilter(table: TableModel): void {
    for (const c of table.columns) delete c.filter;
    this.refilter(table);
  }

  /** Hides body rows that fail a criterion, shows the others (as Excel does when a filter is (re)applied). */
  refilter(table: TableModel): void {
    const { sheet } = table;
    for (let row = table.rect.r0 + 1; row <= table.rect.r1; row++) {
      const visible = table.columns.every((c, i) => {
        if (!c.filter) return true;
        const col = table.rect.c0 + i;
        return passes(c.filter, sheet.textAt(row, col), sheet.valueAt(row, col));
      });
      if (visible) sheet.hiddenRows.delete(row);
      else sheet.hiddenRows.add(row);
    }
  }

  /** The user sorts the table by one column (the header's sort button): whole rows move, formats with them. */
  sortTable(table: TableModel, columnIndex: number, ascending: boolean): void {
    const { sheet } = table;
    const body = table.bodyRect();
    const col = table.rect.c0 + columnIndex;
    const lines = [];
    for (let row = body.r0; row <= body.r1; row++) {
      const cells = [];
      const fmts = [];
      for (let c = body.c0; c <= body.c1; c++) {
        cells.push(sheet.cells.get(SheetModel.key(row, c)));
        fmts.push(sheet.fmtCells.get(SheetModel.key(row, c)));
      }
      lines.push({ key: sheet.valueAt(row, col), cells, fmts, row });
    }
    const rank = (v: unknown) => (v === "" ? 2 : typeof v === "number" ? 0 : 1);
    lines.sort((a, b) => {
      if (rank(a.key) !== rank(b.key)) return rank(a.key) - rank(b.key); // blanks last either way
      if (a.key === "") return a.row - b.row;
      const d =
        typeof a.key === "number" && typeof b.key === "number"
          ? a.key - b.key
          : String(a.key).localeCompare(String(b.key), "zh-CN");
      return (ascending ? d : -d) || a.row - b.row;
    });
    lines.forEach((line, i) => {
      const row = body.r0 + i;
      line.cells.forEach((cell, j) => {
        const key = SheetModel.key(row, body.c0 + j);
        if (cell) sheet.cells.set(key, cell);
        else sheet.cells.delete(key);
        const fmt = line.fmts[j];
        if (fmt) sheet.fmtCells.set(key, fmt);
        else sheet.fmtCells.delete(key);
      });
    });
  }

  /** Deletes data rows; a table keeps at least one (empty) data row. No change is recorded (office-js#294). */
  deleteTableRows(table: TableModel, index: number, count: number, byUser = false): void {
    // The user may delete visible rows of a filtered table; the API may not.
    if (!byUser) this.checkNotFiltered(table);
    const bodyCount = table.bodyRowCount;
    if (
      !Number.isInteger(index) ||
      !Number.isInteger(count) ||
      count < 1 ||
      index < 0 ||
      index + count > bodyCount
    ) {
      fail(
        "InvalidArgument",
        `rows ${index}..${index + count - 1} are not in the table (it has ${bodyCount})`,
      );
    }
    const { sheet } = table;
    if (sheet.protection.protected) fail("AccessDenied", `worksheet "${sheet.name}" is protected`);
    const band: [number, number] = [table.rect.c0, table.rect.c1];
    let d0 = table.rect.r0 + 1 + index;
    const d1 = d0 + count - 1;
    if (count === bodyCount) {
      // Keep one empty data row.
      sheet.clearContents(rect(d0, band[0], d0, band[1]), null);
      d0 += 1;
      if (d0 > d1) return;
    }
    sheet.deleteLines("row", d0, d1, band, table);
    table.rect = { ...table.rect, r1: table.rect.r1 - (d1 - d0 + 1) };
  }

  addTableColumn(table: TableModel, index: unknown, values: unknown, name: unknown): number {
    const count = table.columns.length;
    const idx = index === undefined || index === null || index === -1 ? count : index;
    if (typeof idx !== "number" || !Number.isInteger(idx) || idx < 0 || idx > count) {
      fail("InvalidArgument", `columns.add: index ${String(index)} is outside 0..${count}`);
    }
    const total = rows(table.rect);
    if (values !== undefined && values !== null) {
      const ok =
        Array.isArray(values) &&
        values.length === total &&
        values.every((r) => Array.isArray(r) && r.length === 1);
      if (!ok)
        fail("InvalidArgument", `columns.add: values must be ${total} rows × 1 column (header included)`);
    }
    if (name !== undefined && name !== null && typeof name !== "string")
      fail("InvalidArgument", "columns.add: name");
    const { sheet } = table;
    const col = table.rect.c0 + idx;
    sheet.insertLines("col", col, 1, [table.rect.r0, table.rect.r1], table);
    table.rect = { ...table.rect, c1: table.rect.c1 + 1 };
    table.columns.splice(idx, 0, { id: table.nextColumnId++, name: "" });
    const colRect = rect(table.rect.r0, col, table.rect.r1, col);
    if (Array.isArray(values)) sheet.writeValues(colRect, values, "TableColumnCollection.add", null);
    if (typeof name === "string") sheet.cells.set(SheetModel.key(table.rect.r0, col), { value: name });
    this.syncHeaders(table);
    this.record({ sheet, rect: colRect, changeType: "ColumnInserted" });
    return idx;
  }

  deleteTableColumn(table: TableModel, index: number): void {
    if (table.columns.length === 1) fail("InvalidOperation", "a table must keep at least one column");
    const col = table.rect.c0 + index;
    table.sheet.deleteLines("col", col, col, [table.rect.r0, table.rect.r1], table);
    table.rect = { ...table.rect, c1: table.rect.c1 - 1 };
    table.columns.splice(index, 1);
  }

  resizeTable(table: TableModel, next: Rect): void {
    if (next.r0 !== table.rect.r0)
      fail("InvalidArgument", "resize: the header row must stay in the same row");
    if (!intersection(next, table.rect))
      fail("InvalidArgument", "resize: the new range must overlap the table");
    if (rows(next) < 2) fail("InvalidArgument", "resize: a table needs a header and at least one data row");
    this.checkTableArea(table.sheet, next, table);
    const old = table.columns;
    const oldC0 = table.rect.c0;
    table.rect = next;
    table.columns = Array.from(
      { length: cols(next) },
      (_, i) => old[next.c0 + i - oldC0] ?? { id: table.nextColumnId++, name: "" },
    );
    this.syncHeaders(table);
  }

  // ---- writes and change records ----

  afterWrite(
    sheet: SheetModel,
    r: Rect,
    changeType: ChangeRecord["changeType"] | null = "RangeEdited",
    details?: ChangeRecord["details"],
  ): void {
    for (const t of sheet.tables()) {
      if (intersects(t.headerRect(), r)) this.syncHeaders(t);
    }
    if (changeType)
      this.record(details ? { sheet, rect: r, changeType, details } : { sheet, rect: r, changeType });
  }

  record(change: ChangeRecord): void {
    if (this.eventsEnabled) this.changes.push(change);
  }

  takeChanges(): ChangeRecord[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  nextChartId(): { id: string; name: string } {
    this.chartSeq += 1;
    return { id: guid(0x00000003, this.chartSeq), name: `Chart ${this.chartSeq}` };
  }
}
