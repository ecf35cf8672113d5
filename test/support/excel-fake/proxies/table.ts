// Excel.TableCollection (workbook-wide or one worksheet's), Table, TableRowCollection/TableRow,
// TableColumnCollection/TableColumn.
import { rect, type Rect } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars, type SyncRun } from "../client";
import { fail } from "../errors";
import { NO_CRITERIA } from "../filters";
import { sameName } from "../names";
import { SheetModel } from "../sheet";
import type { TableColumnModel, TableModel, WorkbookModel } from "../workbook";
import { FakeEventHandlers } from "./events";
import { RangeProxy, rangeArg, type RangeRef } from "./range";
import { WorksheetProxy } from "./worksheet";

interface TablesRef {
  wb: WorkbookModel;
  sheet?: SheetModel;
}
interface RowRef {
  table: TableModel;
  index: number;
  alive: () => boolean;
}
interface ColumnRef {
  table: TableModel;
  column: TableColumnModel;
  alive: () => boolean;
}

const TABLE_STYLE = /^TableStyle(Light([1-9]|1\d|2[01])|Medium([1-9]|1\d|2[0-8])|Dark([1-9]|1[01]))$/;

const tablesOf = (ref: TablesRef): TableModel[] => (ref.sheet ? ref.sheet.tables() : ref.wb.tables);
const rowRef = (table: TableModel, index: number): RowRef => ({
  table,
  index,
  alive: () => index < table.bodyRowCount,
});
const colRef = (table: TableModel, column: TableColumnModel): ColumnRef => ({
  table,
  column,
  alive: () => table.columns.includes(column),
});
const rowRect = (r: RowRef): Rect => {
  const row = r.table.rect.r0 + 1 + r.index;
  return rect(row, r.table.rect.c0, row, r.table.rect.c1);
};
const colIndex = (c: ColumnRef): number => c.table.columns.indexOf(c.column);

export class TableCollectionProxy extends ClientCollection {
  static override typeName = "TableCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return TableProxy;
  }
  static listItems = (ref: TablesRef) => tablesOf(ref).map((t) => ({ key: t.id, entity: t }));

  add(address: RangeProxy | string, hasHeaders: boolean): TableProxy {
    return this._child(
      TableProxy,
      "Add",
      [address, hasHeaders],
      (rt: SyncRun, ref: TablesRef, [a, h]: unknown[]) => {
        const target = rangeArg(rt, a, ref.sheet, "tables.add");
        return ref.wb.addTable(target.sheet, target.rect, Boolean(h));
      },
    );
  }
  getItem(key: string): TableProxy {
    return this._child(
      TableProxy,
      "GetItem",
      [key],
      (_rt, ref: TablesRef, [k]: string[]) =>
        tablesOf(ref).find((t) => t.id === k || sameName(t.name, String(k))) ??
        fail("ItemNotFound", `no table "${String(k)}"`),
      { type: 5 },
    );
  }
  getItemOrNullObject(key: string): TableProxy {
    this._requireApi("getItemOrNullObject", "1.4");
    return this._child(
      TableProxy,
      "GetItemOrNullObject",
      [key],
      (_rt, ref: TablesRef, [k]: string[]) =>
        tablesOf(ref).find((t) => t.id === k || sameName(t.name, String(k))) ?? null,
      { orNull: true },
    );
  }
  getItemAt(index: number): TableProxy {
    return this._child(
      TableProxy,
      "GetItemAt",
      [index],
      (_rt, ref: TablesRef, [i]: number[]) => tablesOf(ref)[i ?? -1] ?? fail("ItemNotFound"),
    );
  }
  getFirst(): TableProxy {
    return this._child(
      TableProxy,
      "GetFirst",
      [],
      (_rt, ref: TablesRef) => tablesOf(ref)[0] ?? fail("ItemNotFound"),
    );
  }
  getCount() {
    this._requireApi("getCount", "1.4");
    return this._result("GetCount", [], (_rt, ref: TablesRef) => tablesOf(ref).length);
  }
  get onChanged(): FakeEventHandlers {
    this._requireApi("onChanged", "1.7");
    return new FakeEventHandlers(this, "TableChanged", (e) => {
      const ref = e as TablesRef;
      return ref.sheet ? { sheet: ref.sheet } : {};
    });
  }
}
defineScalars(TableCollectionProxy, { count: { get: (ref: TablesRef) => tablesOf(ref).length } });

export class TableProxy extends ClientObj {
  static override typeName = "Table";

