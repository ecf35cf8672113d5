// createExcelFake(): an in-memory Excel host with the Office.js request model, for proving the add-in's Excel
// layer without Excel. Browser-safe (no Node imports). See README.md in this folder for what is modelled.
import { gateByApiSets } from "./apiSets";
import { createInspector, type WorkbookInspector } from "./inspect";
import { FakeHost, type FakeStats } from "./host";
import type { Locale } from "./input";
import { createExcelNamespace, createOfficeExtensionNamespace } from "./namespaces";
import { createOffice, type OfficeTheme } from "./office";
import { renderSheetHtml, type RenderOptions } from "./render";
import { WorkbookModel } from "./workbook";

export interface ExcelFakeOptions {
  /** Host locale: default fonts, paper size, default table/column names, how typed dates parse. Default "zh-CN". */
  locale?: Locale;
  /** Worksheets the workbook opens with. Default ["Sheet1"]. */
  sheets?: string[];
  /**
   * Highest ExcelApi requirement set the host supports. Default "1.9", the manifest's minimum, so tests prove the
   * floor; members of newer sets throw ApiNotFound. "1.8" simulates a host without pageLayout.
   */
  excelApi?: string;
  /** Other requirement sets reported by isSetSupported (merged over { ExcelApi }). */
  requirementSets?: Record<string, string>;
  /** Clock for TODAY()/NOW() and for typed dates without a year. */
  now?: () => Date;
  officeTheme?: Partial<OfficeTheme>;
  /** Office.context.platform / onReady info.platform. Default "OfficeOnline" (Excel on the web). */
  platform?: string;
  displayLanguage?: string;
}

export interface ExcelFake {
  Excel: typeof Excel;
  Office: typeof Office;
  OfficeExtension: typeof OfficeExtension;
  /** Inspection and user-simulation API for tests. */
  workbook: WorkbookInspector;
  stats: FakeStats;
  /** While on, every request fails with InvalidOperationInCellEditMode (the user is typing in a cell). */
  setCellEditMode(on: boolean): void;
  renderSheetHtml(sheetName: string, options?: RenderOptions): string;
  /** Internals, for the fake's own tests. */
  host: FakeHost;
}

export function createExcelFake(options: ExcelFakeOptions = {}): ExcelFake {
  gateByApiSets();
  const locale = options.locale ?? "zh-CN";
  const now = options.now ?? (() => new Date());
  const wb = new WorkbookModel(locale, now, options.sheets ?? ["Sheet1"]);
  const host = new FakeHost(wb, {
    ExcelApi: options.excelApi ?? "1.9",
    // Members only Excel on the web has (e.g. TableRowCollection.deleteRowsAt).
    ...((options.platform ?? "OfficeOnline") === "OfficeOnline" ? { ExcelApiOnline: "1.1" } : {}),
    DialogApi: "1.2",
    SharedRuntime: "1.1",
    RibbonApi: "1.1",
    AddinCommands: "1.1",
    ...options.requirementSets,
  });
  const office = createOffice(host, {
    theme: {
      bodyBackgroundColor: "#FFFFFF",
      bodyForegroundColor: "#000000",
      controlBackgroundColor: "#FFFFFF",
      controlForegroundColor: "#000000",
      ...options.officeTheme,
    },
    platform: options.platform ?? "OfficeOnline",
    displayLanguage: options.displayLanguage ?? locale,
  });
  return {
    Excel: createExcelNamespace(host) as unknown as typeof Excel,
    Office: office as unknown as typeof Office,
    OfficeExtension: createOfficeExtensionNamespace() as unknown as typeof OfficeExtension,
    workbook: createInspector(host),
    stats: host.stats,
    setCellEditMode(on: boolean) {
      host.cellEditMode = on;
    },
    renderSheetHtml(sheetName: string, renderOptions?: RenderOptions) {
      const sheet = host.wb.findSheet(sheetName);
      if (!sheet) throw new Error(`excel-fake: no worksheet "${sheetName}"`);
      return renderSheetHtml(sheet, renderOptions);
    },
    host,
  };
}

/** Puts the fake's Excel, Office and OfficeExtension on `target` (globalThis by default); returns an undo function. */
export function installExcelFake(
  fake: ExcelFake,
  target: Record<string, unknown> = globalThis as unknown as Record<string, unknown>,
): () => void {
  const names = ["Excel", "Office", "OfficeExtension"] as const;
  const previous = names.map((n) => [n, Object.getOwnPropertyDescriptor(target, n)] as const);
  target.Excel = fake.Excel;
  target.Office = fake.Office;
  target.OfficeExtension = fake.OfficeExtension;
  return () => {
    for (const [name, descriptor] of previous) {
      if (descriptor) Object.defineProperty(target, name, descriptor);
      else delete target[name];
    }
  };
}

export type { FakeStats } from "./host";
export type { RenderOptions } from "./render";
export type { CellInfo, SheetInspector, TableInfo, WorkbookInspector } from "./inspect";
export { FakeOfficeError } from "./errors";
