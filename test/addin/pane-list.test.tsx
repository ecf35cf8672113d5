// 清单: refresh with filters, push with a per-row outcome, conflicts settled by the clerk, cancellation, and
// unsent rows sent again once the server is back — reducers and controllers as plain functions.
import { describe, expect, it } from "vitest";
import { ConflictList } from "../../addin/src/components/list/ConflictList";
import * as controller from "../../addin/src/components/list/listController";
import {
  DEFAULT_FILTERS,
  initialListState,
  listReducer,
  pushSummary,
  queryFromFilters,
  type ListEvent,
  type ListState,
} from "../../addin/src/components/list/listState";
import { loadUnsent, saveUnsent, UNSENT_KEY } from "../../addin/src/components/list/pendingStore";
import type { PushResult } from "../../addin/src/components/common/workbook";
import {
  excelFailure,
  expectAllShown,
  listPanel,
  liveSignal,
  memoryStorage,
  scriptedPane,
  unreachable,
} from "../support/pane-harness";
import { anItem, DEPARTMENTS, emptyPush, noop, text } from "../support/pane-fixtures";

function collect() {
  const events: ListEvent[] = [];
  let state = initialListState();
  return {
    events,
    dispatch: (e: ListEvent) => {
      events.push(e);
      state = listReducer(state, e);
    },
    get state() {
      return state;
    },
  };
}

const server = anItem({ id: "x1", content: "服务器上的内容", etag: "e9", status: "in_progress" });

function pushResult(partial: Partial<PushResult>): PushResult {
  return { ...emptyPush(), ...partial };
}

const conflictPush = pushResult({
  updated: 1,
  conflicts: 1,
  outcomes: new Map([
    ["ok1", { kind: "updated", item: anItem({ id: "ok1" }) }],
    ["x1", { kind: "conflict", server, reason: "冲突：服务器上已被修改（督办事项内容：服务器上的内容）" }],
  ]),
});

describe("刷新的筛选条件", () => {
  const identity = { id: "u", name: "安全部 赵", roles: ["dept:safety" as const, "dept:ops" as const] };

  it("年度、状态、部门、仅超期转换为查询参数；全部时不带", () => {
    expect(queryFromFilters(DEFAULT_FILTERS, null)).toEqual({});
    expect(
      queryFromFilters(
        { year: "2026", status: "in_progress", dept: "ops", mine: false, overdue: true },
        null,
      ),
    ).toEqual({ year: 2026, status: "in_progress", dept: "ops", overdue: true });
  });

  it("只看本部门：使用身份的部门角色，忽略部门下拉", () => {
    expect(queryFromFilters({ ...DEFAULT_FILTERS, dept: "ops", mine: true }, identity)).toEqual({
      dept: "safety",
    });
    expect(queryFromFilters({ ...DEFAULT_FILTERS, mine: true }, null)).toEqual({});
  });

  it("刷新把筛选条件和 signal 交给工作簿，完成后报告待提交的行", async () => {
    const { calls, api, deps } = scriptedPane({
      excel: { pullList: async () => ({ total: 12, pending: 2, added: 1 }) },
    });
    const run = collect();
    const signal = liveSignal();
    await controller.pullList(deps, { ...DEFAULT_FILTERS, year: "2026" }, null, run.dispatch, signal);
    expect(calls[0]!.args[0]).toBe(api);
    expect(calls[0]!.args[1]).toEqual({ year: 2026 });
    expect(calls[0]!.args[2]).toMatchObject({ signal });
    expect(run.state.progress).toBeNull();
    expect(run.state.summary).toEqual({
      intent: "warning",
      title: "已刷新",
      lines: ["清单共 12 行。", "其中 2 行有尚未提交的本地修改（含新增 1 行），已保留并标为待提交。"],
    });
  });
});