  private range(name: string, f: (t: TableModel) => Rect): RangeProxy {
    return this._child(RangeProxy, name, [], (_rt, t: TableModel) => ({ sheet: t.sheet, rect: f(t) }));
  }
  getRange(): RangeProxy {
    return this.range("GetRange", (t) => t.rect);
  }
  getHeaderRowRange(): RangeProxy {
    return this.range("GetHeaderRowRange", (t) => t.headerRect());
  }
  getDataBodyRange(): RangeProxy {
    return this.range("GetDataBodyRange", (t) => t.bodyRect());
  }
  getTotalRowRange(): RangeProxy {
    return this.range("GetTotalRowRange", () =>
      fail("InvalidOperation", "excel-fake tables have no total row"),
    );
  }
  delete(): void {
    this._invoke("Delete", [], (rt, t: TableModel) => rt.host.wb.deleteTable(t));
  }
  convertToRange(): RangeProxy {
    this._requireApi("convertToRange", "1.2");
    return this._child(RangeProxy, "ConvertToRange", [], (rt, t: TableModel) => {
      rt.host.wb.removeTable(t);
      return { sheet: t.sheet, rect: t.rect };
    });
  }
  resize(newRange: RangeProxy | string): void {
    this._requireApi("resize", "1.13");
    this._invoke("Resize", [newRange], (rt, t: TableModel, [r]: unknown[]) => {
      rt.host.wb.resizeTable(t, rangeArg(rt, r, t.sheet, "resize").rect);
    });
  }
  clearFilters(): void {
    this._invoke("ClearFilters", [], (rt, t: TableModel) => rt.host.wb.clearTableFilter(t));
  }
  reapplyFilters(): void {
    this._invoke("ReapplyFilters", [], (rt, t: TableModel) => rt.host.wb.refilter(t));
  }
  get onChanged(): FakeEventHandlers {
    this._requireApi("onChanged", "1.7");
    return new FakeEventHandlers(this, "TableChanged", (e) => ({ table: e as TableModel }));
  }
}

const flag = (
  key:
    | "showFilterButton"
    | "showBandedRows"
    | "showBandedColumns"
    | "highlightFirstColumn"
    | "highlightLastColumn"
    | "showHeaders"
    | "showTotals",
  api?: string,
) => ({
  ...(api ? { api } : {}),
  get: (t: TableModel) => t[key],
  set: (t: TableModel, v: unknown) => {
    if (typeof v !== "boolean") fail("InvalidArgument", `${key} must be a boolean`);
    t[key] = v;
  },
});

defineScalars(TableProxy, {
  id: { get: (t: TableModel) => t.id },
  legacyId: { api: "1.8", get: (t: TableModel) => String(t.sheet.wb.tables.indexOf(t) + 1) },
  name: { get: (t: TableModel) => t.name, set: (t: TableModel, v) => t.sheet.wb.renameTable(t, v) },
  style: {
    get: (t: TableModel) => t.style,
    set: (t: TableModel, v) => {
      if (typeof v !== "string" || (v !== "" && !TABLE_STYLE.test(v)))
        fail("InvalidArgument", `table style "${String(v)}"`);
      t.style = v;
    },
  },
  showFilterButton: flag("showFilterButton", "1.3"),
  showBandedRows: flag("showBandedRows", "1.3"),
  showBandedColumns: flag("showBandedColumns", "1.3"),
  highlightFirstColumn: flag("highlightFirstColumn", "1.3"),
  highlightLastColumn: flag("highlightLastColumn", "1.3"),
  showHeaders: flag("showHeaders"),
  showTotals: flag("showTotals"),
});

