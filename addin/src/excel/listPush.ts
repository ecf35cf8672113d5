/**
 * 提交更改: every row added or edited since the last pull is validated with the shared domain schemas and sent
 * with its ETag (creates with an idempotency key written to the row first, so a retry never duplicates);
 * each row is then marked in place: sent, rejected (with the reason) or in conflict (with the server's values).
 * Marks are written in rounds while sending, each in requests under the 5 MB limit, so every accepted row is
 * recorded before the next part is sent and a large paste can never end with nothing marked.
 */
import { createItemSchema, editItemSchema, validate } from "../../../functions/src/domain/validation";
import type { Status } from "../../../functions/src/domain/types";
import type { ApiClient, ApiItem, ItemInput } from "../api/client";
import { ApiError } from "../api/client";
import { toCells } from "./listColumns";
import {
  actionForStatus,
  type Cell,
  classifyRow,
  col,
  COLUMNS,
  DATE_COLUMNS,
  DepartmentNames,
  fingerprint,
  itemToRow,
  LIST_TABLE,
  rowToFields,
} from "./listModel";
import { BudgetedWriter, formatColumns, type ListOptions, readList, utf8Length } from "./listTable";
import { runExcel } from "./run";

export type RowOutcome =
  | { kind: "created" | "updated"; item: ApiItem; note?: string }
  | { kind: "rejected"; reason: string }
  | { kind: "conflict"; server: ApiItem; reason: string }
  | { kind: "unsent"; reason: string };

export interface PushResult {
  created: number;
  updated: number;
  rejected: number;
  conflicts: number;
  unsent: number;
  /** Rows whose outcome was written, by item id or idempotency key. */
  outcomes: Map<string, RowOutcome>;
}

/** Outcomes are written to the workbook once their rows add up to about this much (and at the end). */
export const MARK_ROUND_BYTES = 2 * 1024 * 1024;

const newKey = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function describeApiError(e: ApiError): string {
  const label = (path: string) => {
    const field = path.split(".")[0] ?? "";
    const column = COLUMNS.find((c) => c.field === field);
    return column ? column.header : "";
  };
  if (e.errors.length > 0)
    return e.errors
      .map((x) =>
        label(x.path) && !x.message.includes(label(x.path)) ? `${label(x.path)}：${x.message}` : x.message,
      )
      .join("；");
  return e.detail;
}

function fieldsToInput(fields: ReturnType<typeof rowToFields>["fields"]): ItemInput {
  return { ...fields };
}

export const rowRef = (row: Cell[]) => String(row[col("id")] || row[col("key")] || "");

/** The fields whose local value differs from the server's, for a conflict message. */
function conflictSummary(row: Cell[], server: ApiItem, depts: DepartmentNames): string {
  const theirs = itemToRow(server, 0, depts);
  const diffs: string[] = [];
  for (const c of COLUMNS) {
    if (!c.field && c.key !== "status") continue;
    const a = String(row[col(c.key)] ?? "").trim();
    const b = String(theirs[col(c.key)] ?? "").trim();
    if (a !== b)
      diffs.push(
        `${c.header}：${typeof theirs[col(c.key)] === "number" && DATE_COLUMNS.includes(col(c.key)) ? (server.effectiveDeadline ?? server.deadline ?? "") : b || "（空）"}`,
      );
  }
  return `冲突：服务器上已被修改（${diffs.join("；") || "版本不同"}），请在任务窗格中选择保留哪一版`;
}

const sentAt = () =>
  `已提交 ${new Date().toLocaleTimeString("zh-CN", { hour12: false, timeZone: "Asia/Shanghai" })}`;

/**
 * Write outcomes into their rows, found by id or key in a fresh read (the clerk may have sorted, filtered or
 * typed meanwhile); a row the clerk changed again since it was sent keeps the new values.
 */
