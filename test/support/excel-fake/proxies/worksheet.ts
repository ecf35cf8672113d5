// Excel.WorksheetCollection, Worksheet, WorksheetFreezePanes, WorksheetProtection.
import { MAX_COLS, MAX_ROWS, checkInGrid, parseAddress, rect } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars } from "../client";
import { fail } from "../errors";
import { normalizeColor } from "../formats";
import { sameName } from "../names";
import type { SheetModel } from "../sheet";
import type { WorkbookModel } from "../workbook";
import { ChartCollectionProxy } from "./chart";
import { FakeEventHandlers } from "./events";
import { PageBreakCollectionProxy, PageLayoutProxy } from "./print";
import { RangeProxy, rangeArg, type RangeRef } from "./range";
import { TableCollectionProxy } from "./table";

export class WorksheetCollectionProxy extends ClientCollection {
  static override typeName = "WorksheetCollection";
  static collectionScalars = ["count"];
  static get itemClass() {
    return WorksheetProxy;
  }
  static listItems = (wb: WorkbookModel) => wb.sheets.map((s) => ({ key: s.id, entity: s }));

  add(name?: string): WorksheetProxy {
    return this._child(
      WorksheetProxy,
      "Add",
      name === undefined ? [] : [name],
      (_rt, wb: WorkbookModel, [n]: string[]) => wb.addSheet(n),
    );
  }
  getItem(key: string): WorksheetProxy {
    return this._child(
      WorksheetProxy,
      "GetItem",
      [key],
      (_rt, wb: WorkbookModel, [k]: string[]) =>
        wb.findSheet(String(k)) ?? fail("ItemNotFound", `no worksheet "${String(k)}"`),
      { type: 5 },
    );
  }
  getItemOrNullObject(key: string): WorksheetProxy {
    this._requireApi("getItemOrNullObject", "1.4");
    return this._child(
      WorksheetProxy,
      "GetItemOrNullObject",
      [key],
      (_rt, wb: WorkbookModel, [k]: string[]) => wb.findSheet(String(k)) ?? null,
      {
        orNull: true,
      },
    );
  }
  getActiveWorksheet(): WorksheetProxy {
    return this._child(WorksheetProxy, "GetActiveWorksheet", [], (_rt, wb: WorkbookModel) => wb.active);
  }
  getFirst(visibleOnly = false): WorksheetProxy {
    this._requireApi("getFirst", "1.5");
    return this._child(
      WorksheetProxy,
      "GetFirst",
      [visibleOnly],
      (_rt, wb: WorkbookModel, [v]: boolean[]) =>
        (v ? wb.visibleSheets() : wb.sheets)[0] ?? fail("ItemNotFound"),
    );
  }
  getLast(visibleOnly = false): WorksheetProxy {
    this._requireApi("getLast", "1.5");
    return this._child(WorksheetProxy, "GetLast", [visibleOnly], (_rt, wb: WorkbookModel, [v]: boolean[]) => {
      const list = v ? wb.visibleSheets() : wb.sheets;
      return list[list.length - 1] ?? fail("ItemNotFound");
    });
  }
  getCount(visibleOnly = false) {
    this._requireApi("getCount", "1.4");
    return this._result("GetCount", [visibleOnly], (_rt, wb: WorkbookModel, [v]: boolean[]) =>
      v ? wb.visibleSheets().length : wb.sheets.length,
    );
  }
  get onChanged(): FakeEventHandlers {
    this._requireApi("onChanged", "1.9");
    return new FakeEventHandlers(this, "WorksheetChanged", () => ({}));
  }
}
defineScalars(WorksheetCollectionProxy, { count: { get: (wb: WorkbookModel) => wb.sheets.length } });

function sheetRange(sheet: SheetModel, address: unknown): RangeRef {
  if (address === undefined || address === null || address === "") {
    return { sheet, rect: rect(0, 0, MAX_ROWS - 1, MAX_COLS - 1) };
  }
  if (typeof address !== "string") fail("InvalidArgument", "getRange: address must be a string");
  const parsed = parseAddress(address);
  if (parsed.sheet !== undefined && !sameName(parsed.sheet, sheet.name)) {
    fail("InvalidArgument", `getRange: "${address}" is not on worksheet "${sheet.name}"`);
  }
  return { sheet, rect: parsed.rect };
}

export class WorksheetProxy extends ClientObj {
  static override typeName = "Worksheet";

