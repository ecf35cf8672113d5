/**
 * Single rows of the 督办清单 found by item id in a fresh read: settling a conflict, writing server items back
 * after an action taken in the pane, and the rows the workbook itself says are still pending.
 */
import type { Department } from "../../../functions/src/domain/types";
import type { ApiItem } from "../api/client";
import { toCells } from "./listColumns";
import { type Cell, classifyRow, col, DepartmentNames, editedKeys, itemToRow, LIST_TABLE } from "./listModel";
import { BudgetedWriter, formatColumns, type ListOptions, readList } from "./listTable";
import { ExcelError, runExcel } from "./run";

/**
 * Settle a conflict: "server" puts the server's version in the row; "mine" keeps the clerk's values on top of
 * the server's version, so the next push sends them knowingly.
 */
export async function resolveConflict(
  server: ApiItem,
  choice: "server" | "mine",
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<void> {
  const depts = new DepartmentNames(departments);
  await runExcel(async (context) => {
    const { map, rows } = await readList(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const i = rows.findIndex((r) => String(r[col("id")]) === server.id);
    if (i < 0) throw new ExcelError("ItemNotFound", "清单中找不到该事项，请先刷新");
    const fresh = itemToRow(server, Number(rows[i]![col("seq")]) || i + 1, depts);
    let next: Cell[] = fresh;
    if (choice === "mine") {
      // Three-way: the server's version, with the cells the clerk changed since the pull laid over it.
      const mine = rows[i]!;
      next = [...fresh];
      for (const key of editedKeys(mine)) next[col(key)] = mine[col(key)]!;
      next[col("syncState")] = "待提交（保留我的修改，将覆盖服务器版本）";
    }
    formatColumns(table, map);
    const writer = new BudgetedWriter(context);
    await writer.writeRow(table, i, toCells(next, map));
    await writer.flush();
  }, options);
}

/** Write server items into their rows after an action taken in the pane (the rows are found by id). */
export async function updateRows(
  items: readonly ApiItem[],
  departments: readonly Department[],
  options: ListOptions = {},
): Promise<number> {
  const depts = new DepartmentNames(departments);
  const byId = new Map(items.map((i) => [i.id, i]));
  return runExcel(async (context) => {
    const { map, rows } = await readList(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    formatColumns(table, map);
    const writer = new BudgetedWriter(context);
    let n = 0;
    for (const [i, row] of rows.entries()) {
      const item = byId.get(String(row[col("id")]));
      if (!item) continue;
      const fresh = itemToRow(item, Number(row[col("seq")]) || i + 1, depts);
      let next = fresh;
      if (classifyRow(row).kind === "edited") {
        // The clerk has unsent edits in this row: keep them, take the new version underneath.
        next = [...row];
        next[col("etag")] = item.etag;
        next[col("base")] = fresh[col("base")]!;
        next[col("status")] = fresh[col("status")]!;
      }
      await writer.writeRow(table, i, toCells(next, map));
      n++;
    }
    await writer.flush();
    return n;
  }, options);
}

export interface PendingRow {
  row: number;
  seq: number;
  id: string | null;
  kind: "new" | "edited" | "conflict" | "rejected" | "unsent";
  state: string;
}

/**
 * Rows still waiting for the server, read from the workbook (so they survive closing the pane): new or edited
 * rows, and rows marked 冲突 / 已拒绝 / 未发送 by the last push.
 */
export async function pendingRows(options: ListOptions = {}): Promise<PendingRow[]> {
  return runExcel(async (context) => {
    const table = context.workbook.tables.getItemOrNullObject(LIST_TABLE);
    table.load("name");
    await context.sync();
    if (table.isNullObject) return [];
    const { rows } = await readList(context);
    const out: PendingRow[] = [];
    rows.forEach((row, i) => {
      const change = classifyRow(row);
      if (change.kind === "empty" || change.kind === "unchanged") return;
      const state = String(row[col("syncState")] ?? "");
      const kind = state.startsWith("冲突")
        ? "conflict"
        : state.startsWith("已拒绝")
          ? "rejected"
          : state.startsWith("未发送")
            ? "unsent"
            : change.kind;
      out.push({
        row: i,
        seq: Number(row[col("seq")]) || i + 1,
        id: String(row[col("id")] ?? "") || null,
        kind,
        state,
      });
    });
    return out;
  }, options);
}
