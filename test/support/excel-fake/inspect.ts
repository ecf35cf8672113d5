// The test-facing view of the fake workbook: read cells, tables, validations, conditional formats, page layout,
// print area, charts, freeze panes, settings; and act as the user (edit, pick from a dropdown, delete table rows,
// select), with Excel's event behaviour for each.
import { columnIndex, columnLetters, formatRect, parseAddress, rect, type Rect } from "./a1";
import { appliedConditionalFormat } from "./cf-eval";
import type { FakeHost } from "./host";
import { sameName } from "./names";
import type { ScalarValue } from "./numfmt";
import { dropdownValues } from "./proxies/validation";
import { structuredCloneJson, type SheetModel } from "./sheet";
import type { TableModel } from "./workbook";

export interface CellInfo {
  address: string;
  value: ScalarValue;
  /** The formula ("=…") or null when the cell holds a constant. */
  formula: string | null;
  numberFormat: string;
  text: string;
  valueType: string;
  format: {
    font: {
      name: string;
      size: number;
      bold: boolean;
      italic: boolean;
      color: string;
      underline: string;
      strikethrough: boolean;
    };
    fill: { color: string | null };
    horizontalAlignment: string;
    verticalAlignment: string;
    wrapText: boolean;
    locked: boolean;
    borders: Record<"top" | "bottom" | "left" | "right", { style: string; weight: string; color: string }>;
  };
  /** Address of the merged area the cell belongs to, or null. */
  mergedArea: string | null;
  validation: Record<string, unknown> | null;
  /** Conditional formats that currently apply to the cell (evaluated), or null. */
  conditionalFormat: ReturnType<typeof appliedConditionalFormat>;
}

export interface TableInfo {
  id: string;
  name: string;
  sheet: string;
  address: string;
  headers: string[];
  rows: ScalarValue[][];
  style: string;
  showFilterButton: boolean;
  showBandedRows: boolean;
}

function grid<T>(r: Rect, f: (row: number, col: number) => T): T[][] {
  const out: T[][] = [];
  for (let row = r.r0; row <= r.r1; row++) {
    const line: T[] = [];
    for (let col = r.c0; col <= r.c1; col++) line.push(f(row, col));
    out.push(line);
  }
  return out;
}

function tableInfo(t: TableModel): TableInfo {
  return {
    id: t.id,
    name: t.name,
    sheet: t.sheet.name,
    address: formatRect(t.rect),
    headers: t.columns.map((c) => c.name),
    rows: grid(t.bodyRect(), (r, c) => t.sheet.valueAt(r, c)),
    style: t.style,
    showFilterButton: t.showFilterButton,
    showBandedRows: t.showBandedRows,
  };
}

