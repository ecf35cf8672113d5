/**
 * 刷新: the table shows the server's items (with the query's filters); rows with unsent edits and new rows are
 * kept as the clerk left them and marked pending; the clerk's own columns travel with their rows; a filter the
 * clerk set stays applied (cleared for the write, which Excel refuses under a filter, then applied again).
 */
import type { ApiClient, ItemQuery } from "../api/client";
import { type ColumnMap, toCells, type WriteCell } from "./listColumns";
import { type Cell, classifyRow, col, DepartmentNames, itemToRow, LIST_TABLE } from "./listModel";
import {
  chunkRows,
  type FilterState,
  filterStateOf,
  formatColumns,
  type ListOptions,
  readList,
} from "./listTable";
import { ExcelError, runExcel } from "./run";

export interface PullResult {
  total: number;
  pending: number;
  added: number;
}

const pendingLabel = (state: string) =>
  /^(冲突|已拒绝|未发送)/.test(state) ? state : "待提交（本地修改尚未提交）";

/**
 * Replace the table's rows with `rows` (full table width), in syncs that each stay under the request limit.
 * A clerk's filter is cleared in the first request and applied again in the last.
 *
 * Once the first rows are written the refresh runs to its end: the rows the clerk typed and the unsent edits go
 * last, and a refresh stopped half-way (取消) could have overwritten their old places without writing them anew.
 * A filter the clerk sets while it runs (Excel then refuses to add rows: InsertDeleteConflict) is lifted for the
 * rest of the write and applied at the end in place of the one read before.
 */
async function writeRows(
  context: Excel.RequestContext,
  map: ColumnMap,
  current: number,
  rows: WriteCell[][],
  filter: FilterState,
  options: ListOptions,
): Promise<void> {
  const table = context.workbook.tables.getItem(LIST_TABLE);
  const keep = Math.min(current, rows.length);
  const chunks = chunkRows(rows);
  if (chunks.length === 0) chunks.push([]); // an empty answer must still remove the old rows
  if (options.signal?.aborted) throw new ExcelError("Cancelled", "操作已取消");
  let restore = filter;
  let written = 0;
  for (const [n, chunk] of chunks.entries()) {
    const inPlace = Math.max(0, Math.min(chunk.length, keep - written));
    const queue = () => {
      if (n === 0) {
        // Excel refuses to insert or delete table rows under a filter (InsertDeleteConflict).
        if (filter.length) table.autoFilter.clearCriteria();
        context.application.suspendApiCalculationUntilNextSync();
        formatColumns(table, map); // text columns "@" before any text is written
        if (current > rows.length) {
          // Shrink: delete the surplus rows (keep one empty row when nothing is left: a table needs a body).
          const from = Math.max(rows.length, 1);
          if (current > from)
            table
              .getDataBodyRange()
              .getRow(from)
              .getResizedRange(current - from - 1, 0)
              .delete("Up" as Excel.DeleteShiftDirection);
          if (rows.length === 0)
            table
              .getDataBodyRange()
              .getRow(0)
              .clear("Contents" as Excel.ClearApplyTo);
        }
      }
      if (inPlace > 0)
        table
          .getDataBodyRange()
          .getCell(written, 0)
          .getResizedRange(inPlace - 1, map.width - 1).values = chunk.slice(0, inPlace) as Cell[][];
      if (chunk.length > inPlace)
        table.rows.add(
          undefined,
          chunk.slice(inPlace).map((r) => r.map((v) => v ?? "")),
        );
      if (n === chunks.length - 1) {
        // In the same request as the last rows: no extra round trip for the formats and the filter.
        formatColumns(table, map);
        for (const f of restore) table.autoFilter.apply(table.getRange(), f.column, f.criteria);
      }
    };
    queue();
    options.onProgress?.(
      `已写入 ${written + chunk.length} / ${rows.length} 行`,
      (written + chunk.length) / Math.max(1, rows.length),
    );
    try {
      await context.sync();
    } catch (e) {
      if ((e as { code?: string }).code !== "InsertDeleteConflict") throw e;
      // The clerk filtered the table meanwhile. A failed request stops at the refused operation, so the chunk is
      // queued again whole: its values are written again, its rows added once.
      restore = await liftFilter(context, table);
      queue();
      await context.sync();
    }
    written += chunk.length;
  }
}

/** The filter a clerk has just set, read and then cleared (a sync of its own): what to apply again at the end. */
async function liftFilter(context: Excel.RequestContext, table: Excel.Table): Promise<FilterState> {
  const autoFilter = table.autoFilter;
  autoFilter.load("criteria,isDataFiltered");
  await context.sync();
  const state = filterStateOf(autoFilter);
  autoFilter.clearCriteria();
  await context.sync();
  return state;
}

/** Two syncs plus one per extra 4 MB of data (and one per 5 MB read). */
export async function pullList(
  api: ApiClient,
  query: Omit<ItemQuery, "continuationToken"> = {},
  options: ListOptions = {},
): Promise<PullResult> {
  options.onProgress?.("正在读取服务器数据…", 0);
  const [items, departments] = await Promise.all([
    api.listAllItems(query, options.signal),
    api.getDepartments(options.signal),
  ]);
  const depts = new DepartmentNames(departments.value);
  return runExcel(async (context) => {
    const { map, rows: local, own, filter } = await readList(context, { filter: true });
    // Where each kept row came from, so that the clerk's own cells go with it.
    const pendingById = new Map<string, number>();
    const fresh: number[] = [];
    const pulledById = new Map<string, number>();
    local.forEach((row, i) => {
      const change = classifyRow(row);
      const id = String(row[col("id")] ?? "");
      if (change.kind === "new") fresh.push(i);
      else if (change.kind === "edited") pendingById.set(id, i);
      else if (id) pulledById.set(id, i);
    });
    const out: { row: Cell[]; from: number }[] = [];
    const seen = new Set<string>();
    const keepPending = (i: number) => {
      const kept = [...local[i]!];
      kept[col("syncState")] = pendingLabel(String(kept[col("syncState")] ?? ""));
      out.push({ row: kept, from: i });
    };
    for (const item of items) {
      seen.add(item.id);
      const mine = pendingById.get(item.id);
      if (mine !== undefined) keepPending(mine);
      else out.push({ row: itemToRow(item, out.length + 1, depts), from: pulledById.get(item.id) ?? -1 });
    }
    for (const [id, i] of pendingById) if (!seen.has(id)) out.push({ row: local[i]!, from: i });
    for (const i of fresh) keepPending(i);
    out.forEach((o, i) => (o.row[col("seq")] = i + 1));
    const blank = map.own.map(() => "" as Cell);
    // A row that stays where it was keeps its own cells untouched (formulas too); a moved row carries them.
    const cells = out.map((o, i) =>
      toCells(o.row, map, o.from === i ? null : o.from >= 0 ? own[o.from]! : i < local.length ? blank : null),
    );
    await writeRows(context, map, local.length, cells, filter, options);
    return { total: out.length, pending: pendingById.size + fresh.length, added: fresh.length };
  }, options);
}