  getRange(address?: string): RangeProxy {
    return this._child(
      RangeProxy,
      "GetRange",
      address === undefined ? [] : [address],
      (_rt, sheet: SheetModel, [a]: string[]) => sheetRange(sheet, a),
    );
  }
  getRangeByIndexes(
    startRow: number,
    startColumn: number,
    rowCount: number,
    columnCount: number,
  ): RangeProxy {
    this._requireApi("getRangeByIndexes", "1.7");
    return this._child(
      RangeProxy,
      "GetRangeByIndexes",
      [startRow, startColumn, rowCount, columnCount],
      (_rt, sheet: SheetModel, [r, c, n, m]: number[]) => {
        const all = [r, c, n, m];
        if (all.some((x) => typeof x !== "number" || !Number.isInteger(x)) || (n ?? 0) < 1 || (m ?? 0) < 1) {
          fail("InvalidArgument", `getRangeByIndexes(${all.join(", ")})`);
        }
        const target = rect(
          r as number,
          c as number,
          (r as number) + (n as number) - 1,
          (c as number) + (m as number) - 1,
        );
        checkInGrid(target);
        return { sheet, rect: target };
      },
    );
  }
  getCell(row: number, column: number): RangeProxy {
    return this._child(RangeProxy, "GetCell", [row, column], (_rt, sheet: SheetModel, [r, c]: number[]) => {
      const target = rect(r as number, c as number);
      checkInGrid(target);
      return { sheet, rect: target };
    });
  }
  getUsedRange(valuesOnly?: boolean): RangeProxy {
    return this._child(
      RangeProxy,
      "GetUsedRange",
      [valuesOnly ?? false],
      (_rt, sheet: SheetModel, [v]: boolean[]) => ({
        sheet,
        // A blank worksheet's used range is its top-left cell.
        rect: sheet.usedRect(Boolean(v)) ?? rect(0, 0),
      }),
    );
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): RangeProxy {
    this._requireApi("getUsedRangeOrNullObject", "1.4");
    return this._child(
      RangeProxy,
      "GetUsedRangeOrNullObject",
      [valuesOnly ?? false],
      (_rt, sheet: SheetModel, [v]: boolean[]) => {
        const used = sheet.usedRect(Boolean(v));
        return used ? { sheet, rect: used } : null;
      },
      { orNull: true },
    );
  }
  activate(): void {
    this._invoke("Activate", [], (rt, sheet: SheetModel) => rt.host.wb.activate(sheet));
  }
  delete(): void {
    this._invoke("Delete", [], (rt, sheet: SheetModel) => rt.host.wb.deleteSheet(sheet));
  }
  calculate(): void {
    this._invoke("Calculate", [], () => undefined);
  }
  get onChanged(): FakeEventHandlers {
    this._requireApi("onChanged", "1.7");
    return new FakeEventHandlers(this, "WorksheetChanged", (e) => ({ sheet: e as SheetModel }));
  }
  get onSelectionChanged(): FakeEventHandlers {
    this._requireApi("onSelectionChanged", "1.7");
    return new FakeEventHandlers(this, "WorksheetSelectionChanged", (e) => ({ sheet: e as SheetModel }));
  }
}

defineScalars(WorksheetProxy, {
  id: { get: (s: SheetModel) => s.id },
  name: { get: (s: SheetModel) => s.name, set: (s: SheetModel, v) => s.wb.renameSheet(s, v) },
  position: {
    get: (s: SheetModel) => s.wb.sheets.indexOf(s),
    set: (s: SheetModel, v) => s.wb.moveSheet(s, v),
  },
  visibility: {
    get: (s: SheetModel) => s.visibility,
    set: (s: SheetModel, v) => s.wb.setVisibility(s, String(v)),
  },
  tabColor: {
    api: "1.7",
    get: (s: SheetModel) => s.tabColor,
    set: (s: SheetModel, v) => (s.tabColor = v === "" || v === null ? "" : normalizeColor(v)),
  },
  showGridlines: {
    api: "1.8",
    get: (s: SheetModel) => s.showGridlines,
    set: (s: SheetModel, v) => (s.showGridlines = Boolean(v)),
  },
  showHeadings: {
    api: "1.8",
    get: (s: SheetModel) => s.showHeadings,
    set: (s: SheetModel, v) => (s.showHeadings = Boolean(v)),
  },
  standardHeight: { api: "1.7", get: (s: SheetModel) => s.standardHeight },
  standardWidth: {
    api: "1.7",
    get: (s: SheetModel) => s.standardWidth,
    set: (s: SheetModel, v) => {
      if (typeof v !== "number" || v < 0 || v > 1789) fail("InvalidArgument", `standardWidth ${String(v)}`);
      s.standardWidth = v;
    },
  },
});