describe("进度与取消", () => {
  it("进度消息和比例显示在进度条上，取消后显示已取消", async () => {
    const abort = new AbortController();
    const { deps } = scriptedPane({
      excel: {
        pullList: async (_api, _q, options) => {
          options?.onProgress?.("已写入 50 / 100 行", 0.5);
          expect(run.state.progress).toEqual({ task: "pull", message: "已写入 50 / 100 行", fraction: 0.5 });
          abort.abort();
          throw excelFailure("Cancelled", "操作已取消");
        },
      },
    });
    const run = collect();
    await controller.pullList(deps, DEFAULT_FILTERS, null, run.dispatch, abort.signal);
    expect(run.state.progress).toBeNull();
    expect(run.state.error).toBeNull();
    expect(run.state.summary?.title).toBe("已取消刷新");
  });

  it("Excel 的错误以中文显示（ExcelError.message）", async () => {
    const { deps } = scriptedPane({
      excel: {
        initialiseList: async () =>
          Promise.reject(
            excelFailure("InvalidOperation", "工作表「督办清单」已有其他内容，请先改名或清空后再初始化"),
          ),
      },
    });
    const run = collect();
    await controller.initialiseList(deps, run.dispatch, liveSignal());
    expect(run.state.error).toMatchObject({
      title: "初始化清单失败",
      detail: "工作表「督办清单」已有其他内容，请先改名或清空后再初始化",
    });
  });

  it("初始化清单带上部门（用于下拉列表）", async () => {
    const { calls, deps } = scriptedPane({
      excel: { initialiseList: async () => ({ created: true, adopted: false }) },
    });
    const run = collect();
    await controller.initialiseList(deps, run.dispatch, liveSignal());
    expect(calls[0]!.args[0]).toEqual(DEPARTMENTS);
    expect(run.state.summary?.title).toBe("已创建督办清单");
  });

  it("初始化清单修复了被改名或删除的列时，说明恢复了哪些列、自建列不受影响", async () => {
    const { deps } = scriptedPane({
      excel: {
        initialiseList: async () => ({ created: false, adopted: false, repaired: ["责任人", "分管领导"] }),
      },
    });
    const run = collect();
    await controller.initialiseList(deps, run.dispatch, liveSignal());
    expect(run.state.summary?.title).toBe("督办清单已修复");
    expect(run.state.summary?.lines[0]).toMatch(/责任人、分管领导/);
  });

  it("任务进行中不再接受另一个任务", () => {
    const running = listReducer(initialListState(), { type: "started", task: "push" });
    expect(listReducer(running, { type: "started", task: "pull" })).toBe(running);
  });
});

describe("提交更改", () => {
  it("汇总：发送、拒绝、冲突、未发送各自说明", () => {
    expect(pushSummary(emptyPush()).title).toBe("没有需要提交的更改");
    expect(pushSummary(pushResult({ created: 2, updated: 1 }))).toEqual({
      intent: "success",
      title: "已全部提交",
      lines: ["新建 2 行，更新 1 行。"],
    });
    const mixed = pushSummary(pushResult({ created: 1, rejected: 2, conflicts: 1, unsent: 3 }));
    expect(mixed.intent).toBe("warning");
    expect(mixed.lines).toEqual([
      "新建 1 行，更新 0 行。",
      "2 行被拒绝，原因已写在该行的「提交状态」列。",
      "1 行与服务器上的新版本冲突，请在下方逐行选择保留哪一版。",
      "3 行未发送，服务器恢复后将自动提交（每行只提交一次）。",
    ]);
  });

  it("冲突的行列出服务器版本，每行两个选择", async () => {
    const run = collect();
    const { deps } = scriptedPane({ excel: { pushList: async () => conflictPush } });
    await controller.pushList(deps, run.dispatch, liveSignal());
    expect(run.state.conflicts).toEqual([
      {
        id: "x1",
        content: "服务器上的内容",
        reason: "冲突：服务器上已被修改（督办事项内容：服务器上的内容）",
        server,
        resolving: null,
        error: null,
      },
    ]);
    const shown = text(<ConflictList conflicts={run.state.conflicts} onResolve={noop} />);
    expect(shown).toContain("冲突（1 行）");
    expect(shown).toContain("服务器版本：办理中");
    expect(shown).toContain("采用服务器版本");
    expect(shown).toContain("保留我的修改");
  });

  it("再次提交：已发送成功的行从冲突列表中移除", () => {
    let state = listReducer(listReducer(initialListState(), { type: "started", task: "push" }), {
      type: "pushed",
      result: conflictPush,
    });
    state = listReducer(listReducer(state, { type: "started", task: "push" }), {
      type: "pushed",
      result: pushResult({ updated: 1, outcomes: new Map([["x1", { kind: "updated", item: server }]]) }),
    });
    expect(state.conflicts).toEqual([]);
  });
});