export function sheetInspector(sheet: SheetModel) {
  const at = (address: string): Rect => parseAddress(address).rect;
  return {
    get name() {
      return sheet.name;
    },
    get id() {
      return sheet.id;
    },
    get visibility() {
      return sheet.visibility;
    },
    get position() {
      return sheet.wb.sheets.indexOf(sheet);
    },
    get tabColor() {
      return sheet.tabColor;
    },
    get showGridlines() {
      return sheet.showGridlines;
    },
    cell(address: string): CellInfo {
      const { r0: row, c0: col } = at(address);
      const border = (side: "Top" | "Bottom" | "Left" | "Right") => ({ ...sheet.border(row, col, side) });
      const merge = sheet.mergeAt(row, col);
      const fill = sheet.fmt("fillColor", row, col) as string;
      const validation = sheet.validationsIn(rect(row, col))[0];
      const formula = sheet.cell(row, col)?.formula;
      return {
        address: formatRect(rect(row, col)),
        value: sheet.valueAt(row, col),
        formula: formula ?? null,
        numberFormat: sheet.fmt("numberFormat", row, col) as string,
        text: sheet.textAt(row, col),
        valueType: sheet.valueTypeAt(row, col),
        format: {
          font: {
            name: sheet.fmt("fontName", row, col) as string,
            size: sheet.fmt("fontSize", row, col) as number,
            bold: sheet.fmt("fontBold", row, col) as boolean,
            italic: sheet.fmt("fontItalic", row, col) as boolean,
            color: sheet.fmt("fontColor", row, col) as string,
            underline: sheet.fmt("fontUnderline", row, col) as string,
            strikethrough: sheet.fmt("fontStrikethrough", row, col) as boolean,
          },
          fill: { color: fill === "none" ? null : fill },
          horizontalAlignment: sheet.fmt("horizontalAlignment", row, col) as string,
          verticalAlignment: sheet.fmt("verticalAlignment", row, col) as string,
          wrapText: sheet.fmt("wrapText", row, col) as boolean,
          locked: sheet.fmt("locked", row, col) as boolean,
          borders: {
            top: border("Top"),
            bottom: border("Bottom"),
            left: border("Left"),
            right: border("Right"),
          },
        },
        mergedArea: merge ? formatRect(merge) : null,
        validation: validation
          ? structuredCloneJson({
              ...validation,
              rects: undefined,
              addresses: validation.rects.map(formatRect),
            })
          : null,
        conditionalFormat: appliedConditionalFormat(sheet, row, col),
      };
    },
    values: (address: string): ScalarValue[][] => grid(at(address), (r, c) => sheet.valueAt(r, c)),
    formulas: (address: string): ScalarValue[][] => grid(at(address), (r, c) => sheet.formulaAt(r, c)),
    texts: (address: string): string[][] => grid(at(address), (r, c) => sheet.textAt(r, c)),
    numberFormats: (address: string): string[][] =>
      grid(at(address), (r, c) => sheet.fmt("numberFormat", r, c) as string),
    usedRange(valuesOnly = false): string | null {
      const used = sheet.usedRect(valuesOnly);
      return used ? formatRect(used) : null;
    },
    merges: (): string[] => sheet.merges.map(formatRect),
    validations: () =>
      sheet.validations.map((v) => ({
        addresses: v.rects.map(formatRect),
        rule: structuredCloneJson(v.rule),
        prompt: { ...v.prompt },
        errorAlert: { ...v.errorAlert },
        ignoreBlanks: v.ignoreBlanks,
      })),
    conditionalFormats: () =>
      sheet.conditionalFormats.map((cf, priority) => ({
        id: cf.id,
        type: cf.type,
        addresses: cf.rects.map(formatRect),
        priority,
        stopIfTrue: cf.stopIfTrue,
        rule: structuredCloneJson(cf.rule),
        format: structuredCloneJson(cf.format),
      })),
    pageLayout: () => structuredCloneJson(sheet.pageLayout),
    printArea: (): string | null => (sheet.printArea ? sheet.printArea.map(formatRect).join(",") : null),
    printTitleRows: (): string | null => (sheet.printTitleRows ? formatRect(sheet.printTitleRows) : null),
    pageBreaks: () => ({
      horizontal: sheet.horizontalPageBreaks.map((b) => b.row),
      vertical: sheet.verticalPageBreaks.map((b) => b.col),
    }),
    charts: () =>
      sheet.charts.map((c) => ({
        ...structuredCloneJson({ ...c, source: undefined }),
        source: formatRect(c.source),
      })),
    freezePanes: () => ({ rows: sheet.freeze.rows, columns: sheet.freeze.cols }),
    /** Width in points of a column given as letters ("B") or zero-based index. */
    columnWidth: (col: string | number): number =>
      sheet.columnWidth(typeof col === "number" ? col : columnIndex(col)),
    /** Height in points of a row given as its 1-based number, as Excel shows it. */
    rowHeight: (rowNumber: number): number => sheet.rowHeight(rowNumber - 1),
    hiddenColumns: (): string[] => [...sheet.hiddenCols].sort((a, b) => a - b).map(columnLetters),
    hiddenRows: (): number[] => [...sheet.hiddenRows].sort((a, b) => a - b).map((r) => r + 1),
    tables: (): string[] => sheet.tables().map((t) => t.name),
    protection: () => structuredCloneJson(sheet.protection),
  };
}

export type SheetInspector = ReturnType<typeof sheetInspector>;