async function markRows(
  outcomes: Map<string, RowOutcome>,
  sentPrints: Map<string, string>,
  depts: DepartmentNames,
  options: ListOptions,
): Promise<void> {
  if (outcomes.size === 0) return;
  await runExcel(async (context) => {
    const { map, rows } = await readList(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const writer = new BudgetedWriter(context);
    formatColumns(table, map);
    for (const [i, row] of rows.entries()) {
      const ref = rowRef(row);
      const outcome = outcomes.get(ref);
      if (!outcome) continue;
      let next: Cell[] = [...row];
      if (outcome.kind === "created" || outcome.kind === "updated") {
        const fresh = itemToRow(
          outcome.item,
          Number(row[col("seq")]) || i + 1,
          depts,
          outcome.note ?? sentAt(),
        );
        if (fingerprint(row) === sentPrints.get(ref)) next = fresh;
        else {
          // Edited again while we were sending: keep the clerk's values, adopt the new version underneath.
          next[col("id")] = outcome.item.id;
          next[col("etag")] = outcome.item.etag;
          next[col("base")] = fresh[col("base")]!;
          next[col("syncState")] = "已提交；之后又有修改，待提交";
        }
      } else if (outcome.kind === "rejected") next[col("syncState")] = `已拒绝：${outcome.reason}`;
      else if (outcome.kind === "conflict" || outcome.kind === "unsent")
        next[col("syncState")] = outcome.reason;
      await writer.writeRow(table, i, toCells(next, map));
    }
    await writer.flush();
  }, options);
}

export async function pushList(api: ApiClient, options: ListOptions = {}): Promise<PushResult> {
  const result: PushResult = {
    created: 0,
    updated: 0,
    rejected: 0,
    conflicts: 0,
    unsent: 0,
    outcomes: new Map(),
  };
  let departments: Awaited<ReturnType<ApiClient["getDepartments"]>> | null = null;
  let offline: string | null = null;
  try {
    departments = await api.getDepartments(options.signal);
  } catch (e) {
    if (!(e instanceof ApiError && (e.isNetworkError || e.status === 503))) throw e;
    offline = `未发送：${e.detail}，恢复后再点「提交更改」`;
  }
  const depts = new DepartmentNames(departments?.value ?? []);

  // 1. Read the rows; give every new row its idempotency key before anything is sent.
  const work = await runExcel(async (context) => {
    const { map, rows } = await readList(context);
    const table = context.workbook.tables.getItem(LIST_TABLE);
    const writer = new BudgetedWriter(context);
    formatColumns(table, map);
    const todo: { row: Cell[]; sentPrint: string }[] = [];
    for (const [i, row] of rows.entries()) {
      const change = classifyRow(row);
      if (change.kind !== "new" && change.kind !== "edited") continue;
      if (change.kind === "new" && !String(row[col("key")] ?? "")) {
        row[col("key")] = newKey();
        await writer.reserve(200);
        table.getDataBodyRange().getCell(i, map.at[col("key")]!).values = [[row[col("key")]!]];
      }
      todo.push({ row, sentPrint: fingerprint(row) });
    }
    await writer.flush();
    return todo;
  }, options);
  const sentPrints = new Map(work.map((w) => [rowRef(w.row), w.sentPrint]));

  // 2. Send, one row at a time in table order; stop at the first sign the server is unreachable. Outcomes are
  //    written in rounds, so what the server accepted is in the workbook before the next round is sent.
  let unreachable = offline;
  const total = work.length;
  let round = new Map<string, RowOutcome>();
  let roundBytes = 0;
  for (const [index, { row }] of work.entries()) {
    const ref = rowRef(row);
    options.onProgress?.(`正在提交第 ${index + 1} / ${total} 行…`, index / Math.max(1, total));
    if (options.signal?.aborted) unreachable ??= "已取消，未提交的行将在下次提交";
    let outcome: RowOutcome;
    if (unreachable) outcome = { kind: "unsent", reason: unreachable };
    else
      try {
        outcome = await sendRow(api, row, depts, options.signal);
      } catch (e) {
        if (!(e instanceof ApiError && (e.isNetworkError || e.status === 503))) {
          await markRows(round, sentPrints, depts, options).catch(() => undefined);
          throw e;
        }
        unreachable = `未发送：${e.detail}，恢复后再点「提交更改」`;
        outcome = { kind: "unsent", reason: unreachable };
      }
    result.outcomes.set(ref, outcome);
    round.set(ref, outcome);
    roundBytes += utf8Length(JSON.stringify(row)) + 600;
    if (roundBytes >= MARK_ROUND_BYTES) {
      await markRows(round, sentPrints, depts, options);
      round = new Map();
      roundBytes = 0;
    }
  }
  await markRows(round, sentPrints, depts, options);

  for (const o of result.outcomes.values()) {
    if (o.kind === "created") result.created++;
    else if (o.kind === "updated") result.updated++;
    else if (o.kind === "rejected") result.rejected++;
    else if (o.kind === "conflict") result.conflicts++;
    else result.unsent++;
  }
  options.onProgress?.("提交完成", 1);
  return result;
}

async function sendRow(
  api: ApiClient,
  row: Cell[],
  depts: DepartmentNames,
  signal?: AbortSignal,
): Promise<RowOutcome> {
  const change = classifyRow(row);
  const { fields, issues } = rowToFields(row, depts);
  if (change.kind === "new") {
    if (issues.length) return { kind: "rejected", reason: issues.map((x) => x.message).join("；") };
    const v = validate(createItemSchema, fieldsToInput(fields));
    if (!v.ok) return { kind: "rejected", reason: v.errors.map((x) => x.message).join("；") };
    try {
      const item = await api.createItem(fieldsToInput(fields), String(row[col("key")]), signal);
      return { kind: "created", item };
    } catch (e) {
      if (e instanceof ApiError && !e.isNetworkError && e.status !== 503)
        return { kind: "rejected", reason: describeApiError(e) };
      throw e;
    }
  }
  if (change.kind !== "edited") throw new Error("unreachable");
  const id = String(row[col("id")]);
  let etag = String(row[col("etag")]);
  const relevant = issues.filter((x) =>
    change.changedFields.some((f) => COLUMNS.find((c) => c.field === f)?.header === x.column),
  );
  if (relevant.length) return { kind: "rejected", reason: relevant.map((x) => x.message).join("；") };
  const patch: Partial<ItemInput> = {};
  for (const f of change.changedFields) (patch as Record<string, unknown>)[f] = fields[f];
  let item: ApiItem | null = null;
  try {
    if (change.changedFields.length > 0) {
      const v = validate(editItemSchema, patch);
      if (!v.ok) return { kind: "rejected", reason: v.errors.map((x) => x.message).join("；") };
      item = await api.editItem(id, patch, etag, signal);
      etag = item.etag;
    }
    if (change.statusTo !== change.statusFrom) {
      const plan = actionForStatus(change.statusFrom, change.statusTo);
      if ("explain" in plan) {
        const reason = `状态未变更：${plan.explain}`;
        return item ? { kind: "updated", item, note: `已提交修改；${reason}` } : { kind: "rejected", reason };
      }
      item = await api.runAction(id, plan.action, {}, etag, signal);
    }
    if (!item) item = await api.getItem(id, signal);
    return { kind: "updated", item };
  } catch (e) {
    if (!(e instanceof ApiError) || e.isNetworkError || e.status === 503) throw e;
    if (e.status === 412) {
      const server = await api.getItem(id, signal);
      // A retried edit whose first attempt had landed: the server already holds exactly these values.
      const same = change.changedFields.every(
        (f) => JSON.stringify(server[f] ?? null) === JSON.stringify(fields[f] ?? null),
      );
      const statusDone =
        change.statusTo === null ||
        change.statusTo === change.statusFrom ||
        server.status === (change.statusTo as Status);
      if (same && statusDone) return { kind: "updated", item: server };
      return { kind: "conflict", server, reason: conflictSummary(row, server, depts) };
    }
    return item
      ? { kind: "updated", item, note: `已提交修改；状态未变更：${describeApiError(e)}` }
      : { kind: "rejected", reason: describeApiError(e) };
  }
}
