// Excel.Workbook (the root of context.workbook), Runtime, Application and the workbook SettingCollection.
import { rect } from "../a1";
import { ClientCollection, ClientObj, defineNavs, defineScalars } from "../client";
import { fail } from "../errors";
import type { FakeHost } from "../host";
import type { WorkbookModel } from "../workbook";
import { FakeEventHandlers } from "./events";
import { RangeAreasProxy, RangeProxy } from "./range";
import { TableCollectionProxy } from "./table";
import { WorksheetCollectionProxy } from "./worksheet";

export class WorkbookProxy extends ClientObj {
  static override typeName = "Workbook";

  /** Throws when several ranges are selected (its doc comment says so): use getSelectedRanges. */
  getSelectedRange(): RangeProxy {
    return this._child(RangeProxy, "GetSelectedRange", [], (_rt, wb: WorkbookModel) =>
      wb.selection.areas
        ? fail("InvalidSelection", "The current selection is invalid for this operation.")
        : { sheet: wb.selection.sheet, rect: wb.selection.rect },
    );
  }
  getSelectedRanges(): RangeAreasProxy {
    this._requireApi("getSelectedRanges", "1.9");
    return this._child(RangeAreasProxy, "GetSelectedRanges", [], (_rt, wb: WorkbookModel) => ({
      sheet: wb.selection.sheet,
      rects: wb.selection.areas ?? [wb.selection.rect],
    }));
  }
  getActiveCell(): RangeProxy {
    this._requireApi("getActiveCell", "1.7");
    return this._child(RangeProxy, "GetActiveCell", [], (_rt, wb: WorkbookModel) => ({
      sheet: wb.selection.sheet,
      rect: rect(wb.selection.rect.r0, wb.selection.rect.c0),
    }));
  }
  get onSelectionChanged(): FakeEventHandlers {
    this._requireApi("onSelectionChanged", "1.2");
    return new FakeEventHandlers(this, "SelectionChanged", () => ({}));
  }
}
defineScalars(WorkbookProxy, {
  name: { api: "1.7", get: () => "Book1.xlsx" },
  readOnly: { api: "1.8", get: () => false },
});

interface SettingRef {
  wb: WorkbookModel;
  key: string;
  alive: () => boolean;
}
const settingRef = (wb: WorkbookModel, key: string): SettingRef => ({
  wb,
  key,
  alive: () => wb.excelSettings.has(key),
});

export class SettingProxy extends ClientObj {
  static override typeName = "Setting";
  delete(): void {
    this._invoke("Delete", [], (_rt, s: SettingRef) => s.wb.excelSettings.delete(s.key));
  }
}
defineScalars(SettingProxy, {
  key: { get: (s: SettingRef) => s.key },
  value: {
    get: (s: SettingRef) => s.wb.excelSettings.get(s.key),
    set: (s: SettingRef, v) => s.wb.excelSettings.set(s.key, v),
  },
});

export class SettingCollectionProxy extends ClientCollection {
  static override typeName = "SettingCollection";
  static get itemClass() {
    return SettingProxy;
  }
  static listItems = (wb: WorkbookModel) =>
    [...wb.excelSettings.keys()].map((key) => ({ key, entity: settingRef(wb, key) }));

  add(key: string, value: unknown): SettingProxy {
    return this._child(SettingProxy, "Add", [key, value], (_rt, wb: WorkbookModel, [k, v]: unknown[]) => {
      if (typeof k !== "string" || k === "") fail("InvalidArgument", "setting key");
      wb.excelSettings.set(k, v);
      return settingRef(wb, k);
    });
  }
  getItem(key: string): SettingProxy {
    return this._child(SettingProxy, "GetItem", [key], (_rt, wb: WorkbookModel, [k]: string[]) =>
      wb.excelSettings.has(String(k))
        ? settingRef(wb, String(k))
        : fail("ItemNotFound", `no setting "${String(k)}"`),
    );
  }
  getItemOrNullObject(key: string): SettingProxy {
    return this._child(
      SettingProxy,
      "GetItemOrNullObject",
      [key],
      (_rt, wb: WorkbookModel, [k]: string[]) =>
        wb.excelSettings.has(String(k)) ? settingRef(wb, String(k)) : null,
      { orNull: true },
    );
  }
  getCount() {
    return this._result("GetCount", [], (_rt, wb: WorkbookModel) => wb.excelSettings.size);
  }
}

defineNavs(WorkbookProxy, {
  worksheets: { cls: () => WorksheetCollectionProxy, resolve: (wb: WorkbookModel) => wb },
  tables: { cls: () => TableCollectionProxy, resolve: (wb: WorkbookModel) => ({ wb }) },
  settings: { cls: () => SettingCollectionProxy, resolve: (wb: WorkbookModel) => wb, api: "1.4" },
  application: { cls: () => ApplicationProxy, resolve: (wb: WorkbookModel) => wb },
});

/** context.runtime: enableEvents switches events off for the whole add-in (user edits included). */
export class RuntimeProxy extends ClientObj {
  static override typeName = "Runtime";
}
defineScalars(RuntimeProxy, {
  enableEvents: {
    api: "1.8",
    get: (h: FakeHost) => h.wb.eventsEnabled,
    set: (h: FakeHost, v) => {
      if (typeof v !== "boolean") fail("InvalidArgument", "enableEvents must be a boolean");
      h.wb.eventsEnabled = v;
    },
  },
});

export class ApplicationProxy extends ClientObj {
  static override typeName = "Application";
  calculate(calculationType: string): void {
    this._invoke("Calculate", [calculationType], () => undefined);
  }
  suspendApiCalculationUntilNextSync(): void {
    this._invoke("SuspendApiCalculationUntilNextSync", [], () => undefined);
  }
  suspendScreenUpdatingUntilNextSync(): void {
    this._invoke("SuspendScreenUpdatingUntilNextSync", [], () => undefined);
  }
}
defineScalars(ApplicationProxy, {
  calculationMode: { get: () => "Automatic", set: () => undefined },
});