export class TableRowCollectionProxy extends ClientCollection {
  static override typeName = "TableRowCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return TableRowProxy;
  }
  static listItems = (t: TableModel) =>
    Array.from({ length: t.bodyRowCount }, (_, i) => ({ key: i, entity: rowRef(t, i) }));

  add(index?: number | null, values?: unknown, alwaysInsert?: boolean): TableRowProxy {
    const args: unknown[] = [index ?? null, values ?? null];
    if (alwaysInsert !== undefined) args.push(alwaysInsert);
    return this._child(TableRowProxy, "Add", args, (rt, t: TableModel, [i, v]: unknown[]) =>
      rowRef(t, rt.host.wb.addTableRows(t, i, v)),
    );
  }
  getCount() {
    this._requireApi("getCount", "1.4");
    return this._result("GetCount", [], (_rt, t: TableModel) => t.bodyRowCount);
  }
  getItemAt(index: number): TableRowProxy {
    return this._child(TableRowProxy, "GetItemAt", [index], (_rt, t: TableModel, [i]: number[]) => {
      if (typeof i !== "number" || !Number.isInteger(i) || i < 0 || i >= t.bodyRowCount)
        fail("ItemNotFound", `row ${String(i)}`);
      return rowRef(t, i);
    });
  }
  deleteRowsAt(index: number, count = 1): void {
    this._invoke("DeleteRowsAt", [index, count], (rt, t: TableModel, [i, n]: number[]) =>
      rt.host.wb.deleteTableRows(t, i as number, n as number),
    );
  }
  deleteRows(rows: Array<number | TableRowProxy>): void {
    this._invoke("DeleteRows", [rows], (rt, t: TableModel, [list]: unknown[][]) => {
      const indexes = (list ?? []).map((x) => {
        if (x instanceof TableRowProxy) return (rt.entity(x) as RowRef).index;
        if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x >= t.bodyRowCount)
          fail("InvalidArgument", `row ${String(x)}`);
        return x;
      });
      for (const i of [...new Set(indexes)].sort((a, b) => b - a)) rt.host.wb.deleteTableRows(t, i, 1);
    });
  }
}
defineScalars(TableRowCollectionProxy, { count: { get: (t: TableModel) => t.bodyRowCount } });

export class TableRowProxy extends ClientObj {
  static override typeName = "TableRow";
  delete(): void {
    this._invoke("Delete", [], (rt, r: RowRef) => rt.host.wb.deleteTableRows(r.table, r.index, 1));
  }
  getRange(): RangeProxy {
    return this._child(RangeProxy, "GetRange", [], (_rt, r: RowRef) => ({
      sheet: r.table.sheet,
      rect: rowRect(r),
    }));
  }
}
defineScalars(TableRowProxy, {
  index: { get: (r: RowRef) => r.index },
  values: {
    get: (r: RowRef) => {
      const rr = rowRect(r);
      return [Array.from({ length: rr.c1 - rr.c0 + 1 }, (_, j) => r.table.sheet.valueAt(rr.r0, rr.c0 + j))];
    },
    set: (r: RowRef, v) => r.table.sheet.writeValues(rowRect(r), v, "TableRow.values"),
  },
});

export class TableColumnCollectionProxy extends ClientCollection {
  static override typeName = "TableColumnCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return TableColumnProxy;
  }
  static listItems = (t: TableModel) => t.columns.map((c) => ({ key: c.id, entity: colRef(t, c) }));

  add(index?: number | null, values?: unknown, name?: string): TableColumnProxy {
    return this._child(
      TableColumnProxy,
      "Add",
      [index ?? null, values ?? null, name ?? null],
      (rt, t: TableModel, [i, v, n]: unknown[]) => {
        const at = rt.host.wb.addTableColumn(t, i, v, n);
        return colRef(t, t.columns[at] as TableColumnModel);
      },
    );
  }
  private find(t: TableModel, key: unknown): TableColumnModel | undefined {
    return t.columns.find(
      (c) => c.id === key || (typeof key === "string" && (String(c.id) === key || sameName(c.name, key))),
    );
  }
  getItem(key: number | string): TableColumnProxy {
    return this._child(TableColumnProxy, "GetItem", [key], (_rt, t: TableModel, [k]: unknown[]) => {
      const c = this.find(t, k);
      return c ? colRef(t, c) : fail("ItemNotFound", `no column "${String(k)}" in table "${t.name}"`);
    });
  }
  getItemOrNullObject(key: number | string): TableColumnProxy {
    this._requireApi("getItemOrNullObject", "1.4");
    return this._child(
      TableColumnProxy,
      "GetItemOrNullObject",
      [key],
      (_rt, t: TableModel, [k]: unknown[]) => {
        const c = this.find(t, k);
        return c ? colRef(t, c) : null;
      },
      { orNull: true },
    );
  }
  getItemAt(index: number): TableColumnProxy {
    return this._child(TableColumnProxy, "GetItemAt", [index], (_rt, t: TableModel, [i]: number[]) => {
      const c = t.columns[i ?? -1];
      return c ? colRef(t, c) : fail("ItemNotFound", `column ${String(i)}`);
    });
  }
  getCount() {
    this._requireApi("getCount", "1.4");
    return this._result("GetCount", [], (_rt, t: TableModel) => t.columns.length);
  }
}
defineScalars(TableColumnCollectionProxy, { count: { get: (t: TableModel) => t.columns.length } });