describe("冲突的选择", () => {
  it.each(["server", "mine"] as const)(
    "选择 %s：重新读取服务器版本，再以该选择调用 resolveConflict",
    async (choice) => {
      const newer = { ...server, etag: "e10" };
      const { calls, deps } = scriptedPane({
        api: { getItem: async () => newer },
        excel: { resolveConflict: async () => undefined },
      });
      let state: ListState = listReducer(initialListState(), { type: "started", task: "push" });
      state = listReducer(state, { type: "pushed", result: conflictPush });
      const dispatch = (e: ListEvent) => (state = listReducer(state, e));
      const ok = await controller.resolveConflict(deps, { id: "x1" }, choice, dispatch);
      expect(ok).toBe(true);
      expect(calls.map((c) => c.name)).toEqual(["getItem", "resolveConflict"]);
      expect(calls[0]!.args[0]).toBe("x1");
      expect(calls[1]!.args.slice(0, 3)).toEqual([newer, choice, DEPARTMENTS]);
      expect(state.conflicts).toEqual([]);
      expect(state.summary?.title).toBe(choice === "server" ? "已采用服务器版本" : "已保留我的修改");
    },
  );

  it("失败时保留该行并显示原因", async () => {
    const { deps } = scriptedPane({ api: { getItem: async () => Promise.reject(unreachable()) } });
    let state: ListState = listReducer(listReducer(initialListState(), { type: "started", task: "push" }), {
      type: "pushed",
      result: conflictPush,
    });
    const dispatch = (e: ListEvent) => (state = listReducer(state, e));
    expect(await controller.resolveConflict(deps, { id: "x1" }, "server", dispatch)).toBe(false);
    expect(state.conflicts[0]).toMatchObject({
      resolving: null,
      error: { title: "处理冲突失败", offline: true },
    });
  });
});

describe("断网时的本地修改", () => {
  it("未发送的行计数；服务器恢复且空闲时才自动提交", () => {
    const state = listReducer(listReducer(initialListState(), { type: "started", task: "push" }), {
      type: "pushed",
      result: pushResult({ created: 1, unsent: 4 }),
    });
    expect(state.unsent).toBe(4);
    expect(controller.shouldResend(4, true, false)).toBe(true);
    expect(controller.shouldResend(4, false, false)).toBe(false);
    expect(controller.shouldResend(4, true, true)).toBe(false);
    expect(controller.shouldResend(0, true, false)).toBe(false);
  });

  it("提交时服务器无法连接：记为待发送；其他失败不自动重发", () => {
    const offline = { title: "", detail: "", fields: [], stale: false, offline: true, status: 0 };
    const pushing = listReducer(initialListState(), { type: "started", task: "push" });
    expect(listReducer(pushing, { type: "failed", error: offline }).unsent).toBe(1);
    expect(
      listReducer(pushing, { type: "failed", error: { ...offline, offline: false, status: 401 } }).unsent,
    ).toBe(0);
  });

  it("未发送的行数在关闭任务窗格后仍保留（localStorage）", () => {
    const storage = memoryStorage();
    const { values } = storage;
    expect(loadUnsent(storage)).toBe(0);
    saveUnsent(3, storage);
    expect(values.get(UNSENT_KEY)).toBe("3");
    expect(loadUnsent(storage)).toBe(3);
    expect(initialListState(loadUnsent(storage)).unsent).toBe(3);
    values.set(UNSENT_KEY, "oops");
    expect(loadUnsent(storage)).toBe(0);
    expect(loadUnsent(null)).toBe(0);
  });

  it("离线时按钮不可用，并说明修改不会丢失", () => {
    const shown = text(listPanel({ ...initialListState(), unsent: 2 }, { offline: true }));
    expect(shown).toContain("服务器暂时无法连接");
    expect(shown).toContain("自动提交，每行只提交一次");
  });
});

describe("清单页", () => {
  it("筛选、三个按钮、进度条和取消", () => {
    const state = listReducer(listReducer(initialListState(), { type: "started", task: "push" }), {
      type: "progress",
      message: "正在提交第 3 / 10 行…",
      fraction: 0.2,
    });
    const shown = text(listPanel(state));
    expectAllShown(shown, [
      "年度",
      "状态",
      "牵头部门",
      "安全部",
      "只看本部门",
      "仅超期",
      "刷新",
      "提交更改",
      "初始化清单",
    ]);
    expect(shown).toContain("正在提交第 3 / 10 行…");
    expect(shown).toContain("取消");
  });
});
