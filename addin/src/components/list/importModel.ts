// 导入现有台账 in the pane: the state of the section (reducer) and its steps as plain functions over the
// workbook's ledger operations, so they are tested without rendering or Excel.
import type { ApiClient } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import { parseLedgerDate, type LedgerField, type LedgerMapping } from "../../excel/ledgerFields";
import { describeError, isCancellation, type PaneError } from "../common/errors";
import type { Summary } from "./listState";
import type { LedgerCheck, LedgerData, LedgerImport, LedgerSource, LedgerWorkbook } from "../common/workbook";

export interface ImportState {
  sources: LedgerSource[] | null;
  source: LedgerSource | null;
  /** The picked ledger's header cells and its first row (shown beside each column's choice). */
  headers: string[];
  sample: string[];
  rowCount: number;
  mapping: LedgerMapping;
  progress: { message: string; fraction: number | null } | null;
  summary: Summary | null;
  error: PaneError | null;
}

export const initialImportState = (): ImportState => ({
  sources: null,
  source: null,
  headers: [],
  sample: [],
  rowCount: 0,
  mapping: [],
  progress: null,
  summary: null,
  error: null,
});

export type ImportEvent =
  | { type: "started"; message: string }
  | { type: "progress"; message: string; fraction: number }
  | { type: "sources"; sources: LedgerSource[] }
  | { type: "read"; data: LedgerData }
  | { type: "mapped"; column: number; field: LedgerField | null }
  | { type: "checked"; check: LedgerCheck }
  | { type: "imported"; result: LedgerImport }
  | { type: "failed"; error: PaneError }
  | { type: "cancelled" };

const cellText = (v: unknown) => (v === null || v === undefined ? "" : String(v));

export function checkSummary(c: LedgerCheck): Summary {
  const lines = [`可导入 ${c.ready} 行，不能导入 ${c.refused} 行。`];
  if (c.done) lines.push(`${c.done} 行此前已导入，不会重复导入。`);
  if (c.refused) lines.push("每一行不能导入的原因已写在台账的「导入结果」列，改正后可再次检查。");
  return { intent: c.refused ? "warning" : "success", title: "检查完成（未创建事项）", lines };
}

export function importSummary(r: LedgerImport): Summary {
  const lines = [`已导入 ${r.created.length} 行，登记为拟办事项，刷新清单即可看到。`];
  if (r.refused) lines.push(`${r.refused} 行不能导入，原因见台账的「导入结果」列。`);
  if (r.done) lines.push(`${r.done} 行此前已导入，已跳过。`);
  if (r.cancelled) lines.push("已取消：已导入的行已标记，再次导入将从未导入的行继续，不会重复。");
  return {
    intent: r.cancelled || r.refused ? "warning" : "success",
    title: r.cancelled ? "导入已取消" : "导入完成",
    lines,
  };
}

export function importReducer(state: ImportState, e: ImportEvent): ImportState {
  switch (e.type) {
    case "started":
      return { ...state, progress: { message: e.message, fraction: null }, summary: null, error: null };
    case "progress":
      return { ...state, progress: { message: e.message, fraction: e.fraction } };
    case "sources":
      return { ...state, sources: e.sources, progress: null };
    case "read":
      return {
        ...state,
        source: e.data.source,
        headers: e.data.headers.map(cellText),
        // A date typed in the ledger reads back as Excel's serial: show it as the date it is.
        sample: (e.data.rows[0] ?? []).map((v, c) =>
          e.data.proposal[c] === "deadline" && typeof v === "number"
            ? String(parseLedgerDate(v))
            : cellText(v),
        ),
        rowCount: e.data.rows.length,
        mapping: [...e.data.proposal],
        progress: null,
      };
    case "mapped": {
      const mapping = [...state.mapping];
      // A field maps to one column: choosing it here frees the column that had it (备注 may repeat).
      if (e.field && e.field !== "note")
        mapping.forEach((f, i) => {
          if (f === e.field) mapping[i] = null;
        });
      mapping[e.column] = e.field;
      return { ...state, mapping, summary: null };
    }
    case "checked":
      return { ...state, progress: null, summary: checkSummary(e.check) };
    case "imported":
      return { ...state, progress: null, summary: importSummary(e.result) };
    case "failed":
      return { ...state, progress: null, error: e.error };
    case "cancelled":
      return { ...state, progress: null };
  }
}

export interface ImportDeps {
  ledger: LedgerWorkbook;
  api: ApiClient;
  departments: (signal?: AbortSignal) => Promise<Department[]>;
}

type Dispatch = (e: ImportEvent) => void;

async function step(dispatch: Dispatch, message: string, title: string, work: () => Promise<ImportEvent>) {
  dispatch({ type: "started", message });
  try {
    dispatch(await work());
  } catch (error) {
    dispatch(
      isCancellation(error) ? { type: "cancelled" } : { type: "failed", error: describeError(error, title) },
    );
  }
}

/** 导入现有台账 opened: the sheets and tables to pick from. */
export const loadSources = (deps: ImportDeps, dispatch: Dispatch, signal?: AbortSignal) =>
  step(dispatch, "正在读取工作表…", "无法读取工作表", async () => ({
    type: "sources",
    sources: await deps.ledger.listLedgerSources({ ...(signal ? { signal } : {}) }),
  }));

/** A sheet or table picked: its headers and the proposed mapping. */
export const pickSource = (
  deps: ImportDeps,
  source: LedgerSource,
  dispatch: Dispatch,
  signal?: AbortSignal,
) =>
  step(dispatch, "正在读取台账…", "无法读取台账", async () => ({
    type: "read",
    data: await deps.ledger.readLedger(source, { ...(signal ? { signal } : {}) }),
  }));

/** 检查: every row marked in the sheet, nothing created. */
export const checkRows = (deps: ImportDeps, state: ImportState, dispatch: Dispatch, signal?: AbortSignal) =>
  step(dispatch, "正在检查每一行…", "检查失败", async () => {
    const departments = await deps.departments(signal);
    return {
      type: "checked",
      check: await deps.ledger.checkLedger(state.source!, state.mapping, departments, {
        ...(signal ? { signal } : {}),
      }),
    };
  });

/** 导入: items created with one key per row; progress as the server accepts them. */
export const importRows = (deps: ImportDeps, state: ImportState, dispatch: Dispatch, signal?: AbortSignal) =>
  step(dispatch, "正在准备导入…", "导入中断", async () => {
    const departments = await deps.departments(signal);
    return {
      type: "imported",
      result: await deps.ledger.importLedger(deps.api, state.source!, state.mapping, departments, {
        ...(signal ? { signal } : {}),
        onProgress: (message, fraction) => dispatch({ type: "progress", message, fraction }),
      }),
    };
  });