export class TableColumnProxy extends ClientObj {
  static override typeName = "TableColumn";
  private range(name: string, part: "all" | "header" | "body"): RangeProxy {
    return this._child(RangeProxy, name, [], (_rt, c: ColumnRef): RangeRef => ({
      sheet: c.table.sheet,
      rect: c.table.columnRect(colIndex(c), part),
    }));
  }
  getRange(): RangeProxy {
    return this.range("GetRange", "all");
  }
  getHeaderRowRange(): RangeProxy {
    return this.range("GetHeaderRowRange", "header");
  }
  getDataBodyRange(): RangeProxy {
    return this.range("GetDataBodyRange", "body");
  }
  delete(): void {
    this._invoke("Delete", [], (rt, c: ColumnRef) => rt.host.wb.deleteTableColumn(c.table, colIndex(c)));
  }
}
defineScalars(TableColumnProxy, {
  id: { get: (c: ColumnRef) => c.column.id },
  index: { get: (c: ColumnRef) => colIndex(c) },
  name: {
    get: (c: ColumnRef) => c.column.name,
    set: (c: ColumnRef, v) => {
      if (typeof v !== "string") fail("InvalidArgument", "column name");
      const header = c.table.columnRect(colIndex(c), "header");
      c.table.sheet.cells.set(SheetModel.key(header.r0, header.c0), { value: v });
      c.table.sheet.wb.afterWrite(c.table.sheet, header);
    },
  },
  values: {
    get: (c: ColumnRef) => {
      const r = c.table.columnRect(colIndex(c), "all");
      return Array.from({ length: r.r1 - r.r0 + 1 }, (_, i) => [c.table.sheet.valueAt(r.r0 + i, r.c0)]);
    },
    set: (c: ColumnRef, v) =>
      c.table.sheet.writeValues(c.table.columnRect(colIndex(c), "all"), v, "TableColumn.values"),
  },
});

/** Table.autoFilter (ExcelApi 1.9): the criteria behind the header's filter buttons. */
export class AutoFilterProxy extends ClientObj {
  static override typeName = "AutoFilter";
  apply(range: RangeProxy | string, columnIndex?: number, criteria?: Excel.FilterCriteria): void {
    this._invoke("Apply", [range, columnIndex ?? null, criteria ?? null], (rt, t: TableModel, args) => {
      const [r, i, c] = args as unknown[];
      const target = rangeArg(rt, r, t.sheet, "autoFilter.apply").rect;
      if (target.r0 !== t.rect.r0 || target.c0 !== t.rect.c0 || target.c1 !== t.rect.c1)
        fail("InvalidArgument", "autoFilter.apply: a table's filter applies to the table's range");
      rt.host.wb.applyTableFilter(t, i, c);
    });
  }
  clearCriteria(): void {
    this._invoke("ClearCriteria", [], (rt, t: TableModel) => rt.host.wb.clearTableFilter(t));
  }
  clearColumnCriteria(columnIndex: number): void {
    this._requireApi("clearColumnCriteria", "1.14");
    this._invoke("ClearColumnCriteria", [columnIndex], (rt, t: TableModel, [i]: number[]) => {
      const column = t.columns[i ?? -1];
      if (!column) fail("InvalidArgument", `column index ${String(i)}`);
      delete column.filter;
      rt.host.wb.refilter(t);
    });
  }
  reapply(): void {
    this._invoke("Reapply", [], (rt, t: TableModel) => rt.host.wb.refilter(t));
  }
  getRange(): RangeProxy {
    return this._child(RangeProxy, "GetRange", [], (_rt, t: TableModel) => ({
      sheet: t.sheet,
      rect: t.rect,
    }));
  }
}
defineScalars(AutoFilterProxy, {
  criteria: {
    get: (t: TableModel) => t.columns.map((c) => structuredClone(c.filter ?? NO_CRITERIA)),
  },
  enabled: { get: (t: TableModel) => t.showFilterButton },
  isDataFiltered: { get: (t: TableModel) => t.isDataFiltered },
});

defineNavs(TableProxy, {
  autoFilter: { cls: () => AutoFilterProxy, resolve: (t: TableModel) => t, api: "1.9" },
  columns: { cls: () => TableColumnCollectionProxy, resolve: (t: TableModel) => t },
  rows: { cls: () => TableRowCollectionProxy, resolve: (t: TableModel) => t },
  worksheet: { cls: () => WorksheetProxy, resolve: (t: TableModel) => t.sheet, api: "1.2" },
});