export function createInspector(host: FakeHost) {
  const sheetOf = (name: string): SheetModel => {
    const sheet = host.wb.findSheet(name);
    if (!sheet)
      throw new Error(
        `excel-fake: no worksheet "${name}" (have: ${host.wb.sheets.map((s) => s.name).join(", ")})`,
      );
    return sheet;
  };
  const tableOf = (name: string): TableModel => {
    const table = host.wb.tables.find((t) => sameName(t.name, name) || t.id === name);
    if (!table)
      throw new Error(
        `excel-fake: no table "${name}" (have: ${host.wb.tables.map((t) => t.name).join(", ")})`,
      );
    return table;
  };

  return {
    sheetNames: (): string[] => host.wb.sheets.map((s) => s.name),
    sheet: (name: string): SheetInspector => sheetInspector(sheetOf(name)),
    activeSheet: (): string => host.wb.active.name,
    selection: () => ({ sheet: host.wb.selection.sheet.name, address: formatRect(host.wb.selection.rect) }),
    tables: (): TableInfo[] => host.wb.tables.map(tableInfo),
    table: (name: string): TableInfo => tableInfo(tableOf(name)),
    /** Office.context.document.settings: what saveAsync persisted, and what the add-in holds in memory. */
    documentSettings: () => ({
      saved: structuredCloneJson(host.wb.docSettingsSaved),
      current: structuredCloneJson(host.wb.docSettings),
    }),
    /** workbook.settings (Excel.SettingCollection). */
    workbookSettings: (): Record<string, unknown> => Object.fromEntries(host.wb.excelSettings),
    /** Errors thrown by event handlers (an unhandled rejection in a real add-in). */
    get eventErrors(): unknown[] {
      return host.eventErrors;
    },
    /** Waits for every running event handler. */
    settle: (): Promise<void> => host.settle(),

    /** Closes and reopens the document: sheets, tables and saved settings stay; unsaved settings and handlers go. */
    reloadDocument(): void {
      host.wb.docSettings = structuredCloneJson(host.wb.docSettingsSaved);
      host.registrations = [];
      host.wb.eventsEnabled = true;
      host.cellEditMode = false;
    },

    /** Test setup: adds a worksheet directly. */
    addSheet(name: string): SheetInspector {
      return sheetInspector(host.wb.addSheet(name));
    },

    /** Test setup: writes values as typed input without raising events. */
    setValues(sheetName: string, address: string, values: unknown): void {
      const sheet = sheetOf(sheetName);
      sheet.writeValues(parseAddress(address).rect, values, "setValues");
      host.wb.takeChanges();
    },

    /**
     * The user types (or, with paste, pastes) values: parsed like typing, raising worksheet and table onChanged.
     * Typing into a cell with a list validation (error alert "Stop") refuses a value not in the list; paste does not.
     */
    async userEdit(
      sheetName: string,
      address: string,
      values: unknown,
      options: { paste?: boolean } = {},
    ): Promise<void> {
      const sheet = sheetOf(sheetName);
      const r = parseAddress(address).rect;
      if (!options.paste) {
        const allowed = dropdownValues({ sheet, rect: r });
        const alert = sheet.validationsIn(r)[0]?.errorAlert;
        if (allowed && alert?.showAlert !== false && alert?.style === "Stop") {
          const flat = (Array.isArray(values) ? (values as unknown[][]).flat() : [values]).map((v) =>
            String(v ?? ""),
          );
          const bad = flat.find((v) => v !== "" && !allowed.includes(v));
          if (bad !== undefined)
            throw new Error(`excel-fake: Excel refuses "${bad}": not in the dropdown list of ${address}`);
        }
      }
      host.wb.expandTableForUserInput(sheet, r);
      sheet.writeValues(r, values, "userEdit");
      host.dispatch(host.wb.takeChanges(), "Unknown");
      await host.settle();
    },

    /** The user picks a value from a validation dropdown: written, but Excel on the web raises no onChanged (#3888). */
    async userPickFromDropdown(sheetName: string, address: string, value: string): Promise<void> {
      const sheet = sheetOf(sheetName);
      const r = parseAddress(address).rect;
      const allowed = dropdownValues({ sheet, rect: r });
      if (!allowed) throw new Error(`excel-fake: ${address} on "${sheetName}" has no dropdown`);
      if (!allowed.includes(value))
        throw new Error(`excel-fake: "${value}" is not in the dropdown of ${address}`);
      sheet.writeValues(r, value, "userPickFromDropdown");
      host.wb.takeChanges();
      await host.settle();
    },

    /**
     * The user filters a table by a column (the header's filter button): rows whose displayed text is not one of
     * `values` are hidden; an empty list clears that column's filter.
     */
    userFilter(tableName: string, header: string, values: string[]): void {
      const table = tableOf(tableName);
      const index = table.columns.findIndex((c) => sameName(c.name, header));
      if (index < 0) throw new Error(`excel-fake: no column "${header}" in table "${table.name}"`);
      if (values.length === 0) delete table.columns[index]!.filter;
      else table.columns[index]!.filter = { filterOn: "Values", values: [...values] };
      host.wb.refilter(table);
      host.wb.takeChanges();
    },

    /** The user sorts a table by a column (the header's sort button): rows move with their formats. */
    userSortTable(tableName: string, header: string, order: "ascending" | "descending" = "ascending"): void {
      const table = tableOf(tableName);
      const index = table.columns.findIndex((c) => sameName(c.name, header));
      if (index < 0) throw new Error(`excel-fake: no column "${header}" in table "${table.name}"`);
      host.wb.sortTable(table, index, order === "ascending");
      host.wb.takeChanges();
    },

    /** The user deletes table rows (zero-based data row indexes): no onChanged at all (office-js#294). */
    async userDeleteTableRows(tableName: string, rowIndexes: number | number[]): Promise<void> {
      const table = tableOf(tableName);
      const list = (Array.isArray(rowIndexes) ? rowIndexes : [rowIndexes]).slice().sort((a, b) => b - a);
      for (const i of list) host.wb.deleteTableRows(table, i, 1, true);
      host.wb.takeChanges();
      await host.settle();
    },

    /**
     * The user selects a range (raising selection events); getSelectedRange() returns it. Several areas
     * ("A2:C2,A5:C6", Ctrl-click) are only readable through getSelectedRanges().
     */
    async userSelect(sheetName: string, address: string): Promise<void> {
      const sheet = sheetOf(sheetName);
      const areas = address.split(",").map((a) => parseAddress(a.trim()).rect);
      const r = areas[0]!;
      host.wb.active = sheet;
      host.wb.selection = areas.length > 1 ? { sheet, rect: r, areas } : { sheet, rect: r };
      host.selectionChanged(sheet, r);
      await host.settle();
    },
  };
}

export type WorkbookInspector = ReturnType<typeof createInspector>;