export class FreezePanesProxy extends ClientObj {
  static override typeName = "WorksheetFreezePanes";

  freezeRows(count = 1): void {
    this._invoke("FreezeRows", [count], (_rt, s: SheetModel, [n]: number[]) => {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n >= MAX_ROWS)
        fail("InvalidArgument", `freezeRows(${String(n)})`);
      s.freeze = { rows: n, cols: 0 };
    });
  }
  freezeColumns(count = 1): void {
    this._invoke("FreezeColumns", [count], (_rt, s: SheetModel, [n]: number[]) => {
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n >= MAX_COLS)
        fail("InvalidArgument", `freezeColumns(${String(n)})`);
      s.freeze = { rows: 0, cols: n };
    });
  }
  freezeAt(frozenRange: RangeProxy | string): void {
    this._invoke("FreezeAt", [frozenRange], (rt, s: SheetModel, [r]: unknown[]) => {
      const ref = rangeArg(rt, r, s, "freezeAt");
      s.freeze = { rows: ref.rect.r1 + 1, cols: ref.rect.c1 + 1 };
    });
  }
  unfreeze(): void {
    this._invoke("Unfreeze", [], (_rt, s: SheetModel) => {
      s.freeze = { rows: 0, cols: 0 };
    });
  }
  private location(s: SheetModel): RangeRef | null {
    const { rows, cols } = s.freeze;
    if (rows === 0 && cols === 0) return null;
    if (cols === 0) return { sheet: s, rect: rect(0, 0, rows - 1, MAX_COLS - 1) };
    if (rows === 0) return { sheet: s, rect: rect(0, 0, MAX_ROWS - 1, cols - 1) };
    return { sheet: s, rect: rect(0, 0, rows - 1, cols - 1) };
  }
  getLocation(): RangeProxy {
    return this._child(
      RangeProxy,
      "GetLocation",
      [],
      (_rt, s: SheetModel) => this.location(s) ?? fail("ItemNotFound", "no frozen panes"),
    );
  }
  getLocationOrNullObject(): RangeProxy {
    return this._child(RangeProxy, "GetLocationOrNullObject", [], (_rt, s: SheetModel) => this.location(s), {
      orNull: true,
    });
  }
}

export class WorksheetProtectionProxy extends ClientObj {
  static override typeName = "WorksheetProtection";
  protect(options?: Record<string, unknown>, password?: string): void {
    this._invoke(
      "Protect",
      [options ?? null, password ?? null],
      (_rt, s: SheetModel, [o]: Array<Record<string, unknown> | null>) => {
        if (s.protection.protected) fail("InvalidOperation", "the worksheet is already protected");
        s.protection = { protected: true, options: o ?? {} };
      },
    );
  }
  unprotect(password?: string): void {
    this._invoke("Unprotect", [password ?? null], (_rt, s: SheetModel) => {
      s.protection = { protected: false, options: {} };
    });
  }
}
defineScalars(WorksheetProtectionProxy, {
  protected: { get: (s: SheetModel) => s.protection.protected },
  options: { get: (s: SheetModel) => s.protection.options },
});

defineNavs(WorksheetProxy, {
  tables: { cls: () => TableCollectionProxy, resolve: (s: SheetModel) => ({ wb: s.wb, sheet: s }) },
  freezePanes: { cls: () => FreezePanesProxy, resolve: (s: SheetModel) => s, api: "1.7" },
  protection: { cls: () => WorksheetProtectionProxy, resolve: (s: SheetModel) => s, api: "1.2" },
  pageLayout: { cls: () => PageLayoutProxy, resolve: (s: SheetModel) => s, api: "1.9" },
  horizontalPageBreaks: {
    cls: () => PageBreakCollectionProxy,
    resolve: (s: SheetModel) => ({ sheet: s, kind: "horizontal" }),
    api: "1.9",
  },
  verticalPageBreaks: {
    cls: () => PageBreakCollectionProxy,
    resolve: (s: SheetModel) => ({ sheet: s, kind: "vertical" }),
    api: "1.9",
  },
  charts: { cls: () => ChartCollectionProxy, resolve: (s: SheetModel) => s },
});
