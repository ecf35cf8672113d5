/**
 * 初始化清单: create (or adopt) the 督办清单 sheet and its table, or repair it — add-in columns a clerk renamed
 * are renamed back, deleted ones are added again (editable cells restored from the row's 基准) — and apply
 * formats, dropdowns and conditional formats by header, leaving the clerk's own columns alone.
 */
import type { Department } from "../../../functions/src/domain/types";
import {
  MODE_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  URGENCY_LABELS,
} from "../../../functions/src/domain/types";
import { checkColumns, type ColumnMap, columnLetters } from "./listColumns";
import {
  asTextCell,
  type Cell,
  col,
  COLUMNS,
  EDIT_KEYS,
  HEADERS,
  LIST_SHEET,
  LIST_TABLE,
  REFERENCE_SHEET,
} from "./listModel";
import { formatColumns, type ListOptions } from "./listTable";
import { ExcelError, runExcel } from "./run";

export interface InitResult {
  created: boolean;
  adopted: boolean;
  /** Headers of the add-in's columns put back (renamed back or added again). */
  repaired?: string[];
}

const HEADER_ADDRESS = `A1:${columnLetters(COLUMNS.length - 1)}1`;

/** Dropdowns, formats, widths and conditional formats of the table, by header; safe to apply again and again. */
function formatTable(sheet: Excel.Worksheet, table: Excel.Table, map: ColumnMap, deptCount: number) {
  const header = table.getHeaderRowRange();
  header.format.font.bold = true;
  header.format.fill.color = "#1F4E79";
  header.format.font.color = "#FFFFFF";
  header.format.wrapText = true;
  COLUMNS.forEach((c, k) => {
    const column = sheet.getRangeByIndexes(0, map.at[k]!, 1, 1).getEntireColumn();
    // Shown again too: after a clerk moved or inserted columns, a sheet column hidden for 事项编号 may hold another.
    column.columnHidden = c.kind === "hidden";
    if (c.kind !== "hidden") column.format.columnWidth = c.width;
  });
  const body = table.getDataBodyRange();
  const colBody = (key: string) => table.columns.getItemAt(map.at[col(key)]!).getDataBodyRange();
  formatColumns(table, map);
  colBody("content").format.wrapText = true;
  colBody("requirements").format.wrapText = true;
  colBody("proposal").format.wrapText = true;
  const lists: [string, string][] = [
    ["source", Object.values(SOURCE_LABELS).join(",")],
    ["mode", Object.values(MODE_LABELS).join(",")],
    ["urgency", Object.values(URGENCY_LABELS).join(",")],
    ["status", Object.values(STATUS_LABELS).join(",")],
  ];
  for (const [key, source] of lists) {
    const range = colBody(key);
    range.dataValidation.clear();
    range.dataValidation.rule = { list: { inCellDropDown: true, source } };
    range.dataValidation.errorAlert = { showAlert: false, message: "", style: "Information", title: "" };
  }
  const lead = colBody("leadDept");
  lead.dataValidation.clear();
  if (deptCount > 0) {
    // Department names can exceed the 255-character limit of a literal list: point at the reference sheet.
    lead.dataValidation.rule = {
      list: { inCellDropDown: true, source: `=${REFERENCE_SHEET}!$A$2:$A$${deptCount + 1}` },
    };
  }
  body.conditionalFormats.clearAll();
  const overdueCol = columnLetters(map.at[col("overdueDays")]!);
  const firstRow = 2;
  const overdue = body.conditionalFormats.add("Custom" as Excel.ConditionalFormatType);
  overdue.custom.rule.formula = `=AND(ISNUMBER($${overdueCol}${firstRow}),$${overdueCol}${firstRow}>0)`;
  overdue.custom.format.fill.color = "#FDE9E7";
  const light = colBody("light");
  for (const [text, fill, font] of [
    ["红灯", "#E81123", "#FFFFFF"],
    ["黄灯", "#FFC000", "#000000"],
    ["绿灯", "#00B050", "#FFFFFF"],
    ["灰灯", "#A6A6A6", "#FFFFFF"],
  ] as const) {
    const cf = light.conditionalFormats.add("ContainsText" as Excel.ConditionalFormatType);
    cf.textComparison.rule = { operator: "Contains" as Excel.ConditionalTextOperator, text };
    cf.textComparison.format.fill.color = fill;
    cf.textComparison.format.font.color = font;
  }
}

function writeReference(context: Excel.RequestContext, departments: readonly Department[]): void {
  const ref = context.workbook.worksheets.getItem(REFERENCE_SHEET);
  ref.getRange("A:A").clear();
  // A department named like a formula or a number (=…, +1部, 001) must land as its name.
  const rows: Cell[][] = [["部门"], ...departments.map((d) => [asTextCell(d.name)])];
  ref.getRangeByIndexes(0, 0, rows.length, 1).values = rows;
  ref.visibility = "VeryHidden" as Excel.SheetVisibility;
}

/**
 * Put back the add-in's columns a clerk renamed or deleted. A renamed column is the one unknown column between
 * the missing column's neighbours (renamed back, cells kept); otherwise the column is added again next to its
 * predecessor, its editable cells restored from each row's 基准 (the values as last pulled).
 */
