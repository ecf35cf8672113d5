/**
 * The clerk's selection on the 督办清单: only the selected rows are read (with the header, for the column map),
 * so a click costs the same with 50 rows or 50,000; several areas (Ctrl-click) come through getSelectedRanges
 * (ExcelApi 1.9; getSelectedRange throws for them), so 一单多事 can gather scattered rows.
 */
import { columnMap, fromCells } from "./listColumns";
import { type Cell, LIST_SHEET, LIST_TABLE, col } from "./listModel";
import type { ListOptions } from "./listTable";
import { runExcel } from "./run";

export interface SelectedListRows {
  /** False before 初始化清单. */
  hasTable: boolean;
  /** False when there is no table, or the selection is on another sheet. */
  onList: boolean;
  /** The selected data rows, top to bottom, each once: zero-based index in the body and the add-in's cells. */
  rows: { index: number; row: Cell[] }[];
}

/** Read the selected rows of the table (inside a batch): two syncs, the header and the selected rows only. */
export async function readSelectedRows(context: Excel.RequestContext): Promise<SelectedListRows> {
  const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
  table.load("name");
  const selection = context.workbook.getSelectedRanges();
  selection.load("worksheet/name");
  selection.areas.load("items/rowIndex,items/rowCount");
  const header = table.getHeaderRowRange();
  header.load("values,rowIndex");
  const body = table.getDataBodyRange();
  body.load("rowCount");
  const sheet = table.worksheet;
  sheet.load("name");
  await context.sync();
  if (table.isNullObject) return { hasTable: false, onList: false, rows: [] };
  if (selection.worksheet.name !== sheet.name) return { hasTable: true, onList: false, rows: [] };
  const map = columnMap(header.values[0] ?? []);
  const first = header.rowIndex + 1;
  const wanted = new Set<number>();
  for (const area of selection.areas.items) {
    const from = Math.max(area.rowIndex, first) - first;
    const to = Math.min(area.rowIndex + area.rowCount, first + body.rowCount) - first;
    for (let r = from; r < to; r++) wanted.add(r);
  }
  // Contiguous runs of selected rows, one read each (usually one sync); a selection whose rows come to more than
  // 5 MB is read in halves, as Excel on the web then answers nothing for that sync.
  const indexes = [...wanted].sort((a, b) => a - b);
  const runs: { start: number; count: number }[] = [];
  for (let k = 0; k < indexes.length;) {
    let end = k;
    while (end + 1 < indexes.length && indexes[end + 1] === indexes[end]! + 1) end++;
    runs.push({ start: indexes[k]!, count: end - k + 1 });
    k = end + 1;
  }
  const rows: { index: number; row: Cell[] }[] = [];
  let slice = Math.max(1, indexes.length);
  let done = 0; // selected rows delivered so far, in order
  while (done < indexes.length) {
    const reads: { start: number; range: Excel.Range }[] = [];
    let budget = slice;
    let skipped = done;
    for (const run of runs) {
      if (budget === 0) break;
      const from = run.start + Math.min(run.count, skipped);
      skipped = Math.max(0, skipped - run.count);
      const count = Math.min(run.start + run.count - from, budget);
      if (count <= 0) continue;
      const range = body.getRow(from).getResizedRange(count - 1, 0);
      range.load("values");
      reads.push({ start: from, range });
      budget -= count;
    }
    try {
      await context.sync();
    } catch (e) {
      if ((e as { code?: string }).code === "ResponsePayloadSizeLimitExceeded" && slice > 1) {
        slice = Math.ceil(slice / 2);
        continue;
      }
      throw e;
    }
    for (const { start, range } of reads)
      range.values.forEach((cells, n) => rows.push({ index: start + n, row: fromCells(cells, map) }));
    done = rows.length;
  }
  return { hasTable: true, onList: true, rows };
}

/** The item ids (and row numbers) of the table rows in the user's selection. */
export async function selectedRows(options: ListOptions = {}): Promise<{ ids: string[]; rows: number[] }> {
  return runExcel(async (context) => {
    const { rows } = await readSelectedRows(context);
    const picked = rows.filter((r) => String(r.row[col("id")] ?? ""));
    return { ids: picked.map((r) => String(r.row[col("id")])), rows: picked.map((r) => r.index) };
  }, options);
}

/**
 * Call `handler` whenever the selection moves on the 督办清单 sheet; returns the function that unsubscribes.
 * (Excel on the web misses some change events, but selection events are reliable enough to follow the clerk.)
 */
export async function onListSelectionChanged(
  handler: () => void,
  options: ListOptions = {},
): Promise<() => Promise<void>> {
  const registration = await runExcel(async (context) => {
    const sheet = context.workbook.worksheets.getItemOrNullObject(LIST_SHEET);
    sheet.load("name");
    await context.sync();
    if (sheet.isNullObject) return null;
    const result = sheet.onSelectionChanged.add(async () => handler());
    await context.sync();
    return result;
  }, options);
  return async () => {
    if (!registration) return;
    // An event handler is removed through the context it was added with.
    registration.remove();
    await registration.context.sync().catch(() => undefined);
  };
}
