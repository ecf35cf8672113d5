// 导入现有台账 in the 清单 tab: the section's reducer and steps as plain functions over a scripted workbook, and
// the view as rendered (the columns with their proposed fields, 检查 and 导入, progress with 取消).
import { describe, expect, it } from "vitest";
import { ImportView } from "../../addin/src/components/list/ImportSection";
import {
  checkRows,
  importReducer,
  importRows,
  initialImportState,
  loadSources,
  pickSource,
  type ImportDeps,
  type ImportEvent,
  type ImportState,
} from "../../addin/src/components/list/importModel";
import type {
  LedgerCheck,
  LedgerData,
  LedgerImport,
  LedgerSource,
  LedgerWorkbook,
} from "../../addin/src/components/common/workbook";
import { proposeMapping } from "../../addin/src/excel/ledgerMapping";
import { anItem, DEPARTMENTS, fakeApi, noop, text } from "../support/pane-fixtures";
import { excelFailure } from "../support/pane-harness";

const SOURCE: LedgerSource = { kind: "sheet", name: "台账", sheet: "台账" };
const HEADERS = ["序号", "督办事项", "责任部门", "完成时限"];
const DATA: LedgerData = {
  source: SOURCE,
  headers: HEADERS,
  rows: [[1, "修订作业指导书", "技术部", 46387]],
  rowIndexes: [2],
  headerRowIndex: 1,
  firstColumn: 0,
  resultColumn: 4,
  results: [""],
  proposal: proposeMapping(HEADERS),
};
const CHECK: LedgerCheck = { data: DATA, results: [], keys: [], ready: 8, refused: 2, done: 0, blank: 0 };

function scriptedLedger(overrides: Partial<LedgerWorkbook> = {}): LedgerWorkbook & { seen: unknown[][] } {
  const seen: unknown[][] = [];
  return {
    seen,
    listLedgerSources: async () => [SOURCE, { kind: "table", name: "Table1", sheet: "Sheet2" }],
    readLedger: async () => DATA,
    checkLedger: async (...args) => (seen.push(args), CHECK),
    importLedger: async (...args) => {
      seen.push(args);
      args[4]?.onProgress?.("正在导入 5 / 8 行…", 5 / 8);
      return { ...CHECK, created: [anItem(), anItem()], cancelled: false } satisfies LedgerImport;
    },
    ...overrides,
  };
}

function collect() {
  let state = initialImportState();
  const events: ImportEvent[] = [];
  return {
    events,
    dispatch: (e: ImportEvent) => {
      events.push(e);
      state = importReducer(state, e);
    },
    get state(): ImportState {
      return state;
    },
  };
}

const deps = (ledger: LedgerWorkbook): ImportDeps => ({
  ledger,
  api: fakeApi({}),
  departments: async () => DEPARTMENTS,
});

describe("导入现有台账（窗格）", () => {
  it("选择台账后按表头建议字段，可调整；一个字段只对应一列", async () => {
    const c = collect();
    const d = deps(scriptedLedger());
    await loadSources(d, c.dispatch);
    expect(c.state.sources).toHaveLength(2);
    await pickSource(d, SOURCE, c.dispatch);
    expect(c.state.mapping).toEqual([null, "content", "leadDept", "deadline"]);
    c.dispatch({ type: "mapped", column: 0, field: "content" });
    expect(c.state.mapping).toEqual(["content", null, "leadDept", "deadline"]);
  });

  it("检查：说明可导入和不能导入的行数，原因在台账的「导入结果」列", async () => {
    const c = collect();
    const ledger = scriptedLedger();
    await pickSource(deps(ledger), SOURCE, c.dispatch);
    await checkRows(deps(ledger), c.state, c.dispatch);
    expect(ledger.seen[0]![1]).toEqual(c.state.mapping);
    expect(c.state.summary?.lines.join("")).toContain("可导入 8 行，不能导入 2 行");
    expect(c.state.summary?.lines.join("")).toContain("导入结果");
  });

  it("导入：进度条、完成后的说明；取消不是错误", async () => {
    const c = collect();
    const ledger = scriptedLedger();
    await pickSource(deps(ledger), SOURCE, c.dispatch);
    await importRows(deps(ledger), c.state, c.dispatch);
    expect(c.events.some((e) => e.type === "progress" && e.fraction === 5 / 8)).toBe(true);
    expect(c.state.summary?.title).toBe("导入完成");
    expect(c.state.summary?.lines[0]).toContain("已导入 2 行");
    const cancelled = collect();
    const stopping = scriptedLedger({
      importLedger: async () => Promise.reject(Object.assign(new Error("aborted"), { name: "AbortError" })),
    });
    await pickSource(deps(stopping), SOURCE, cancelled.dispatch);
    await importRows(deps(stopping), cancelled.state, cancelled.dispatch);
    expect(cancelled.state.error).toBeNull();
    expect(cancelled.state.progress).toBeNull();
  });

  it("Excel 出错时显示中文原因", async () => {
    const c = collect();
    const broken = scriptedLedger({
      readLedger: async () =>
        Promise.reject(excelFailure("InvalidOperation", "「台账」是空的，没有可导入的行")),
    });
    await pickSource(deps(broken), SOURCE, c.dispatch);
    expect(c.state.error?.detail).toBe("「台账」是空的，没有可导入的行");
  });

  it("显示每一列及其字段、检查和导入；缺少牵头部门时说明且不能导入", async () => {
    const c = collect();
    const d = deps(scriptedLedger());
    await loadSources(d, c.dispatch);
    await pickSource(d, SOURCE, c.dispatch);
    const props = {
      disabled: false,
      onPick: noop,
      onMap: noop,
      onCheck: noop,
      onImport: noop,
      onCancel: noop,
      onClose: noop,
    };
    const shown = text(<ImportView state={c.state} {...props} />);
    for (const label of [
      "导入现有台账",
      "工作表 台账",
      "表格 Table1（Sheet2）",
      "督办事项",
      "责任部门",
      "检查",
      "导入",
      "如：修订作业指导书",
      "如：2026-12-31",
    ])
      expect(shown).toContain(label);
    c.dispatch({ type: "mapped", column: 2, field: null });
    expect(text(<ImportView state={c.state} {...props} />)).toContain("请指定「牵头部门」对应的列");
  });
});