async function repairColumns(
  context: Excel.RequestContext,
  table: Excel.Table,
  headers: string[],
): Promise<string[]> {
  const repaired: string[] = [];
  const added: string[] = [];
  const current = [...headers];
  for (let k = 0; k < COLUMNS.length; k++) {
    const c = COLUMNS[k]!;
    if (current.includes(c.header)) continue;
    const before = COLUMNS.slice(0, k)
      .map((p) => current.indexOf(p.header))
      .filter((i) => i >= 0);
    const after = COLUMNS.slice(k + 1)
      .map((p) => current.indexOf(p.header))
      .filter((i) => i >= 0);
    const lo = before.length ? Math.max(...before) : -1;
    const hi = after.length ? Math.min(...after) : current.length;
    const between = current.map((_, i) => i).filter((i) => i > lo && i < hi);
    repaired.push(c.header);
    if (between.length === 1 && !c.added) {
      table.columns.getItemAt(between[0]!).name = c.header;
      current[between[0]!] = c.header;
    } else {
      table.columns.add(lo + 1, undefined, c.header);
      current.splice(lo + 1, 0, c.header);
      added.push(c.header);
    }
  }
  await context.sync();
  // Deleted editable columns: their cells come back from 基准, so the rows do not look edited (cleared).
  const fingerprintKeys = EDIT_KEYS;
  const restore = added
    .map((h) => COLUMNS.find((c) => c.header === h)!)
    .filter((c) => fingerprintKeys.includes(c.key));
  const baseAt = current.indexOf(COLUMNS[col("base")]!.header);
  if (restore.length && !added.includes(COLUMNS[col("base")]!.header)) {
    const body = table.getDataBodyRange();
    const bases = body.getColumn(baseAt);
    bases.load("values");
    const cols = restore.map((c) => {
      const range = body.getColumn(current.indexOf(c.header));
      range.load("values");
      return { c, range };
    });
    await context.sync();
    for (const { c, range } of cols) {
      const i = fingerprintKeys.indexOf(c.key);
      const values = bases.values.map((r, n) => {
        let base: string[];
        try {
          base = JSON.parse(String(r[0] ?? "")) as string[];
        } catch {
          base = [];
        }
        const v = base[i];
        const now = range.values[n]?.[0];
        if (v === undefined || (now !== "" && now !== null)) return [null];
        return [c.kind === "date" && v !== "" && Number.isFinite(Number(v)) ? Number(v) : asTextCell(v)];
      });
      range.values = values as Cell[][];
    }
    await context.sync();
  }
  return repaired;
}

/** 初始化清单: create (or adopt, or repair) the sheet and its table; re-running changes nothing and duplicates nothing. */
export async function initialiseList(
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<InitResult> {
  return runExcel(async (context) => {
    const sheets = context.workbook.worksheets;
    const sheet = sheets.getItemOrNullObject(LIST_SHEET);
    const ref = sheets.getItemOrNullObject(REFERENCE_SHEET);
    const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
    sheet.load("name");
    ref.load("name");
    table.load("name");
    await context.sync();

    let created = false;
    let adopted = false;
    let repaired: string[] = [];
    let lastUsedRow = 1;
    let width = COLUMNS.length;
    let target: Excel.Table;
    let targetSheet: Excel.Worksheet;
    if (!table.isNullObject) {
      target = table;
      targetSheet = table.worksheet;
      const header = table.getHeaderRowRange();
      header.load("values");
      await context.sync();
      const found = (header.values[0] ?? []).map((h) => String(h ?? "").trim());
      if (checkColumns(found).missing.length) repaired = await repairColumns(context, table, found);
    } else {
      targetSheet = sheet.isNullObject ? sheets.add(LIST_SHEET) : sheet;
      if (!sheet.isNullObject) {
        // Adopt a sheet that already has the headers (typed or pasted by a clerk); refuse to bury other content.
        const used = sheet.getUsedRangeOrNullObject(true);
        used.load("address,rowIndex,rowCount,columnIndex,columnCount");
        const head = sheet.getRange(HEADER_ADDRESS);
        head.load("values");
        const tables = sheet.tables;
        tables.load("items/name");
        await context.sync();
        const sameHeaders = HEADERS.every((h, i) => String(head.values[0]?.[i] ?? "") === h);
        if (tables.items.length > 0 || (!used.isNullObject && !sameHeaders))
          throw new ExcelError(
            "InvalidOperation",
            `工作表「${LIST_SHEET}」已有其他内容，请先改名或清空后再初始化`,
          );
        adopted = sameHeaders;
        if (adopted) {
          lastUsedRow = used.rowIndex + used.rowCount; // the rows typed under the headers
          // Columns the clerk typed right of the headers (备注…) become columns of the table, so that they move
          // with their rows when the table is sorted or refreshed; one without a header gets Excel's own name.
          width = Math.max(width, used.columnIndex + used.columnCount);
        }
      }
      if (!adopted) targetSheet.getRange(HEADER_ADDRESS).values = [HEADERS];
      target = targetSheet.tables.add(
        lastUsedRow > 1 || width > COLUMNS.length
          ? `A1:${columnLetters(width - 1)}${lastUsedRow}`
          : HEADER_ADDRESS,
        true,
      );
      target.name = LIST_TABLE;
      created = !adopted;
    }
    const header = target.getHeaderRowRange();
    header.load("values");
    await context.sync();
    const { map } = checkColumns(header.values[0] ?? []);
    if (!map) throw new ExcelError("InvalidOperation", "督办清单的列无法修复，请联系管理员");
    if (ref.isNullObject) sheets.add(REFERENCE_SHEET);
    writeReference(context, departments);
    targetSheet.freezePanes.freezeRows(1);
    formatTable(targetSheet, target, map, departments.length);
    targetSheet.activate();
    await context.sync();
    return repaired.length ? { created, adopted, repaired } : { created, adopted };
  }, options);
}
